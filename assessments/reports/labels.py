"""Names in words for the codes results store, in the page's language (read-only).

Scales are named by their bank version (`Scale.name`, one text per language); validity
screens and profile notes by `Result.flag_label` / `Result.profile_note_label`. HR and
managers' pages show these names; the codes stay in exports, the API and the bank
editor, where experts need them.
"""

from django.utils.translation import get_language

from ..models import Scale


def scale_names(bank_version, language=None):
    """{scale code: its name in `language` (the active one by default)} for a bank
    version (or its id); a scale with no name in any language keeps its code."""
    language = language or get_language()
    version_id = getattr(bank_version, "pk", bank_version)
    return {code: Scale(code=code, name=name).name_in(language) or code
            for code, name in Scale.objects.filter(version_id=version_id)
            .values_list("code", "name")}


def scales_in_words(scores, bank_version, language=None):
    """[(code, name, per-scale scores)] of a result's `scores`, in the order of the
    names, for tables that show a row per scale."""
    names = scale_names(bank_version, language)
    return sorted(((code, names.get(code, code), s) for code, s in scores.items()),
                  key=lambda row: str(row[1]))
