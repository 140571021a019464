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
    language = language or get_language() or settings.LANGUAGE_CODE
    first, second = (chinese, english) if is_chinese(language) else (english, chinese)
    return first or second or ""


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
