"""What the home page shows: one card per role the user holds, filled in by the apps.

Every app builds on `talent`, so `talent` imports none of them: each app adds its parts
to a role's card in its AppConfig.ready() (assessments adds the campaigns, the question
banks and the employee's own assessments). A part is a template and, optionally, a
function of the request that returns the context it needs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TITLES = {
    "superuser": _("Administration"),
    "hr": _("HR workspace"),
    "bank_admin": _("Question banks"),
    "manager": _("My department"),
    "employee": _("My assessments"),
}


@dataclass(frozen=True)
class Part:
    template: str
    context: Callable | None = None


_parts: dict[str, list[Part]] = {}


def add_part(role, template, context=None):
    """Show `template` in the card of `role` (once, however often ready() runs)."""
    part = Part(template, context)
    parts = _parts.setdefault(role, [])
    if part not in parts:
        parts.append(part)


def cards_for(request, roles):
    """The cards for these roles, in order, and the context their parts asked for."""
    cards, context = [], {}
    for role in roles:
        parts = _parts.get(role, [])
        if not parts:
            continue
        for part in parts:
            if part.context is not None:
                context.update(part.context(request))
        cards.append({"role": role, "title": TITLES[role],
                      "templates": [part.template for part in parts]})
    return cards, context
