"""Lists in a sentence (validity flags, an audience's departments) are joined as each
language writes them: "a, b" in English, "甲、乙" in Chinese, never an English comma in a
Chinese sentence."""

from django.template import Context, Template
from django.utils import translation


def render(items, language):
    with translation.override(language):
        return Template("{% load assessment_labels %}{{ items|list_in_words }}").render(
            Context({"items": items}))


def test_english_joins_with_a_comma_and_chinese_with_an_enumeration_comma():
    assert render(["Answered too fast", "Same answer throughout"], "en") == (
        "Answered too fast, Same answer throughout")
    assert render(["作答过快", "始终同一答案"], "zh-hans") == "作答过快、始终同一答案"
    assert render([], "zh-hans") == ""
