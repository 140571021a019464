"""System checks for settings that would break a promise the pages make.

EVIDENCE_MIN_PER_FAMILY is the number of people per family an outcome verdict needs.
A verdict states the family difference in points, an aggregate of each family's
ratings, so it must never rest on fewer people than the k = 5 rule (or a larger
DASHBOARD_MIN_CELL) lets any aggregate of outcomes rest on. The report clamps it too
(reports/evidence.min_per_family); the check makes the wrong setting loud instead of
silently corrected, so nobody believes their lower figure is in force."""

from django.conf import settings
from django.core import checks

# The smallest group any figure about people is computed from (docs/evidence.md).
K_FLOOR = 5


def evidence_floor():
    return max(K_FLOOR, int(settings.DASHBOARD_MIN_CELL))


@checks.register()
def check_evidence_minimum(app_configs, **kwargs):
    floor = evidence_floor()
    value = settings.EVIDENCE_MIN_PER_FAMILY
    if isinstance(value, int) and value >= floor:
        return []
    return [checks.Error(
        f"EVIDENCE_MIN_PER_FAMILY is {value!r}: an outcome verdict would rest on fewer "
        f"people per family than the k = {floor} rule allows for any outcome aggregate.",
        hint=f"Set EVIDENCE_MIN_PER_FAMILY to {floor} or more (the default is 100).",
        id="assessments.E001")]


@checks.register()
def check_smallest_group(app_configs, **kwargs):
    # DASHBOARD_MIN_CELL is the k of every aggregate about people (dashboards, trend,
    # evidence, API figures). It may be raised; below 5 a group of 2 or 3 colleagues
    # could be read off a page, which is the promise docs/privacy.md makes not to break.
    value = settings.DASHBOARD_MIN_CELL
    if isinstance(value, int) and value >= K_FLOOR:
        return []
    return [checks.Error(
        f"DASHBOARD_MIN_CELL is {value!r}: figures about groups of fewer than {K_FLOOR} "
        "people would be shown.",
        hint=f"Set DASHBOARD_MIN_CELL to {K_FLOOR} or more (the default is {K_FLOOR}).",
        id="assessments.E002")]
