"""Each validity screen the engine can raise has its own plain, kind sentence in both
languages (none falls back to the generic one, none blames)."""

import pytest
from django.utils import translation

from assessments.reports.person_report import flag_sentence
from assessments.scoring import FLAG_NAMES

GENERIC = "One of the checks on how the questionnaire was filled in was met."
BLAMING = ("careless", "cheat", "lazy", "dishonest", "fake", "wrong answers", "by chance",
           "random")


@pytest.mark.parametrize("flag", FLAG_NAMES)
def test_each_flag_has_its_own_sentence(flag):
    with translation.override("en"):
        sentence = flag_sentence(flag)
    assert sentence != GENERIC
    assert not any(word in sentence.lower() for word in BLAMING)
    with translation.override("zh-hans"):
        chinese = flag_sentence(flag)
    assert chinese != sentence and chinese.endswith("。")


def test_the_sentences_differ_from_each_other():
    with translation.override("en"):
        assert len({flag_sentence(flag) for flag in FLAG_NAMES}) == len(FLAG_NAMES)


def test_an_unknown_flag_gets_the_generic_sentence():
    with translation.override("en"):
        assert flag_sentence("something_new") == GENERIC
