"""Trend over time (docs/evidence.md: "The stability to expect, person by person" and
"Each unit across campaigns"), read-only.

- Two campaigns on the same scales: which campaigns compare with this one, and how the
  families of the people scored in both moved (a matrix and the share that kept a
  determined family).
- The stability to expect: of the people with a determined family in an earlier
  campaign and a family again in a later one on the same scales, how many measurement
  error alone would leave in the same family (scoring/stability.py, with the earlier
  campaign's norm group and the engine's own classification), beside how many did.
- Each unit across campaigns: per department (sub-departments included) and campaign on
  the same scales, oldest first, the family shares and the mean T of the two family
  scales, with the dashboards' small-cell suppression (suppression.py) applied to every
  campaign: a figure the rules would hide from a manager is not shown here either.

Both run a fixed number of queries whatever the head count, and are cached per the
campaigns' newest scoring run (results change only through runs).
"""

from __future__ import annotations

import math

import numpy as np
from django.conf import settings
from django.db import connections, router
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Sum,
    Value,
)

from .. import engine_io
from ..models import Campaign, Result, ResultSummary, Scale
from ..models.summaries import family_codes_of
from ..scoring import stability
from ..scoring.engine import full_form_probability
from . import columns, dashboards, page_cache
from .suppression import suppress_tree

# Below this many people, a share kept says too little to set beside the expected one.
MIN_STABILITY_PEOPLE = 20
# The newest campaigns a unit is followed across (this one included).
MAX_CAMPAIGNS = 8
SHOWN_FAMILIES = ("execution", "undetermined", "compression")
VALID_FAMILIES = ("execution", "undetermined", "compression", "unclassified")
# The counts of one unit in one campaign, as suppression.py sees them: everyone scored
# and each family (the shares shown are these counts over the first).
UNIT_FIGURES = {
    "scored": dashboards.FAMILIES,
    **{family: (family,) for family in dashboards.FAMILIES},
}
# What the mean T rests on: the valid results. Suppressed on its own, as if every valid
# count were shown (the page shows none), so no group of fewer than k people's mean can
# be worked out by setting one unit's mean against another's.
MEAN_FIGURES = {"valid": VALID_FAMILIES}
# A unit's stability rests on its people seen in both campaigns: those who kept their
# family and those who changed it, each count protected like any other.
STABILITY_FIGURES = {"again": ("kept", "changed"), "kept": ("kept",), "changed": ("changed",)}


# --- Two campaigns on the same scales ---------------------------------------------------


def comparable_campaigns(campaign):
    """Other campaigns whose bank measures the same execution and compression scales,
    newest first, each with `scored`: whether it has a result under the current spec
    (a trend against a campaign with none would be empty)."""
    scales = family_codes_of(campaign.bank_version_id)
    if None in scales:
        return Campaign.objects.none()
    same = Scale.objects.filter(version=OuterRef("bank_version"))
    spec = dashboards.current_spec()
    # The read model's (campaign, spec) index answers this without touching assignments.
    scored = (Exists(ResultSummary.objects.filter(campaign=OuterRef("pk"), spec=spec))
              if spec is not None else Value(False))
    return Campaign.objects.exclude(pk=campaign.pk).exclude(
        status=Campaign.Status.DRAFT).filter(
        Exists(same.filter(role=Scale.Role.EXECUTION, code=scales[0])),
        Exists(same.filter(role=Scale.Role.COMPRESSION, code=scales[1])),
    ).annotate(scored=scored).order_by("-launched_at", "-created_at", "-pk")


def default_comparison(comparable):
    """The campaign the trend compares with unless HR picks another: the newest of
    `comparable` (as `comparable_campaigns` orders them) that has scores, or None."""
    return next((c for c in comparable if c.scored), None)


def trend(earlier, later) -> dict:
    """How the families of the people scored in both campaigns moved: a matrix (earlier
    family x later family) and stability, the share of those with a determined family in
    `earlier` who kept it in `later`."""
    return _comparison(earlier, later)["trend"]


def expected_stability(earlier, later) -> dict:
    """Observed and expected stability of the people determined in `earlier` with a
    family again in `later`.

    status: "ready" (figures), "too_few" (fewer than MIN_STABILITY_PEOPLE such people),
    or "unavailable" (no readable norm group or no family scales: nothing to compute
    the expected figure from). verdict: "below", "within" or "above" the range that
    measurement error alone produces for that many people."""
    return _comparison(earlier, later)["expected"]


def _comparison(earlier, later) -> dict:
    """The trend and the stability to expect of two campaigns, worked out together from
    one read of the people scored in both and cached as one report: a page shows both."""
    def compute():
        spec = dashboards.current_spec()
        both = _people_in_both(earlier, later, spec)
        return {"trend": _trend(both),
                "expected": _expected_stability(
                    earlier, spec, _stability_people(both, earlier.bank_version_id))}

    return page_cache.cached("comparison", campaign=[earlier, later], compute=compute)


def _trend(both):
    size = len(dashboards.FAMILIES)
    counts = np.zeros(size * size, dtype=int)
    if both is not None:
        counts = np.bincount(both["before"] * size + both["after"], minlength=size * size)
    matrix = counts.reshape(size, size)
    determined_rows = [dashboards.FAMILIES.index(f) for f in stability.DETERMINED]
    both_n = int(matrix.sum())
    determined = int(matrix[determined_rows].sum())
    kept = int(sum(matrix[i, i] for i in determined_rows))
    return {
        "matrix": [(before, [int(n) for n in matrix[i]])
                   for i, before in enumerate(dashboards.FAMILIES)],
        "both": both_n,
        "determined": determined,
        "kept": kept,
        "stability": kept / determined if determined else None,
    }


def _people_in_both(earlier, later, spec):
    """Everyone with a summary under `spec` in both campaigns, as arrays aligned person
    by person (in the order of their earlier results): `before` and `after`, the index of
    their family in dashboards.FAMILIES (an invalid result counts as "invalid", one
    without a family as "unclassified", as the dashboards count them), their earlier
    z on the two family scales (NaN where a T is missing) and the department they sat in
    for `later` (NaN where none was recorded). None without a scoring spec.

    One hash join of the two campaigns' summaries on the employee, in the database.
    Written in SQL because the two sides meet on the employee, which the ORM reaches only
    through the employee, assignment and result tables (four joins per person), or as a
    correlated subquery per person, which was planned badly both ways (17 s for 92,000
    people on analysed tables). Each side has one row per person: a summary is one per
    (assignment, spec), an assignment one per (campaign, employee). The families come back
    as small numbers and the columns as arrays (columns.py): the matrix and the stability
    to expect once read the join twice and 90,000 rows of strings."""
    if spec is None:
        return None

    def family(side):
        whens = " ".join(f"WHEN {side}.role_family = %s THEN {i}"
                         for i, name in enumerate(dashboards.FAMILIES)
                         if name not in ("unclassified", "invalid"))
        return (f"CASE WHEN {side}.validity = %s THEN {dashboards.FAMILIES.index('invalid')} "
                f"{whens} ELSE {dashboards.FAMILIES.index('unclassified')} END")

    named = [name for name in dashboards.FAMILIES if name not in ("unclassified", "invalid")]
    invalid = Result.Validity.INVALID.value
    database = connections[router.db_for_read(ResultSummary)]
    table = database.ops.quote_name(ResultSummary._meta.db_table)
    sql = (f"SELECT {family('b')}, {family('a')}, b.execution_t, b.compression_t, "  # noqa: S608
           f"a.department_id FROM {table} b "
           f"JOIN {table} a ON a.employee_id = b.employee_id "
           f"WHERE b.campaign_id = %s AND b.spec_id = %s AND a.campaign_id = %s "
           f"AND a.spec_id = %s ORDER BY b.result_id")
    before, after, exe_t, cmp_t, department = columns.of_sql(
        database, sql, [invalid, *named, invalid, *named, earlier.pk, spec.pk, later.pk,
                        spec.pk], 5)
    # A summary holds T; z is (T - 50) / 10 (a missing T stays NaN).
    return {"before": before.astype(int), "after": after.astype(int),
            "z": (np.column_stack([exe_t, cmp_t]) - 50.0) / 10.0, "department": department}


def _stability_people(both, version_id):
    """Of the people in both campaigns (`_people_in_both`), those with a determined family
    in the earlier one and a valid family again in the later one: their earlier z, family
    then, whether they kept it, and the department they sat in for the later one (NaN
    where none was recorded). None when `version_id`, the earlier campaign's bank version,
    has no family scales (or there was nothing to read)."""
    if both is None or None in family_codes_of(version_id):
        return None
    determined = [dashboards.FAMILIES.index(f) for f in stability.DETERMINED]
    shown = [dashboards.FAMILIES.index(f) for f in SHOWN_FAMILIES]
    which = np.isin(both["before"], determined) & np.isin(both["after"], shown)
    before, after = both["before"][which], both["after"][which]
    return {"z": both["z"][which], "before": np.asarray(dashboards.FAMILIES)[before],
            "kept": before == after, "department": both["department"][which]}


def _expected_stability(earlier, spec, people):
    out = {"status": "unavailable", "n": 0, "kept": 0, "minimum": MIN_STABILITY_PEOPLE}
    if people is None:
        return out
    out["n"] = len(people["kept"])
    out["kept"] = int(people["kept"].sum())
    if out["n"] < MIN_STABILITY_PEOPLE:
        out["status"] = "too_few" if out["n"] else "unavailable"
        return out
    keep = _keep_chances(earlier, spec, people)
    if keep is None:
        return out
    figures = _stability_figures(people["kept"], keep)
    return out if figures is None else {**out, **figures}


def _stability_figures(kept, keep):
    """Observed beside expected for some people: `kept` (bool) and `keep` (each one's
    chance, NaN where a score is missing) over the same people. None below
    MIN_STABILITY_PEOPLE with both scores."""
    found = stability.summarise(keep)
    if found.n < MIN_STABILITY_PEOPLE:
        return None
    # The observed share is taken over the same people the expected one is (those
    # with both scores), so the two compare like with like.
    complete = np.isfinite(keep)
    n, n_kept = int(complete.sum()), int(kept[complete].sum())
    return {"status": "ready", "n": n, "kept": n_kept, "observed": n_kept / n,
            "expected": found.expected, "low": found.low, "high": found.high,
            "verdict": stability.compare(n_kept, n, found)}


def _keep_chances(earlier, spec, people):
    """Each person's chance of keeping their family if nothing changed (NaN where a
    score is missing), from the earlier campaign's norm group and the engine's own
    classification; None when there is nothing to compute it from."""
    group = dashboards.norm_group_used(earlier, spec)
    try:
        norms = group.norms() if group is not None else None
    except (KeyError, TypeError, ValueError):  # norms stored in an older shape
        norms = None
    layout = engine_io.bank_layout(earlier.bank_version).layout
    if norms is None or not layout.classifies:
        return None
    e, c = layout.role_indices
    rel_e, rel_c, r = (float(norms.reliability[e]), float(norms.reliability[c]),
                       float(norms.role_correlation))
    if not (0 < rel_e < 1 and 0 < rel_c < 1 and math.isfinite(r)):
        return None
    engine_spec = spec.engine()
    z = people["z"]
    return stability.keep_chances(z[:, 0], z[:, 1], people["before"], rel_e, rel_c, r,
                                  full_form_probability(norms, layout, engine_spec),
                                  engine_spec.p_execution, engine_spec.p_compression)


# --- Each unit across campaigns -----------------------------------------------------------


def followed_campaigns(campaign, comparable=None):
    """This campaign and the scored ones on the same scales, oldest first, at most
    MAX_CAMPAIGNS (the newest)."""
    if comparable is None:
        comparable = comparable_campaigns(campaign)
    chosen = [c for c in comparable if c.scored] + [campaign]
    chosen.sort(key=lambda c: (c.launched_at or c.created_at, c.created_at, c.pk))
    return chosen[-MAX_CAMPAIGNS:], max(0, len(chosen) - MAX_CAMPAIGNS)


def unit_trend(campaign, k=None) -> dict:
    """Per unit of `campaign` (departments where its people sat, sub-departments
    included) and per campaign on the same scales, oldest first: people scored, the
    family shares and the mean T of the two family scales, each None where the
    small-cell rules hide it (figures on fewer than k people, or recoverable from the
    shown ones)."""
    k = settings.DASHBOARD_MIN_CELL if k is None else k
    campaigns, left_out = followed_campaigns(campaign)
    report = page_cache.cached(
        "unit-trend", campaign=campaigns, org=True, parts=(campaign.pk, k),
        compute=lambda: _unit_trend(campaign, campaigns, dashboards.current_spec(), k))
    return {**report, "left_out": left_out}


def _unit_trend(campaign, campaigns, spec, k):
    exe, cmp_ = family_codes_of(campaign.bank_version_id)
    out = {"campaigns": campaigns, "units": [], "k": k, "hidden": 0,
           "execution_scale": exe, "compression_scale": cmp_, "scored_here": False,
           "stability": None}
    if spec is None or len(campaigns) < 2:
        return out
    tree = dashboards.load_tree()
    own = _own_by_campaign(campaigns, spec)
    out["scored_here"] = bool(own.get(campaign.pk))
    # The units of this campaign: where its people sat, and every department above.
    ids = {ancestor for pk in own.get(campaign.pk, {}) if pk is not None
           for ancestor in tree.ancestors.get(pk, ())}
    ordered = tree.ordered(ids)
    ordered_ids = [d.pk for d, _depth in ordered]
    per_campaign = {c.pk: _unit_figures(own.get(c.pk, {}), tree, ordered_ids, k)
                    for c in campaigns}
    out["hidden"] = sum(figures["hidden"] for figures in per_campaign.values())
    earlier = _previous(campaign, campaigns)
    out["stability"] = (_unit_stability(earlier, campaign, spec, tree, ordered_ids, k)
                        if earlier is not None else None)
    kept_by_unit = out["stability"]["units"] if out["stability"] else {}
    for department, depth in ordered:
        out["units"].append({"department": department, "depth": depth, "cells": [
            {"campaign": c, **per_campaign[c.pk]["cells"].get(department.pk, _empty())}
            for c in campaigns], "stability": kept_by_unit.get(department.pk)})
    return out


def _previous(campaign, campaigns):
    """The newest of the followed campaigns before `campaign` (they are oldest first)."""
    if campaign not in campaigns:
        return None
    at = campaigns.index(campaign)
    return campaigns[at - 1] if at else None


def _unit_stability(earlier, later, spec, tree, ordered_ids, k):
    """Per unit of `later` (sub-departments included): of its people with a determined
    family in `earlier`, both scores and a family again, how many kept it, beside how
    many measurement error alone would let keep. A unit's figures are all shown or all
    hidden: hidden where the small-cell rules hide its count of people, of those who
    kept, or of those who changed; below MIN_STABILITY_PEOPLE they say too little."""
    out = {"earlier": earlier, "units": {}, "available": False}
    people = _stability_people(_people_in_both(earlier, later, spec),
                               earlier.bank_version_id)
    keep = _keep_chances(earlier, spec, people) if people is not None else None
    if keep is None:
        return out
    out["available"] = True
    counted = np.flatnonzero(np.isfinite(people["department"]) & np.isfinite(keep))
    own, members = {}, {}
    for i in counted:
        pk = int(people["department"][i])
        cell = own.setdefault(pk, {"kept": 0, "changed": 0})
        cell["kept" if people["kept"][i] else "changed"] += 1
        for ancestor in tree.ancestors.get(pk, ()):
            members.setdefault(ancestor, []).append(i)
    hidden = suppress_tree(own, tree, ordered_ids, STABILITY_FIGURES, ("kept", "changed"), k,
                           dashboards.sum_groups(own, tree, ordered_ids, STABILITY_FIGURES))
    for pk in ordered_ids:
        at = members.get(pk)
        if not at:
            continue
        if any((pk, name) in hidden for name in STABILITY_FIGURES):
            out["units"][pk] = {"status": "hidden"}
            continue
        figures = _stability_figures(people["kept"][at], keep[at])
        out["units"][pk] = figures or {"status": "too_few", "n": len(at)}
    return out


def _own_by_campaign(campaigns, spec):
    """{campaign id: {department id: {figure category: n, "sum_t_e": ..., "n_t_e": ...}}}
    of the people placed in each department itself. One grouped query over the read
    model (the campaigns followed share their family scales, whose T it holds)."""
    valid = ~Q(validity=Result.Validity.INVALID)
    rows = (ResultSummary.objects.filter(spec=spec, campaign__in=campaigns)
            .values("campaign_id", "department_id")
            .annotate(
                scored=Count("pk"),
                invalid=Count("pk", filter=Q(validity=Result.Validity.INVALID)),
                **{family: Count("pk", filter=valid & Q(role_family=family))
                   for family in SHOWN_FAMILIES},
                sum_t_e=Sum("execution_t", filter=valid),
                n_t_e=Count("execution_t", filter=valid),
                sum_t_c=Sum("compression_t", filter=valid),
                n_t_c=Count("compression_t", filter=valid),
            ).order_by())
    out = {}
    for row in rows:
        counts = {family: row[family] for family in SHOWN_FAMILIES}
        counts["invalid"] = row["invalid"]
        counts["unclassified"] = row["scored"] - sum(counts.values())
        for key in ("sum_t_e", "n_t_e", "sum_t_c", "n_t_c"):
            counts[key] = row[key] or 0
        out.setdefault(row["campaign_id"], {})[row["department_id"]] = counts
    return out


def _empty():
    return {"scored": None, "families": dict.fromkeys(SHOWN_FAMILIES),
            "mean_t": {"execution": None, "compression": None}, "present": False,
            "bar": None}


def _unit_figures(own, tree, ordered_ids, k):
    """The shown figures of every unit in one campaign (None: hidden)."""
    own = {pk: counts for pk, counts in own.items() if pk is not None}
    categories = {pk: {c: counts.get(c, 0) for c in dashboards.FAMILIES}
                  for pk, counts in own.items()}
    hidden = set()
    for figures in (UNIT_FIGURES, MEAN_FIGURES):
        hidden |= suppress_tree(categories, tree, ordered_ids, figures, dashboards.FAMILIES,
                                k, dashboards.sum_groups(categories, tree, ordered_ids,
                                                         figures))
    rolled = {}
    for pk, counts in own.items():
        for ancestor in tree.ancestors.get(pk, ()):
            total = rolled.setdefault(ancestor, {})
            for key, n in counts.items():
                total[key] = total.get(key, 0) + n
    cells = {}
    for pk in ordered_ids:
        scored = _scored(rolled.get(pk))
        if not scored:
            continue
        counts = rolled[pk]

        def shown(name, pk=pk):
            return (pk, name) not in hidden

        families = {}
        for family in SHOWN_FAMILIES:
            families[family] = (round(100 * counts[family] / scored)
                                if shown(family) and shown("scored") else None)
        mean_t = {}
        for role, key in (("execution", "e"), ("compression", "c")):
            n = counts[f"n_t_{key}"]
            # The mean rests on the valid results: shown only when their number is.
            mean_t[role] = (round(counts[f"sum_t_{key}"] / n, 1)
                            if shown("valid") and n >= k else None)
        cells[pk] = {"scored": scored if shown("scored") else None, "families": families,
                     "mean_t": mean_t, "present": True, "bar": _bar(counts, scored, families)}
    # What the page marks "hidden": the figures it shows as a dash.
    dashes = sum([cell["scored"], *cell["families"].values(), *cell["mean_t"].values()]
                 .count(None) for cell in cells.values())
    return {"cells": cells, "hidden": dashes}


def _bar(counts, scored, families):
    """(family, x, width) of a bar 100 wide, only when every share is shown."""
    if any(pct is None for pct in families.values()):
        return None
    bar, x = [], 0.0
    for family in SHOWN_FAMILIES:
        width = 100.0 * counts[family] / scored
        bar.append((family, round(x, 2), round(width, 2)))
        x += width
    return bar


def _scored(counts):
    return sum(counts.get(c, 0) for c in dashboards.FAMILIES) if counts else 0
