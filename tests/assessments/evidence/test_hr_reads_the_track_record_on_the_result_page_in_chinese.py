"""HR reading a result in Chinese sees the label's track record on the result page in
Chinese: its heading, the retest sentence and the outcome sentence, with no English
left in it; the same page in English reads in English."""

import pytest
from django.conf import settings
from django.urls import reverse

from .conftest import an_execution_result, track_record_in


def _sentence(client, result, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html, sentence = track_record_in(
        client.get(reverse("assessments:review_result", args=[result.pk])), "</dd>")
    heading = html.split("data-track-record", 1)[0].rsplit("<dt", 1)[1]
    return heading, sentence


def test_without_outcome_evidence(evidence_world, hr, client_for):
    world = evidence_world(n=30)   # too few rated people for a verdict
    client = client_for(hr)
    result = an_execution_result(world)

    heading, chinese = _sentence(client, result, "zh-hans")
    assert "此角色类型背后的证据" in heading
    assert "再次参加测评" in chinese and "再次得到该类型" in chinese
    assert "尚未在本组织中对照工作结果进行检验。" in chinese
    assert "assessed again" not in chinese and "outcomes" not in chinese

    heading, english = _sentence(client, result, "en")
    assert "Evidence behind this family" in heading
    assert "assessed again" in english
    assert "It has not yet been tested against outcomes in this organisation." in english


@pytest.mark.parametrize(("effect", "words"), [(0.6, "表现更好"), (-0.6, "表现更差")])
def test_with_outcome_evidence_it_names_the_criterion_and_the_direction(
        evidence_world, hr, client_for, settings, effect, words):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=effect, seed=5)
    _heading, chinese = _sentence(client_for(hr), an_execution_result(world), "zh-hans")
    assert "对照本组织的工作结果：" in chinese and "“绩效 ops”" in chinese
    assert words in chinese
    assert "did better" not in chinese and "did worse" not in chinese
