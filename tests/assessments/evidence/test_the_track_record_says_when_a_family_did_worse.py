"""When the outcomes show that people with a family did worse on the criterion rating
that family's work, the label's track record says "did worse", in English and in
Chinese; it never reads such a difference as "did better" or as "no difference". The
criterion's page says in words that such evidence goes against the label."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from assessments.reports import evidence


@pytest.mark.parametrize(("language", "worse", "better", "none"), [
    ("en", "people with this family did worse, by about", "did better",
     "no difference was found"),
    ("zh-hans", "此角色类型的人表现更差", "表现更好", "未发现差异"),
])
def test_a_family_rated_worse_on_its_own_work_is_said_to_have_done_worse(
        evidence_world, settings, language, worse, better, none):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    # The criterion rates execution work, but people strong on the execution trait are
    # rated lower: precise execution did worse than high compression.
    world = evidence_world(n=160, effect=-0.6, seed=5)
    report = evidence.criterion_evidence(world["criterion"])
    found = report["banks"][0]["found"]
    assert found.verdict == evidence.evidence.DIFFERENCE and found.difference < 0

    with translation.override(language):
        sentence = evidence.track_record(world["version"], "execution")

    assert worse in sentence
    assert better not in sentence and none not in sentence
    assert f"{abs(found.difference):.2g}" in sentence


def test_a_family_rated_better_on_its_own_work_is_said_to_have_done_better(
        evidence_world, settings):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=0.6, seed=5)
    sentence = evidence.track_record(world["version"], "execution")
    assert "people with this family did better, by about" in sentence
    assert "did worse" not in sentence


@pytest.mark.parametrize(("language", "words"), [
    ("en", "That is the opposite of what the label claims: people in precise execution, "
           "whose work this criterion rates, did worse."),
    ("zh-hans", "这与该标签的主张相反"),
])
def test_the_criterion_page_says_the_evidence_goes_against_the_label(
        evidence_world, settings, hr, client_for, language, words):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=-0.6, seed=5)
    client = client_for(hr)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("assessments:criterion_evidence",
                              args=[world["criterion"].pk])).content.decode()
    assert 'data-verdict="difference"' in page and words in page


def test_a_difference_in_the_labels_favour_carries_no_such_words(evidence_world, settings,
                                                                 hr, client_for):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=0.6, seed=5)
    page = client_for(hr).get(reverse("assessments:criterion_evidence",
                                      args=[world["criterion"].pk])).content.decode()
    assert 'data-verdict="difference"' in page and "opposite of what the label" not in page
