"""Two functions per unit, read-only: for every department, how many people confidently
fit each family in a position of that function, here and below, and whether its heads
cover both functions. Built on the have-and-need cut-offs of reports/people.py; counts
are SQL, rolled up the tree over departments, never people."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q

from talent.models import Department, DepartmentTarget, Position

from ..models import Result
from ..scoring import have_need, ndtri
from . import page_cache
from .people import cutoffs, released_summaries

OPERATIONS = (Position.Function.OPERATIONS, Position.Function.BOTH)
CAPITAL = (Position.Function.CAPITAL_ALLOCATION, Position.Function.BOTH)


def _confident(campaign):
    """Released results annotated with whether the person is confidently in each family:
    the released family, and P(meets a high need) >= settings.TWO_FUNCTIONS_CONFIDENCE.
    P >= c is T - z_c * SE >= cut-off (z_c = Phi^-1(c)), so it is one SQL comparison
    over the read model's columns."""
    z = ndtri(settings.TWO_FUNCTIONS_CONFIDENCE)
    high = cutoffs()[have_need.HIGH]
    qs = released_summaries(campaign).annotate(
        exe_lower=F("execution_t") - z * F("execution_se"),
        cmp_lower=F("compression_t") - z * F("compression_se"),
    )
    exe = Q(released_family=Result.RoleFamily.EXECUTION, exe_lower__gte=high)
    cmp = Q(released_family=Result.RoleFamily.COMPRESSION, cmp_lower__gte=high)
    return qs, exe, cmp


@dataclass
class Unit:
    department: Department
    depth: int
    execution: int = 0  # confidently execution, in an operations position, here and below
    compression: int = 0  # confidently compression, in a capital-allocation position
    heads_cover: bool = False
    target: DepartmentTarget | None = None

    @property
    def covered(self):
        return (self.execution > 0 and self.compression > 0) or self.heads_cover

    @property
    def lacks_execution(self):
        return self.execution == 0 and not self.heads_cover

    @property
    def lacks_compression(self):
        return self.compression == 0 and not self.heads_cover

    @property
    def below_target(self):
        return self.target is not None and (
            self.execution < self.target.min_execution
            or self.compression < self.target.min_compression)


def two_functions(campaign):
    """Every department as a Unit, leads first (by depth, then name). Counts are per
    department in one grouped query, rolled up the tree in Python over departments (not
    people). A pair of heads covers a unit: its head and the heads of its direct
    sub-departments, one confidently in each family (any position)."""
    # The tallies read the released results and the organisation (where people sit,
    # which positions they hold, the positions' functions, who heads what), judged by
    # the confidence and the cut-offs.
    direct, head_flags = page_cache.cached(
        "two-functions", campaign=campaign, org=True, timeout=3600,
        parts=(settings.TWO_FUNCTIONS_CONFIDENCE, cutoffs()),
        compute=lambda: _two_function_tallies(campaign))

    departments = list(Department.objects.select_related("target").order_by("name", "pk"))
    children = {}
    for d in departments:
        children.setdefault(d.parent_id, []).append(d)
    units = {}
    order = []

    def depth_first(roots, depth):
        stack = [(d, depth) for d in reversed(roots)]
        while stack:
            d, level = stack.pop()
            units[d.pk] = Unit(d, level, target=getattr(d, "target", None))
            order.append(d)
            stack.extend((c, level + 1) for c in reversed(children.get(d.pk, [])))

    depth_first(children.get(None, []), 0)
    for d in reversed(order):  # children before parents: roll the counts up
        unit = units[d.pk]
        row = direct.get(d.pk)
        if row:
            unit.execution += row["n_exe"]
            unit.compression += row["n_cmp"]
        if d.parent_id in units:
            units[d.parent_id].execution += unit.execution
            units[d.parent_id].compression += unit.compression
    for d in order:
        pair = [d.head_id] + [c.head_id for c in children.get(d.pk, [])]
        flags = [head_flags.get(h, (False, False)) for h in pair if h]
        units[d.pk].heads_cover = any(f[0] for f in flags) and any(f[1] for f in flags)
    return sorted(units.values(),
                  key=lambda u: (u.depth, u.department.display_name, u.department.pk))


def _two_function_tallies(campaign):
    """Per department, confident people in matching positions; per head, their flags."""
    qs, exe, cmp = _confident(campaign)
    direct = {
        row["employee__department_id"]: row
        for row in qs.values("employee__department_id").annotate(
            n_exe=Count("pk", filter=exe & Q(employee__position__function__in=OPERATIONS)),
            n_cmp=Count("pk", filter=cmp & Q(employee__position__function__in=CAPITAL)),
        )
    }
    heads = Department.objects.exclude(head=None).values("head_id")
    head_flags = {}
    for employee_id, is_exe, is_cmp in qs.filter(employee_id__in=heads).annotate(
        is_exe=Count("pk", filter=exe), is_cmp=Count("pk", filter=cmp)
    ).values_list("employee_id", "is_exe", "is_cmp"):
        was = head_flags.get(employee_id, (False, False))
        head_flags[employee_id] = (was[0] or bool(is_exe), was[1] or bool(is_cmp))

    return direct, head_flags
