"""Staff pages name each validity screen a result met in words, in the page's language,
not by the code the engine stores."""

from django.utils import translation

from assessments import scoring
from assessments.models import Result
from assessments.templatetags.assessment_labels import flag_label


def test_every_screen_the_engine_can_flag_has_a_label():
    assert set(Result.FLAG_LABELS) == set(scoring.FLAG_NAMES)
    for flag in scoring.FLAG_NAMES:
        assert str(flag_label(flag)) != flag


def test_the_labels_are_translated_into_chinese():
    with translation.override("en"):
        english = {flag: str(Result.flag_label(flag)) for flag in scoring.FLAG_NAMES}
    with translation.override("zh-hans"):
        chinese = {flag: str(Result.flag_label(flag)) for flag in scoring.FLAG_NAMES}
    assert all(chinese[flag] != english[flag] for flag in scoring.FLAG_NAMES)


def test_an_unknown_code_is_shown_as_it_is():
    assert flag_label("new_screen") == "new_screen"
