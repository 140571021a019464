"""Names kept in English and Chinese, shown in the page's language.

Departments, positions and campaigns have an English name (required; what the org file,
the commands and the API key on) and an optional Chinese one in a second column. Bank
texts are JSON keyed by language instead (assessments/models/banks.py), because every
published text must exist in both; these names come from HR's own systems, where the
Chinese one is often missing. Both pick the same way: the page's language first, then
the other one, so a name is never blank while either language has it.
"""

from django.conf import settings
from django.utils.translation import get_language


def is_chinese(language):
    return (language or "").lower().startswith("zh")


def pick_name(english, chinese, language=None):
    """`chinese` on a Chinese page and `english` on any other, each falling back to the
    other when empty; "" when both are."""
    return pick_name_and_language(english, chinese, language)[0]


def pick_name_and_language(english, chinese, language=None):
    """(the name `pick_name` gives, the language code it is written in: "en" or
    "zh-hans"; "" for no name), so a page can mark a name that fell back to the other
    language with that language (lang="en" inside a Chinese page)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if is_chinese(language):
        return (chinese, "zh-hans") if chinese else (english or "", "en" if english else "")
    return (english, "en") if english else (chinese or "", "zh-hans" if chinese else "")


class NamedInTwoLanguages:
    """For models with an English name column and a Chinese one beside it
    (`english_name_field`, `chinese_name_field`). `display_name` is the one way pages,
    emails and reports read the name."""

    english_name_field = "name"
    chinese_name_field = "name_zh"

    def name_in(self, language):
        return pick_name(getattr(self, self.english_name_field),
                         getattr(self, self.chinese_name_field), language)

    @property
    def display_name(self):
        return self.name_in(None)

    def name_and_language_in(self, language):
        return pick_name_and_language(getattr(self, self.english_name_field),
                                      getattr(self, self.chinese_name_field), language)
