"""Names in words for the codes results store, in the page's language (read-only).

Scales are named by their bank version (`Scale.name`, one text per language); validity
screens and profile notes by `Result.flag_label` / `Result.profile_note_label`. HR and
managers' pages show these names; the codes stay in exports, the API and the bank
editor, where experts need them.
"""

from django.utils import translation
from django.utils.translation import get_language, gettext, ngettext

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


def questionnaire_in_words(version, language=None):
    """A bank version as a person reads it: "Core work-style inventory, version 2" (the
    bank's code only when the version has no name in any language)."""
    if version is None:
        return ""
    language = language or get_language()
    name = version.name_in(language) or version.bank.code
    with translation.override(language):
        return gettext("%(name)s, version %(number)s") % {"name": name,
                                                         "number": version.number}


def norm_group_in_words(group, language=None):
    """Who a norm group's people are, in the page's language: "the 560 people who
    answered Demo 2025". The stored name ("CORE v2 / Demo 2025") is an identifier for
    exports and the admin, English whatever the page, so pages say this instead."""
    if group is None:
        return ""
    language = language or get_language()
    campaign = group.source_campaign
    with translation.override(language):
        return _norm_group_in_words(group, campaign, language)


def _norm_group_in_words(group, campaign, language):
    if campaign is not None:
        return ngettext("the %(n)s person who answered %(campaign)s",
                        "the %(n)s people who answered %(campaign)s", group.n) % {
            "n": group.n, "campaign": campaign.name_in(language)}
    return ngettext("the %(n)s person who answered %(questionnaire)s",
                    "the %(n)s people who answered %(questionnaire)s", group.n) % {
        "n": group.n, "questionnaire": questionnaire_in_words(group.bank_version, language)}
