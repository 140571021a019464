"""When a criterion behind a label's track record is rated only for people placed in
such a role, the one sentence on the person's report and HR's result page says that
the comparison left everyone else out (range restriction), in both languages; a
criterion rated for everyone carries no such words."""

import pytest
from django.utils import translation

from assessments.reports import evidence

WORDS = {
    "en": "only people placed in such a role are rated on it, so everyone else is left "
          "out of the comparison",
    "zh-hans": "只有被安排在此类岗位上的人才会按此标准评分，其他人不在比较之中",
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_criterion_rated_only_in_role_says_so_in_the_track_record(
        evidence_world, settings, language):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=0.6, seed=5, placed_only=True)
    with translation.override(language):
        sentence = evidence.track_record(world["version"], "execution")
    assert WORDS[language] in sentence


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_criterion_rated_for_everyone_says_nothing_of_the_kind(
        evidence_world, settings, language):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=0.6, seed=5)
    with translation.override(language):
        sentence = evidence.track_record(world["version"], "execution")
    assert sentence and WORDS[language] not in sentence
