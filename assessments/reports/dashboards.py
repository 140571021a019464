"""What the campaign dashboard (HR) and the manager dashboard show.

Every count is aggregated in the database: one grouped query over the assignments and
one over the results, per department where people sat at launch
(`Assignment.department`). Sub-departments are rolled up in Python over the department
tree (loaded once, at most a few thousand rows), never per person. The results counted
are the campaign's results under the current scoring spec.

Managers see aggregates of the departments they head and everything below, with small
cells suppressed (`suppression.py`): nothing computed from fewer than
`settings.DASHBOARD_MIN_CELL` people, nothing recoverable by subtraction.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from talent.languages import NamedInTwoLanguages
from talent.models import Department

from .. import scoring
from ..models import (
    Assignment,
    Campaign,
    NormGroup,
    Result,
    ResultSummary,
    ScoringRun,
    ScoringSpec,
    UnitSnapshot,
)
from ..models.summaries import SAMPLE_MODULUS, family_codes_of, sample_bucket
from . import page_cache
from .suppression import suppress_tree

STAGES = ("assigned", "started", "submitted", "scored")
FAMILIES = ("execution", "undetermined", "compression", "unclassified", "invalid")
# What one department's own people are split into: each person is in exactly one.
CATEGORIES = ("not_started", "in_progress", "unscored") + FAMILIES
# Which categories each shown figure adds up.
FIGURE_CATEGORIES = {
    "assigned": CATEGORIES,
    "started": CATEGORIES[1:],
    "submitted": CATEGORIES[2:],
    "scored": FAMILIES,
    **{family: (family,) for family in FAMILIES},
}
FLAG_NAMES = scoring.FLAG_NAMES
SCATTER_MAX_POINTS = 2000
# Shares are shaded in bands of a fifth (CSS classes heat-0 .. heat-5, see site.css).
SHARE_BANDS = 5


# --- The organisation -----------------------------------------------------------------


@dataclass
class Tree:
    """Every department, its children and its ancestors (itself included)."""

    departments: dict
    children: dict = field(default_factory=dict)
    ancestors: dict = field(default_factory=dict)

    def subtree(self, roots):
        """Ids of `roots` and everything below them."""
        ids, stack = set(), [pk for pk in roots if pk in self.departments]
        while stack:
            pk = stack.pop()
            if pk not in ids:
                ids.add(pk)
                stack.extend(self.children.get(pk, ()))
        return ids

    def ordered(self, ids, roots=None):
        """(department, depth) in tree order (by code), limited to `ids`."""
        out, seen = [], set()

        def walk(pks, depth):
            for pk in sorted(pks, key=lambda p: self.departments[p].code):
                if pk in ids and pk not in seen:
                    seen.add(pk)
                    out.append((self.departments[pk], depth))
                    walk(self.children.get(pk, ()), depth + 1)

        top = roots if roots is not None else self.children.get(None, ())
        walk(list(top), 0)
        return out


@dataclass(frozen=True)
class Unit(NamedInTwoLanguages):
    """A department as the dashboards need it (plain tuples: a thousand model instances
    cost more than the query)."""

    pk: int
    code: str
    name: str
    parent_id: int | None
    name_zh: str = ""

    def __str__(self):
        return f"{self.name} ({self.code})"


def load_tree() -> Tree:
    return build_tree(Unit(*row) for row in Department.objects.order_by().values_list(
        "pk", "code", "name", "parent_id", "name_zh"))


def build_tree(rows) -> Tree:
    """The tree of departments (anything with pk, code and parent_id)."""
    departments = {d.pk: d for d in rows}
    tree = Tree(departments)
    for department in departments.values():
        parent = department.parent_id if department.parent_id in departments else None
        tree.children.setdefault(parent, []).append(department.pk)
    for pk in departments:
        # Each department's chain is walked once; the clean() of Department forbids
        # cycles, and `seen` keeps a corrupted tree from looping.
        chain, seen, at = [], set(), pk
        while at is not None and at in departments and at not in seen:
            seen.add(at)
            chain.append(at)
            at = departments[at].parent_id
        tree.ancestors[pk] = tuple(chain)
    return tree


# --- Counts per department ------------------------------------------------------------


def current_spec():
    """The spec the dashboards count results under (None before anything was scored)."""
    return ScoringSpec.objects.current_if_stored()


def campaign_results(campaign, spec):
    if spec is None:
        return Result.objects.none()
    return Result.objects.for_campaign(campaign, spec)


def campaign_summaries(campaign, spec):
    """The campaign's results under `spec` as the read model holds them (one narrow,
    indexed row each; models/summaries.py)."""
    if spec is None:
        return ResultSummary.objects.none()
    return ResultSummary.objects.filter(campaign=campaign, spec=spec)


def own_counts(campaign, spec, departments=None) -> dict:
    """{department id (None: not recorded): {category: n}} for the people placed in
    each department itself. Two grouped queries."""
    return counts_and_checks(campaign, spec, departments)[0]


def counts_and_checks(campaign, spec, departments=None):
    """(own counts as `own_counts`, the validity summary of the same results). Two
    grouped queries, one over the assignments and one over the results' summaries."""
    assignments = Assignment.objects.filter(campaign=campaign)
    # The read model: the department at launch, the family, validity and flags are
    # columns of one narrow row per result (models/summaries.py).
    results = campaign_summaries(campaign, spec)
    if departments is not None:
        assignments = assignments.filter(department_id__in=departments)
        results = results.filter(department_id__in=departments)
    # Counted over columns of the (campaign, department, ...) indexes, never the key:
    # each count is then an index-only scan (status and validity are never null).
    stage_rows = assignments.values("department_id").annotate(
        assigned=Count("*"),
        started=Count("status", filter=~Q(status=Assignment.Status.NOT_STARTED)),
        submitted=Count("status", filter=Q(status=Assignment.Status.SUBMITTED)),
    ).order_by()
    family_rows = list(results.values("department_id").annotate(
        scored=Count("*"),
        execution=Count("validity", filter=Q(role_family=Result.RoleFamily.EXECUTION)),
        undetermined=Count("validity", filter=Q(role_family=Result.RoleFamily.UNDETERMINED)),
        compression=Count("validity", filter=Q(role_family=Result.RoleFamily.COMPRESSION)),
        invalid=Count("validity", filter=Q(validity=Result.Validity.INVALID)),
        questionable=Count("validity", filter=Q(validity=Result.Validity.QUESTIONABLE)),
    ).order_by())
    families = {row["department_id"]: row for row in family_rows}
    total = {key: sum(row[key] for row in family_rows)
             for key in ("scored", "invalid", "questionable")}
    # The flags are a short JSON list on the few results that have any (a partial
    # index holds those rows): counted here from those lists, instead of matching
    # every name in the text of every row of the campaign.
    # Grouped by the list itself: a few distinct lists, whatever the head count.
    flagged = Counter()
    for flags, n in results.exclude(flags=[]).values_list("flags").annotate(
            n=Count("pk")).order_by():
        for flag in set(flags):
            flagged[flag] += n
    checks = {
        "total": total["scored"],
        "validity": [(v, label, {
            "valid": total["scored"] - total["invalid"] - total["questionable"],
            "questionable": total["questionable"], "invalid": total["invalid"]}[v])
            for v, label in Result.Validity.choices],
        "flags": [(name, flagged[name]) for name in FLAG_NAMES],
    }
    out = {}
    for row in stage_rows:
        fam = families.get(row["department_id"], {})
        scored = fam.get("scored", 0)
        counts = {
            "not_started": row["assigned"] - row["started"],
            "in_progress": row["started"] - row["submitted"],
            "unscored": row["submitted"] - scored,
            **{family: fam.get(family, 0) for family in FAMILIES if family != "unclassified"},
        }
        counts["unclassified"] = scored - sum(fam.get(f, 0) for f in FAMILIES
                                              if f != "unclassified")
        out[row["department_id"]] = counts
    return out, checks


def figures_of(counts) -> dict:
    """The shown figures (stages and families) of a category split."""
    get = counts.get
    fig = {family: get(family, 0) for family in FAMILIES}
    fig["scored"] = sum(fig.values())
    fig["submitted"] = fig["scored"] + get("unscored", 0)
    fig["started"] = fig["submitted"] + get("in_progress", 0)
    fig["assigned"] = fig["started"] + get("not_started", 0)
    return fig


def roll_up(own, tree) -> dict:
    """{department id: {category: n}} with every department's sub-departments added."""
    rolled = {}
    for pk, counts in own.items():
        for ancestor in tree.ancestors.get(pk, ()):
            total = rolled.setdefault(ancestor, dict.fromkeys(CATEGORIES, 0))
            for category, n in counts.items():
                total[category] += n
    return rolled


def share_band(share):
    """The shading class of a share (0..1)."""
    if share is None:
        return ""
    return f"heat-{min(SHARE_BANDS, math.floor(share * SHARE_BANDS))}"


def _family_cells(fig, shown=lambda name: True):
    cells = {}
    scored = fig["scored"] if shown("scored") else None
    for family in FAMILIES:
        n = fig[family] if shown(family) else None
        share = n / scored if n is not None and scored else None
        cells[family] = {"n": n, "share": share, "band": share_band(share),
                         "pct": None if share is None else round(100 * share)}
    return cells


# --- HR: the campaign dashboard -------------------------------------------------------


class UnitRow(dict):
    """A department's row of figures on the campaign dashboard. Its family cells
    (`row["families"]`: each family's count, share and shading) are worked out when
    first read: the cache keeps every department's row, a page shows 25 of them, and the
    cells were two thirds of what each visit unpickled (1,000 departments: 280 kB)."""

    def __missing__(self, key):
        if key != "families":
            raise KeyError(key)
        self["families"] = cells = _family_cells(self)
        return cells


def campaign_dashboard(campaign) -> dict:
    """Everything the campaign dashboard shows. A fixed number of queries whatever the
    campaign's size, cached per the campaign's and the organisation's stamps
    (page_cache.py): a counted chunk, a submission, a review or a move shows at once."""
    return page_cache.cached("campaign-dashboard", campaign=campaign, org=True,
                             compute=lambda: _campaign_dashboard(campaign, current_spec()))


def _campaign_dashboard(campaign, spec) -> dict:
    tree = load_tree()
    own, checks = counts_and_checks(campaign, spec)
    rolled = roll_up(own, tree)
    rows = []
    for department, depth in tree.ordered(set(rolled)):
        rows.append(UnitRow(department=department, depth=depth,
                            **figures_of(rolled[department.pk])))
    if None in own:  # assigned before launch recorded where people sat
        rows.append(UnitRow(department=None, depth=0, **figures_of(own[None])))
    overall_counts = dict.fromkeys(CATEGORIES, 0)
    for counts in own.values():
        for category, n in counts.items():
            overall_counts[category] += n
    overall = figures_of(overall_counts)
    overall["families"] = _family_cells(overall)
    norm_group = norm_group_used(campaign, spec)
    return {
        "spec": spec,
        "rows": rows,
        "overall": overall,
        "validity": checks,
        "scatter": scatter(campaign, spec, norm_group,
                           total=overall["scored"] - overall["invalid"]),
        "norm_group": norm_group,
    }


def norm_group_used(campaign, spec):
    """The norm group of the campaign's latest run under `spec` (every result of a run
    shares it), or else the one most of its current results were scored against."""
    if spec is None:
        return None
    run = (ScoringRun.objects.filter(campaign=campaign, spec=spec, norm_group__isnull=False)
           .select_related("norm_group").order_by("-created_at", "-pk").first())
    if run is not None:
        return run.norm_group
    row = (campaign_results(campaign, spec).values("norm_group_id")
           .annotate(n=Count("pk")).order_by("-n", "-norm_group_id").first())
    if row is None:
        return None
    return NormGroup.objects.filter(pk=row["norm_group_id"]).first()


def validity_summary(campaign, spec) -> dict:
    """Results per validity and how many each check flagged (a result may carry
    several flags)."""
    return counts_and_checks(campaign, spec)[1]


def scatter(campaign, spec, norm_group, total=None) -> dict:
    """Execution T against compression T for at most SCATTER_MAX_POINTS results,
    chosen by a fixed hash of the result id (the same points on every visit), with the
    classification lines of the norm group."""
    exe, cmp_ = family_codes_of(campaign.bank_version_id)
    out = {"points": [], "total": 0, "sampled": False, "lines": None, "shown": 0,
           "by_family": [],
           "execution_scale": exe, "compression_scale": cmp_}
    if exe is None or cmp_ is None or spec is None:
        return out
    # The read model: T on both family scales are columns of its narrow rows.
    results = campaign_summaries(campaign, spec).exclude(validity=Result.Validity.INVALID)
    total = results.count() if total is None else total
    out["total"] = total
    if total > SCATTER_MAX_POINTS:
        # The results whose fixed bucket is under a cut: about SCATTER_MAX_POINTS of them,
        # the same every time, read through the index on the bucket.
        cut = int(SAMPLE_MODULUS * SCATTER_MAX_POINTS / total)
        results = results.annotate(bucket=sample_bucket()).filter(bucket__lt=cut)
        out["sampled"] = True
    rows = results.values_list("execution_t", "compression_t", "probability_execution",
                               "role_family").order_by("pk")
    labels = {value: str(label) for value, label in Result.RoleFamily.choices}
    for x, y, p, family in rows[:SCATTER_MAX_POINTS]:
        if x is None or y is None:
            continue
        out["points"].append({"x": float(x), "y": float(y),
                              "p": None if p is None else round(float(p), 2),
                              "family": family, "band": str(labels.get(family, ""))})
    out["shown"] = len(out["points"])
    out["by_family"] = [
        {"family": value, "label": label,
         "n": sum(1 for point in out["points"] if point["family"] == value)}
        for value, label in Result.RoleFamily.choices
    ]
    if norm_group is not None:
        out["lines"] = classification_lines(norm_group, spec, exe, cmp_)
    return out


def classification_lines(norm_group, spec, exe_code, cmp_code, low=20.0, high=80.0):
    """Where P(execution) is .5 and the two cut-offs, as lines in the T plane.

    The engine's P is Phi(t) with t linear in the two z-scores for a fully answered
    form (scoring/classify.py); the norm group's own sampling error only pulls P toward
    .5, so the lines drawn are those of the plain posterior: exact for complete forms
    without the norm-error widening, a guide otherwise.
    """
    try:
        norms = norm_group.norms()
    except (KeyError, TypeError, ValueError):  # norms stored in an older shape: no lines
        return None
    codes = list(norms.scale_codes)
    if exe_code not in codes or cmp_code not in codes:
        return None
    e, c = codes.index(exe_code), codes.index(cmp_code)
    rel_e, rel_c, r = norms.reliability[e], norms.reliability[c], norms.role_correlation
    if not all(map(math.isfinite, (rel_e, rel_c, r))):
        return None
    slope_e = float(scoring.classify.posterior_t(1.0, 0.0, rel_e, rel_c, r))
    slope_c = float(scoring.classify.posterior_t(0.0, 1.0, rel_e, rel_c, r))
    if abs(slope_c) < 1e-9:
        return None
    engine_spec = spec.engine()
    lines = {}
    for name, p in (("even", 0.5), ("execution", engine_spec.p_execution),
                    ("compression", engine_spec.p_compression)):
        q = scoring.ndtri(p) if 0 < p < 1 else 0.0
        ends = []
        for x in (low, high):
            z_e = (x - 50.0) / 10.0
            z_c = (q - slope_e * z_e) / slope_c
            ends.append({"x": x, "y": round(50.0 + 10.0 * z_c, 2)})
        lines[name] = {"p": p, "points": ends}
    return lines


# --- Managers -------------------------------------------------------------------------


def headed_roots(employee):
    """The departments an employee heads (the top of what they may see)."""
    if employee is None:
        return []
    return list(employee.headed_departments.values_list("pk", flat=True))


def manager_campaigns(employee):
    """Campaigns with someone assessed in the manager's units, newest first."""
    tree = load_tree()
    ids = tree.subtree(headed_roots(employee))
    # EXISTS stops at the first assignment found in the units, campaign by campaign.
    someone = Assignment.objects.filter(campaign=OuterRef("pk"), department_id__in=ids)
    return Campaign.objects.filter(Exists(someone)).exclude(
        status=Campaign.Status.DRAFT).annotate(
        shared=Exists(UnitSnapshot.objects.filter(campaign=OuterRef("pk")))).order_by(
        "-launched_at", "-created_at", "-pk")


def manager_dashboard(employee, campaign, k=None) -> dict:
    """The funnel and the family counts of the departments `employee` heads and those
    below, as of the newest figures HR shared with managers (models/snapshots.py): every
    figure on fewer than k people (or recoverable from shown ones, or differing by fewer
    than k people from the same figure of an earlier snapshot) None."""
    k = settings.DASHBOARD_MIN_CELL if k is None else k
    roots = headed_roots(employee)
    snapshots = list(UnitSnapshot.objects.filter(campaign=campaign)
                     .values_list("pk", "taken_at", "counts"))
    if not snapshots:
        return {"rows": [], "k": k, "suppressed": 0, "any_results": False,
                "snapshot": None, "snapshots": 0}
    # Snapshots never change, so the newest one's id stands for the campaign's figures
    # (a review leaves what managers see alone); the tree comes from the organisation.
    return page_cache.cached(
        "manager-dashboard", org=True,
        parts=(campaign.pk, campaign.created_at.timestamp(), snapshots[-1][0], k,
               sorted(roots)),
        compute=lambda: _manager_dashboard(snapshots, roots, k))


def _manager_dashboard(snapshots, roots, k):
    tree = load_tree()
    ids = tree.subtree(roots)
    ordered = tree.ordered(ids, roots=roots)
    ordered_ids = [d.pk for d, _ in ordered]
    seen = []  # what the manager could read from each earlier snapshot
    for _pk, _taken_at, counts in snapshots:
        own = {pk: n for pk, n in _own_of(counts).items() if pk in ids}
        values = _figure_values(own, tree, ordered_ids)
        hidden = _hidden_across(own, tree, ordered_ids, k, values, seen)
        seen.append({f: n for f, n in values.items() if f not in hidden})
    rolled = roll_up(own, tree)
    rows = []
    for department, depth in ordered:
        fig = figures_of(rolled.get(department.pk, {}))

        def shown(name, pk=department.pk):
            return (pk, name) not in hidden

        rows.append({
            "department": department, "depth": depth,
            **{name: fig[name] if shown(name) else None for name in FIGURE_CATEGORIES},
            "families": _family_cells(fig, shown),
        })
    return {"rows": rows, "k": k, "suppressed": len(hidden),
            "any_results": any(r["scored"] for r in rows),
            "snapshot": snapshots[-1][1], "snapshots": len(snapshots)}


def _own_of(counts):
    return {int(key) if key else None: value for key, value in counts.items()}


def _figure_values(own, tree, ordered_ids):
    rolled = roll_up(own, tree)
    return {(pk, name): n for pk in ordered_ids
            for name, n in figures_of(rolled.get(pk, {})).items() if name in FIGURE_CATEGORIES}


def _hidden_across(own, tree, ordered_ids, k, values, seen):
    """The figures to hide in this snapshot: small cells and what reveals them
    (suppression.py), and every figure that moved by 1 to k-1 people since a snapshot
    the manager could have read, where both were shown: that move would be a group of
    fewer than k people (who was released in between). Hiding one can make another
    derivable, so both rules run again until nothing changes."""
    also_hide = set()
    while True:
        hidden = hidden_figures(own, tree, ordered_ids, k, also_hide=also_hide)
        moved = {figure for figure, n in values.items() if figure not in hidden and any(
            figure in earlier and 0 < abs(n - earlier[figure]) < k for earlier in seen)}
        if not moved:
            return hidden
        also_hide |= moved


def released_own_counts(campaign, spec) -> dict:
    """`own_counts` as managers may see it: results count only once HR released them
    (a confirmed or overridden family, contested ones still released); results pending
    review or withheld count as submitted and not yet shown. Two grouped queries."""
    counts = own_counts(campaign, None)  # the funnel: assigned, started, submitted
    released = campaign_summaries(campaign, spec).filter(
        review_state__in=[Result.ReviewState.RELEASED, Result.ReviewState.CONTESTED])
    rows = released.values("department_id").annotate(
        execution=Count("pk", filter=Q(released_family=Result.RoleFamily.EXECUTION)),
        undetermined=Count("pk", filter=Q(released_family=Result.RoleFamily.UNDETERMINED)),
        compression=Count("pk", filter=Q(released_family=Result.RoleFamily.COMPRESSION)),
        invalid=Count("pk", filter=Q(released_family="", validity=Result.Validity.INVALID)),
        released=Count("pk"),
    ).order_by()
    for row in rows:
        department = counts.setdefault(row.pop("department_id"),
                                       dict.fromkeys(CATEGORIES, 0))
        released = row.pop("released")
        # Released with no family and valid: "no family", as the HR dashboard counts it.
        row["unclassified"] = released - sum(row.values())
        for family, n in row.items():
            department[family] = n
        department["unscored"] -= released
    return counts


def hidden_figures(own, tree, ordered_ids, k, figures=FIGURE_CATEGORIES, also_hide=()):
    """The (department id, figure) pairs a manager must not see (`ordered_ids`: parents
    before children)."""
    return suppress_tree(own, tree, ordered_ids, figures, CATEGORIES, k,
                         sum_groups(own, tree, ordered_ids, figures), also_hide)


def sum_groups(own, tree, department_ids, figures=FIGURE_CATEGORIES):
    """Figures tied by a sum: a department's results and its families; a department and
    its sub-departments, where no one sits in the department itself."""
    ids = set(department_ids)
    tied = {"scored", *FAMILIES} <= set(figures)
    groups = [[(pk, "scored")] + [(pk, family) for family in FAMILIES] for pk in ids
              if tied]
    for pk in ids:
        children = [c for c in tree.children.get(pk, ()) if c in ids]
        if not children:
            continue
        for name, categories in figures.items():
            if not any(own.get(pk, {}).get(c, 0) for c in categories):
                groups.append([(pk, name)] + [(child, name) for child in children])
    return groups
