"""HR's people pages, read-only: the results table and its exports, a person's page,
have and need per position and person (the two functions per unit, which builds on
them, is in reports/two_functions.py).

Built for 100,000 employees: filters, counts and the two-functions tallies are SQL;
person-level lists are paginated; the have/need probabilities of a whole campaign are
computed in one numpy call over arrays read with `values_list` (never a Python loop per
person over the organisation). The method is in assessments/scoring/have_need.py.

A "released" result here is one HR released (review state released or contested: a
contest keeps what was released until it is decided), read with its released family.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from talent.csv_safety import escape_formula
from talent.languages import is_chinese
from talent.models import Department, Employee, Position

from ..models import Campaign, Result, ResultSummary, ScoringSpec
from ..models.summaries import family_codes
from ..scoring import have_need
from . import columns, page_cache
from .uncertain_counts import uncertain_count

# The quadrants, for pages (views reach the engine only through reports).
QUADRANTS = have_need.QUADRANTS
FIT, GAP, SURPLUS, OUT_OF_SCOPE = have_need.FIT, have_need.GAP, have_need.SURPLUS, \
    have_need.OUT_OF_SCOPE
LOW, MEDIUM, HIGH = have_need.LOW, have_need.MEDIUM, have_need.HIGH

RELEASED_STATES = (Result.ReviewState.RELEASED, Result.ReviewState.CONTESTED)

# The people table's sortable columns: the only orderings a request may ask for (over
# the read model's rows: where the person sat at launch, the scored family, ...).
SORTS = {
    "name": ("employee__name", "employee__employee_id"),
    "employee_id": ("employee__employee_id",),
    "campaign": ("campaign__name",),
    "department": ("department__name",),
    "position": ("position__title",),
    "family": ("role_family",),
    "released": ("released_family",),
    "validity": ("validity",),
    "probability": ("probability_execution",),
    "review": ("review_state",),
    "computed": ("computed_at",),
}
# The sorts by a name, and the name's Chinese column: on a Chinese page they sort by the
# name the page shows (the Chinese one, else the English one).
NAME_SORTS = {"campaign": "campaign__name_zh",
              "department": "department__name_zh",
              "position": "position__title_zh"}


def _ordering(sort, descending):
    order = SORTS.get(sort, SORTS["name"])
    if sort in NAME_SORTS and is_chinese(get_language()):
        order = [Coalesce(NullIf(F(NAME_SORTS[sort]), Value("")), F(order[0]))]
    return [(name.desc() if descending else name.asc()) if not isinstance(name, str)
            else (f"-{name}" if descending else name) for name in order]


def newest_results():
    """Every assignment's newest result (re-scoring under a new spec writes a new one
    beside the old). A result is unique per (assignment, spec), so while one spec is
    stored there is nothing newer to exclude and the anti-join, which costs a pass over
    every result, is skipped (one tiny query decides)."""
    if ScoringSpec.objects.count() <= 1:
        return Result.objects.all()
    newer = Result.objects.filter(
        assignment_id=OuterRef("assignment_id"), computed_at__gt=OuterRef("computed_at")
    )
    return Result.objects.filter(~Exists(newer))


def newest_summaries():
    """`newest_results()` on the read model: every assignment's newest result, as its
    narrow summary row (models/summaries.py)."""
    if ScoringSpec.objects.count() <= 1:
        return ResultSummary.objects.all()
    newer = ResultSummary.objects.filter(
        assignment_id=OuterRef("assignment_id"), computed_at__gt=OuterRef("computed_at")
    )
    return ResultSummary.objects.filter(~Exists(newer))


def people_results(*, campaign=None, department=None, position=None, family=None,
                   validity=None, p_min=None, p_max=None, review_state=None, sort="name",
                   descending=False):
    """The people table's rows, as read-model rows (models/summaries.py; a row's pk is its
    result's): the newest result per assignment, filtered and sorted. The department is
    where the person sat when the campaign launched, with its sub-departments; the
    family is the scored one. Pages read the rows they show by id (`_rows_of_table`)."""
    qs = newest_summaries()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if department is not None:
        qs = qs.filter(department_id__in=Department.objects.subtree_ids(department))
    if position is not None:
        qs = qs.filter(position=position)
    if family is not None:
        qs = qs.filter(role_family=family)
    if validity:
        qs = qs.filter(validity=validity)
    if p_min is not None:
        qs = qs.filter(probability_execution__gte=p_min)
    if p_max is not None:
        qs = qs.filter(probability_execution__lte=p_max)
    if review_state:
        qs = qs.filter(review_state=review_state)
    return qs.order_by(*_ordering(sort, descending), "pk")


# The people table as it first opens (what an empty filter form asks for) and its page
# size: what the warm-up after a run computes ahead of the first visit.
DEFAULT_TABLE = {"campaign": None, "department": None, "position": None, "family": None,
                 "validity": None, "p_min": None, "p_max": None, "review_state": None,
                 "sort": "name", "descending": False}
TABLE_PAGE = 50


def people_rows(**filters):
    """`people_results(**filters)` for the people table: cached count and page ids."""
    # A sort by a name orders the rows by the page's language.
    language = "zh" if filters.get("sort") in NAME_SORTS and is_chinese(get_language()) else ""
    key = page_cache.key_for(
        "people-table", campaign=filters.get("campaign") or page_cache.EVERY_CAMPAIGN,
        org=True, parts=(filters, language))
    # Built only on a miss: even building it asks how many specs are stored.
    return page_cache.CachedRows(lambda: people_results(**filters), key, _rows_of_table)


def _rows_of_table(ids):
    # The validity indices are not shown in the table: not read either.
    found = Result.objects.defer("indices").select_related(
        "assignment__employee", "assignment__campaign", "assignment__department",
        "assignment__position").in_bulk(ids)
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class Score:
    t: float
    se: float

    @property
    def shown(self):
        return f"{self.t:.0f} ± {self.se:.0f}"


def _score(scores, code):
    scale = (scores or {}).get(code) or {}
    t, low, high = scale.get("t"), scale.get("band_low"), scale.get("band_high")
    if t is None or low is None or high is None:
        return None
    return Score(float(t), float(have_need.standard_error(low, high)))


def attach_scores(results):
    """Give each result of a page `.exe` and `.cmp` (Score or None): one query."""
    results = list(results)
    codes = family_codes({r.bank_version_id for r in results})
    for r in results:
        exe_code, cmp_code = codes.get(r.bank_version_id, (None, None))
        r.exe, r.cmp = _score(r.scores, exe_code), _score(r.scores, cmp_code)
    return results


# Names in both languages, whatever the page's: a file is read outside the site, and the
# English columns are what other systems key on. The Chinese ones come last, so the
# columns files had before keep their places.
EXPORT_HEADER = ["employee_id", "name", "campaign", "department_at_launch",
                 "position_at_launch", "execution_t", "execution_se", "compression_t",
                 "compression_se", "probability_execution", "role_family", "validity",
                 "review_state", "released_family", "computed_at", "campaign_zh",
                 "department_at_launch_zh", "position_at_launch_zh"]


def export_rows(results, batch=2000):
    """Header, then one formula-safe row per result, read in batches (constant memory).
    `results` is a people_results() queryset (read-model rows, whose T and SE are
    columns); progress(n) can follow the rows written."""
    yield EXPORT_HEADER
    rows = results.values_list(
        "employee__employee_id", "employee__name", "campaign__name", "campaign__name_zh",
        "department__name", "department__name_zh", "position__title", "position__title_zh",
        "execution_t", "execution_se", "compression_t", "compression_se",
        "probability_execution", "role_family", "validity", "review_state",
        "released_family", "computed_at",
    )
    for (employee_id, name, campaign, campaign_zh, department, department_zh, position,
         position_zh, exe_t, exe_se, cmp_t, cmp_se, probability, family, validity, state,
         released, computed) in rows.iterator(batch):
        row = [employee_id, name, campaign, department or "", position or "",
               _round(exe_t), _round(exe_se), _round(cmp_t), _round(cmp_se),
               _round(probability, 4), family, validity, state, released,
               computed.isoformat(), campaign_zh, department_zh or "", position_zh or ""]
        yield [escape_formula(cell) for cell in row]


def _round(x, digits=2):
    return "" if x is None else round(x, digits)


# --- a person's page -----------------------------------------------------------------


def person_results(employee):
    """All of a person's results, newest campaign first, with decisions and contests."""
    results = (
        Result.objects.filter(assignment__employee=employee)
        .select_related("assignment__campaign", "assignment__department",
                        "assignment__position", "spec", "norm_group", "contest")
        .prefetch_related("decisions__reviewer")
        .order_by("-assignment__campaign__created_at", "-computed_at", "-pk")
    )
    return attach_scores(results)


def latest_released(employee):
    """The person's newest released result (with scores attached), or None."""
    result = (
        Result.objects.filter(assignment__employee=employee, review_state__in=RELEASED_STATES)
        .order_by("-assignment__campaign__created_at", "-computed_at", "-pk").first()
    )
    return attach_scores([result])[0] if result is not None else None


# --- have and need -------------------------------------------------------------------


def cutoffs():
    return {int(k): float(v) for k, v in settings.HAVE_NEED_CUTOFFS.items()}


@dataclass(frozen=True)
class Need:
    """One family of one person against one position."""

    family: str  # "execution" or "compression"
    level: int
    score: Score | None
    quadrant: str
    probability: float | None

    @property
    def percent(self):
        return chance_in_100(self.probability)


def needs_for(result, position):
    """The person's have/need on both families for a position ([] without scores)."""
    out = []
    for family, score, level in (
        ("execution", result.exe, position.need_execution),
        ("compression", result.cmp, position.need_compression),
    ):
        if score is None:
            out.append(Need(family, level, None, "", None))
            continue
        q, p = have_need.quadrant(score.t, score.se, level, cutoffs())
        out.append(Need(family, level, score, str(q), float(p)))
    return out


def probability_both(result, position):
    if result.exe is None or result.cmp is None:
        return None
    return float(have_need.probability_both(
        result.exe.t, result.exe.se, position.need_execution,
        result.cmp.t, result.cmp.se, position.need_compression, cutoffs()))


def have_need_campaign(campaign=None):
    """The campaign the have/need pages read: the given one, or the newest with a
    released result (None when nothing was released yet). Finding it is a pass over the
    results, so the answer is cached until a review decision (every release is one) or
    a campaign is added or removed."""
    if campaign is not None:
        return campaign

    def newest_released():
        released = ResultSummary.objects.filter(campaign=OuterRef("pk"),
                                                review_state__in=RELEASED_STATES)
        return (Campaign.objects.filter(Exists(released)).order_by("-created_at", "-pk")
                .values_list("pk", flat=True).first()) or 0

    found = page_cache.cached("have-need-campaign", campaign=page_cache.EVERY_CAMPAIGN,
                              compute=newest_released, timeout=3600)
    return Campaign.objects.filter(pk=found).first() if found else None


def released_summaries(campaign):
    """The campaign's released results (the newest per assignment) of the people still
    active, as the read model holds them: T and its SE on both family scales are plain
    columns, where the results hold them in JSON. Joined to the employee, which the
    pages reading these go on to filter or group by (where a person sits, what they
    hold)."""
    return _released(campaign).filter(employee__active=True)


def _released(campaign):
    return newest_summaries().filter(campaign=campaign, review_state__in=RELEASED_STATES)


def _arrays(summaries):
    """(ids, (), execution T, its SE, compression T, its SE) of the summaries, as arrays
    (NaN where a scale was not scored); None if there are none. The empty tuple keeps
    the shape arrays cached before had."""
    ids, *numbers = columns.of_query(summaries, "pk", "execution_t", "execution_se",
                                     "compression_t", "compression_se")
    if not len(ids):
        return None
    return ids.astype(np.int64), (), *numbers


def released_arrays(campaign):
    """The campaign's released T scores and SEs as arrays, cached per the campaign's and
    the organisation's stamps (a leaver drops out): reading them out of 100,000 scores
    documents is the slow part of a ranking."""
    # "Not a leaver" rather than "active": nothing else here needs the employee, and the
    # few leavers are then the side the database hashes, where joining every active
    # employee hashed all 100,000 of them (a quarter of this read).
    leaver = Employee.objects.filter(pk=OuterRef("employee_id"), active=False)
    arrays = page_cache.cached(
        "released-arrays", campaign=campaign, org=True, timeout=3600,
        compute=lambda: _arrays(_released(campaign).filter(~Exists(leaver))) or ())
    return arrays or None


class Ranking:
    """A ranking as a sequence a Paginator can page: (result id, probability) pairs,
    built only for the page asked for (a list of 100,000 tuples would cost more than
    the ranking itself)."""

    def __init__(self, ids, p, order):
        self._ids, self._p, self._order = ids, p, order

    def __len__(self):
        return len(self._order)

    def __getitem__(self, index):
        picked = self._order[index]
        if isinstance(index, slice):
            return [self._pair(i) for i in picked.tolist()]
        return self._pair(int(picked))

    def _pair(self, i):
        p = self._p[i]
        return (int(self._ids[i]), None if p < 0 else float(p))


def rank_for_position(position, campaign):
    """Everyone with a released result in the campaign, ranked by the probability that
    they meet both of the position's needs: a sequence of (result id, probability),
    best first. One query (cached with the campaign's arrays) and one numpy call, whose
    first pages are cached with it; the caller paginates and fetches the page's rows."""

    def kept():
        ranking = _rank_for_position(position, campaign)
        return len(ranking), ranking[:page_cache.RANK_KEPT]

    n, top = page_cache.cached(
        "rank", campaign=campaign, org=True, compute=kept,
        parts=(position.need_execution, position.need_compression, cutoffs_by_name()))
    return page_cache.KeptRanking(n, top, lambda: _rank_for_position(position, campaign))


def _rank_for_position(position, campaign):
    arrays = released_arrays(campaign)
    if arrays is None:
        return []
    ids, _, exe_t, exe_se, cmp_t, cmp_se = arrays
    p = have_need.probability_both(exe_t, exe_se, position.need_execution,
                                   cmp_t, cmp_se, position.need_compression, cutoffs())
    p = np.where(np.isnan(p), -1.0, p)  # unscorable people go last
    return Ranking(ids, p, np.lexsort((ids, -p)))


def results_by_ids(ids):
    """The rows of one page of a ranking, in the ranking's order, with scores."""
    found = {r.pk: r for r in Result.objects.filter(pk__in=ids).defer("indices").select_related(
        "assignment__employee__department", "assignment__employee__position",
        "assignment__campaign")}
    return attach_scores([found[i] for i in ids if i in found])


@dataclass(frozen=True)
class QuadrantGrid:
    """A position's holders by (execution quadrant, compression quadrant), each cell an
    expected count with its 90% range (`uncertain_counts`). A family the position needs
    has two quadrants (fit, gap), one it needs little of the other two (surplus, out of
    scope), so the grid has two rows and two columns."""

    rows: tuple
    columns: tuple
    cells: dict  # (row quadrant, column quadrant) -> UncertainCount
    row_totals: dict
    column_totals: dict
    people: int  # holders with both scores


def quadrant_grid(position, campaign):
    """The position's grid (see QuadrantGrid) over its holders with a released result,
    cached per the campaign's and the organisation's stamps and the position's needs."""
    return page_cache.cached(
        "quadrant-grid", campaign=campaign, org=True,
        parts=(position.pk, position.need_execution, position.need_compression,
               cutoffs_by_name()),
        compute=lambda: _quadrant_grid(position, campaign))


def cutoffs_by_name():
    return {str(level): cut for level, cut in cutoffs().items()}


def _quadrants_of(level):
    return (FIT, GAP) if level >= MEDIUM else (SURPLUS, OUT_OF_SCOPE)


def _quadrant_grid(position, campaign):
    arrays = _arrays(released_summaries(campaign).filter(employee__position=position))
    rows, columns = (_quadrants_of(position.need_execution),
                     _quadrants_of(position.need_compression))
    exe = cmp = np.empty(0)
    if arrays is not None:
        _, _, exe_t, exe_se, cmp_t, cmp_se = arrays
        # The probability of each family's first quadrant (fit, or surplus); the second
        # is its complement. The two scales' errors are taken as independent, as in
        # probability_both, so a cell's probability is the product.
        _, exe = have_need.quadrant(exe_t, exe_se, position.need_execution, cutoffs())
        _, cmp = have_need.quadrant(cmp_t, cmp_se, position.need_compression, cutoffs())
        scored = ~(np.isnan(exe) | np.isnan(cmp))
        exe, cmp = exe[scored], cmp[scored]
    by_row = dict(zip(rows, (exe, 1.0 - exe), strict=True))
    by_column = dict(zip(columns, (cmp, 1.0 - cmp), strict=True))
    return QuadrantGrid(
        rows=rows, columns=columns,
        cells={(a, b): uncertain_count(by_row[a] * by_column[b])
               for a in rows for b in columns},
        row_totals={a: uncertain_count(by_row[a]) for a in rows},
        column_totals={b: uncertain_count(by_column[b]) for b in columns},
        people=len(exe),
    )


def chance_in_100(probability):
    """A probability as a chance in 100, kept between 1 and 99 as on the person's own
    report: nothing about a person is certain, so "100 in 100" would say too much."""
    if probability is None or np.isnan(probability):
        return None
    return min(max(round(100 * float(probability)), 1), 99)


def incumbents(position, campaign):
    """The position's current holders' released results in the campaign, by name (rows to
    paginate, count and page ids cached per the campaign's and the organisation's stamps;
    attach_scores the page)."""
    key = page_cache.key_for("incumbents", campaign=campaign, org=True, parts=(position.pk,))
    return page_cache.CachedRows(
        lambda: released_summaries(campaign).filter(employee__position=position)
        .order_by("employee__name", "pk"), key, _rows_with_employee)


def _rows_with_employee(ids):
    found = Result.objects.defer("indices").select_related("assignment__employee").in_bulk(ids)
    return [found[i] for i in ids if i in found]


def positions_for(result, positions=None):
    """Every position ranked for one person's result: [(position, probability both)].
    One query for the positions and one numpy call (positions are few next to people)."""
    rows = list((positions or Position.objects.all()).select_related("department")
                .order_by("code"))
    if not rows or result.exe is None or result.cmp is None:
        return [(p, None) for p in rows]
    need_exe = np.array([p.need_execution for p in rows])
    need_cmp = np.array([p.need_compression for p in rows])
    p = have_need.probability_both(result.exe.t, result.exe.se, need_exe,
                                   result.cmp.t, result.cmp.se, need_cmp, cutoffs())
    order = np.argsort(-p, kind="stable")
    return [(rows[i], float(p[i])) for i in order]


def positions_with_incumbents():
    """Every position, to paginate; `attach_holders` counts the page's holders."""
    return Position.objects.select_related("department").order_by("code")


def attach_holders(positions):
    """Give each position of a page `.holders`, its active holders: one grouped query
    over the page's positions only (counting every position's would read everyone)."""
    positions = list(positions)
    counts = dict(Employee.objects.filter(
        position_id__in=[p.pk for p in positions], active=True,
    ).values("position_id").annotate(n=Count("pk")).values_list("position_id", "n"))
    for p in positions:
        p.holders = counts.get(p.pk, 0)
    return positions
