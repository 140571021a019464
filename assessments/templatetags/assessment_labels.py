"""Labels for codes stored on results, for templates that only have the code."""

from django import template
from django.utils.translation import get_language

from ..models import Result
from ..reports import labels

register = template.Library()


@register.filter
def flag_label(flag):
    """A validity screen's name in words ("too_fast" -> "Answered faster than ...")."""
    return Result.flag_label(flag)


@register.filter
def family_label(family):
    """A family code in words ("execution" -> "Precise execution")."""
    return dict(Result.RoleFamily.choices).get(family, family)


@register.filter
def profile_note_label(note):
    """A profile note in words ("both_low" -> "Both scores below average")."""
    return Result.profile_note_label(note)


@register.filter
def name_here(named):
    """A bank's, version's or scale's name in the page's language (`name_in`)."""
    return named.name_in(get_language()) or str(named)


@register.filter
def list_in_words(items):
    """Items joined as the page's language lists them: "a, b" or "甲、乙"."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(item) for item in items)


@register.simple_tag
def sentence_gap():
    """What goes between two sentences written by separate template blocks: a space in
    English, nothing in Chinese (a space after 。 shows as a gap)."""
    return "" if (get_language() or "").startswith("zh") else " "


@register.filter
def questionnaire(version):
    """A bank version in words: "Core work-style inventory, version 2", not "CORE v2"."""
    return labels.questionnaire_in_words(version)


@register.filter
def norm_group_people(group):
    """Who a norm group is, in words: "the 560 people who answered Demo 2025"."""
    return labels.norm_group_in_words(group)


@register.filter
def percent(share, places=1):
    """A share (0..1) as a percentage with `places` decimals ("0.0123" -> "1.2%"); an
    em dash where there is no figure."""
    if share is None:
        return "—"
    return f"{100 * float(share):.{int(places)}f}%"
