"""Evidence that the labels mean something (docs/evidence.md), read-only.

- Retest: people scored in two campaigns whose banks share scales (same code, same role,
  no shared item keyed the other way): per scale the retest correlation, for the family
  the agreement and kappa, each beside what the scales' reliabilities predict if nobody's
  trait changed (scoring/evidence.py, with the engine's own classification).
- Outcomes: per criterion and bank, the family difference in the outcome and the
  correlation of the T difference with it, with the verdict HR reads. Aggregates of
  fewer than settings.DASHBOARD_MIN_CELL people are not shown.
- Track record: the one sentence the person's report and HR's result page carry about
  the evidence behind a family on a bank.

The families tested are the scored ones (the engine's label, before any review), under
the current scoring spec; invalid results carry no family and no scores here.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db.models.fields.json import KT
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import engine_io
from ..checks import evidence_floor
from ..models import (
    Campaign,
    Criterion,
    Item,
    OutcomeRecord,
    QuestionBank,
    Result,
    Scale,
)
from ..scoring import engine, evidence
from . import dashboards, page_cache, trend
from .dashboards import campaign_results, current_spec

FAMILIES = evidence.FAMILIES
CACHE_SECONDS = 300


def min_cell():
    return settings.DASHBOARD_MIN_CELL


def min_per_family():
    """People per family an outcome verdict needs: EVIDENCE_MIN_PER_FAMILY, never below
    the k = 5 rule (a verdict states the families' difference, an aggregate of their
    ratings). A lower setting also fails the system check (assessments/checks.py)."""
    return max(int(settings.EVIDENCE_MIN_PER_FAMILY), evidence_floor())


def _finite(x):
    return x is not None and np.isfinite(x)


# --- Which scales two campaigns share -------------------------------------------------


_SHARED = {}


def shared_scales(earlier_version, later_version) -> list[dict]:
    """Scales measured by both bank versions: same code and role, and no item both carry
    keyed the other way round. [{code, role, scale, shared_items}] in code order.
    Published versions never change, so their answer is kept for the process."""
    frozen = not (earlier_version.is_draft or later_version.is_draft)
    key = (earlier_version.pk, earlier_version.published_at, later_version.pk,
           later_version.published_at)
    if frozen and key in _SHARED:
        return _SHARED[key]
    out = _shared_scales(earlier_version, later_version)
    if frozen:
        if len(_SHARED) > 1000:
            _SHARED.clear()
        _SHARED[key] = out
    return out


def _shared_scales(earlier_version, later_version):
    def scales(version):
        return {s.code: s for s in Scale.objects.filter(version=version)}

    def keying(version):
        return {code: (scale, rev) for code, scale, rev in Item.objects.filter(
            version=version).values_list("code", "scale__code", "reverse")}

    a, b = scales(earlier_version), scales(later_version)
    ka, kb = keying(earlier_version), keying(later_version)
    out = []
    for code in sorted(set(a) & set(b)):
        if a[code].role != b[code].role:
            continue
        items_a = {i for i, (s, _r) in ka.items() if s == code}
        items_b = {i for i, (s, _r) in kb.items() if s == code}
        shared = items_a & items_b
        if any(ka[i][1] != kb[i][1] for i in shared):
            continue
        out.append({"code": code, "role": b[code].role, "scale": b[code],
                    "shared_items": len(shared)})
    return out


def _both_roles_shared(earlier_version, later_version, memo):
    key = (earlier_version.pk, later_version.pk)
    if key not in memo:
        roles = {s["role"] for s in shared_scales(earlier_version, later_version)}
        memo[key] = {Scale.Role.EXECUTION, Scale.Role.COMPRESSION} <= roles
    return memo[key]


def _launched():
    return list(Campaign.objects.exclude(status=Campaign.Status.DRAFT)
                .select_related("bank_version__bank").order_by("-launched_at", "-pk"))


def retest_partners(campaign):
    """Other campaigns (launched) whose bank shares both role scales with this one.
    Scales are compared once per pair of bank versions, not per pair of campaigns."""
    memo = {}
    return [other for other in _launched() if other.pk != campaign.pk
            and _both_roles_shared(other.bank_version, campaign.bank_version, memo)]


def retest_pairs(limit=20):
    """(earlier, later) pairs of launched campaigns that share both role scales, the
    newest later campaigns first, at most `limit`."""
    campaigns, memo, pairs = _launched(), {}, []
    for i, later in enumerate(campaigns):
        for earlier in campaigns[i + 1:]:
            if _both_roles_shared(earlier.bank_version, later.bank_version, memo):
                pairs.append((earlier, later))
                if len(pairs) >= limit:
                    return pairs
    return pairs


# --- Retest -----------------------------------------------------------------------------


def _people(campaign, spec, codes):
    """{employee id: (z per code, family)} of the campaign's results under `spec`; an
    invalid result has no scores and no family here."""
    # Only the z of each shared scale is taken out of the scores document, in SQL, as
    # text (decoding 100,000 whole documents in Python took seconds).
    names = {f"z_{i}": KT(f"scores__{code}__z") for i, code in enumerate(codes)}
    rows = (campaign_results(campaign, spec)
            .exclude(validity=Result.Validity.INVALID)
            .order_by("assignment_id").annotate(**names)
            .values_list("assignment__employee_id", "role_family", *names))
    out = {}
    for employee, family, *z in rows.iterator(5000):
        out[employee] = ([np.nan if v is None else float(v) for v in z], family)
    return out


def retest(earlier, later) -> dict:
    """Everything the retest page shows for a pair of campaigns (cached per their runs)."""
    return page_cache.cached("retest", campaign=[earlier, later], timeout=CACHE_SECONDS,
                             compute=lambda: _retest(earlier, later, current_spec()))


def _retest(earlier, later, spec):
    scales = shared_scales(earlier.bank_version, later.bank_version)
    codes = [s["code"] for s in scales]
    before, after = _people(earlier, spec, codes), _people(later, spec, codes)
    both = sorted(set(before) & set(after))
    first = np.array([before[e][0] for e in both], dtype=float).reshape(len(both), len(codes))
    second = np.array([after[e][0] for e in both], dtype=float).reshape(len(both), len(codes))
    found = evidence.retest(first, second, [before[e][1] for e in both],
                            [after[e][1] for e in both])
    groups = (dashboards.norm_group_used(earlier, spec),
              dashboards.norm_group_used(later, spec))
    expected = _expected(groups[1], later.bank_version, spec)
    rows = []
    for j, scale in enumerate(scales):
        rels = [_reliability(g, scale["code"]) for g in groups]
        rows.append({
            **scale, "r": found.r[j], "n": int(found.n[j]), "low": found.r_low[j],
            "high": found.r_high[j],
            "expected": float(np.sqrt(rels[0] * rels[1])) if all(map(_finite, rels))
            else None,
            "shown": found.n[j] >= min_cell(),
        })
    return {"scales": rows, "both": len(both), "families": found, "expected": expected,
            "table": [(FAMILIES[i], found.table[i].tolist()) for i in range(3)],
            "shown": found.n_families >= min_cell()}


def _norms_of(group):
    """The engine's norms of a group, or None when it holds none that can be read."""
    if group is None:
        return None
    try:
        return group.norms()
    except (KeyError, TypeError, ValueError):
        return None


def _reliability(group, code):
    norms = _norms_of(group)
    if norms is None or code not in norms.scale_codes:
        return None
    return float(norms.reliability[norms.scale_codes.index(code)])


def _expected(group, version, spec):
    """The agreement expected if nobody changed, from the norm group's reliabilities and
    correlation and the engine's own P (every item answered): stored on the group when
    it was built; worked out (and cached for good) for a group built before that."""
    if group is None or spec is None or group.provisional:
        return None
    if group.expected_retest is not None:
        stored = group.expected_retest
        return evidence.Expected.from_dict(stored) if stored else None
    # A norm group and a spec never change once stored.
    return page_cache.cached_for_good(
        "expected-retest", parts=(group.pk, group.created_at.timestamp(), spec.pk),
        compute=lambda: _expected_agreement(group, version, spec))


def _expected_agreement(group, version, spec):
    norms = _norms_of(group)
    if norms is None:
        return None
    return engine.expected_retest(norms, engine_io.bank_layout(version).layout,
                                  spec.engine())


def retest_line(earlier, later, moved=None) -> dict | None:
    """The trend page's one line: agreement and kappa beside the expected ones (None
    when the two banks do not share both role scales with the same keying, or when too
    few people have a family twice to show it).

    Read off the trend's matrix (`moved`, from `trend.trend`): its execution,
    undetermined and compression rows and columns are the retest page's family table
    (the same results, the same people), so the dashboard need not read every person's
    scale scores to show it."""
    roles = {s["role"] for s in shared_scales(earlier.bank_version, later.bank_version)}
    if not {Scale.Role.EXECUTION, Scale.Role.COMPRESSION} <= roles:
        return None
    if moved is None:
        moved = trend.trend(earlier, later)
    rows = dict(moved["matrix"])
    at = [dashboards.FAMILIES.index(f) for f in FAMILIES]
    table = np.array([[rows[f][j] for j in at] for f in FAMILIES], dtype=int)
    n = int(table.sum())
    if n < min_cell():
        return None
    agreement, kappa = evidence.kappa_from_table(table)
    spec = current_spec()
    expected = _expected(dashboards.norm_group_used(later, spec), later.bank_version, spec)
    return {"agreement": agreement, "kappa": kappa, "n": n, "expected": expected}


# --- Outcomes ---------------------------------------------------------------------------


def criteria():
    """Criteria with their newest published version and how many people were rated."""
    out = []
    for criterion in Criterion.objects.order_by("code"):
        version = criterion.published_version()
        records = OutcomeRecord.objects.filter(criterion=criterion)
        out.append({"criterion": criterion, "version": version,
                    "name": criterion.name_in(_language()) or criterion.code,
                    "people": records.values("employee_id").distinct().count(),
                    "simulated": records.filter(simulated=True).exists()})
    return out


def _outcomes(criterion, version=None):
    """{employee id: newest rating}, over the ratings recorded on the scale of `version`
    (the published one) when given.

    A new version may change the scale (1-5 to 0-1): a mean or a difference over ratings
    on two scales would mean nothing, so ratings on versions with another scale are
    left out rather than mixed in; a version that only rewords the definition keeps
    its predecessors' ratings."""
    records = OutcomeRecord.objects.filter(criterion=criterion)
    if version is not None:
        records = records.filter(version__scale_min=version.scale_min,
                                 version__scale_max=version.scale_max)
    latest = {}
    for employee, value in (records.order_by("employee_id", "date")
                            .values_list("employee_id", "value")):
        latest[employee] = value
    return latest


def _newest_results(bank, spec):
    """{employee id: (family, T execution - T compression)} from each person's newest
    result on any version of the bank (invalid results excluded)."""
    out = {}
    roles = {}
    rows = (Result.objects.filter(spec=spec, bank_version__bank=bank)
            .exclude(validity=Result.Validity.INVALID)
            .order_by("assignment__campaign__launched_at", "computed_at")
            .values_list("assignment__employee_id", "bank_version_id", "scores",
                         "role_family"))
    for employee, version, scores, family in rows:
        if version not in roles:
            codes = dict(Scale.objects.filter(version_id=version).exclude(
                role=Scale.Role.NONE).values_list("role", "code"))
            roles[version] = (codes.get(Scale.Role.EXECUTION), codes.get(Scale.Role.COMPRESSION))
        exe, cmp_ = roles[version]
        te = ((scores or {}).get(exe) or {}).get("t")
        tc = ((scores or {}).get(cmp_) or {}).get("t")
        out[employee] = (family, np.nan if te is None or tc is None else te - tc)
    return out


def criterion_evidence(criterion) -> dict:
    """Per bank that classifies, the figures and verdict for one criterion."""
    return page_cache.cached(
        "criterion-evidence", campaign=page_cache.EVERY_CAMPAIGN, outcomes=True,
        parts=(criterion.pk, _language()), timeout=CACHE_SECONDS,
        compute=lambda: _criterion_evidence(criterion, current_spec()))


def _criterion_evidence(criterion, spec):
    version = criterion.published_version()
    outcomes = _outcomes(criterion, version)
    records = OutcomeRecord.objects.filter(criterion=criterion)
    banks = []
    if spec is not None:
        for bank in QuestionBank.objects.filter(versions__results__spec=spec).distinct():
            banks.append(_bank_evidence(bank, spec, outcomes))
    return {"criterion": criterion, "version": version, "rated": len(outcomes),
            "name": criterion.name_in(_language()) or criterion.code,
            "definition": version.definition_in(_language()) if version else "",
            "simulated": records.filter(simulated=True).exists(),
            "banks": banks, "min_per_family": min_per_family(),
            "k": min_cell()}


def _bank_evidence(bank, spec, outcomes):
    people = _newest_results(bank, spec)
    ids = [e for e in people if e in outcomes]
    families = np.array([people[e][0] for e in ids], dtype=str)
    t_diff = np.array([people[e][1] for e in ids], dtype=float)
    values = np.array([outcomes[e] for e in ids], dtype=float)
    found = evidence.outcome_validity(families, t_diff, values,
                                      min_per_family=min_per_family())
    k = min_cell()
    rows = [{"family": f, "n": found.n[f],
             "mean": found.mean[f] if found.n[f] >= k else None,
             "sd": found.sd[f] if found.n[f] >= k else None} for f in FAMILIES]
    both = min(found.n["execution"], found.n["compression"]) >= k
    return {"bank": bank, "found": found, "rows": rows, "difference_shown": both,
            "r_shown": found.r_n >= k, "assessed_and_rated": len(ids)}


def verdict_sentence(found, version) -> str:
    """The plain verdict, in words."""
    if found.verdict == evidence.NOT_TESTED:
        return _("Not yet tested: each family needs at least %(min)s people with this "
                 "outcome (now %(exe)s in precise execution, %(cmp)s in high "
                 "compression).") % {"min": found.min_per_family,
                                     "exe": found.n["execution"],
                                     "cmp": found.n["compression"]}
    if found.verdict == evidence.NO_EVIDENCE:
        return _("No evidence of a difference between the two families on this outcome.")
    higher = (_("precise execution") if found.difference > 0 else _("high compression"))
    sentence = _("Evidence of a difference of about %(size)s points (%(d)s standard "
                 "deviations), higher in %(family)s.") % {
        "size": f"{abs(found.difference):.2g}", "d": f"{abs(found.effect_size):.1f}",
        "family": higher}
    rated = version.family if version is not None else ""
    if rated in evidence.DETERMINED and (found.difference > 0) != (rated == "execution"):
        # "Higher in high compression" on a criterion rating execution work is evidence
        # against the label, not for it: said in words, not left to be worked out.
        name = _("precise execution") if rated == "execution" else _("high compression")
        sentence += " " + _("That is the opposite of what the label claims: people in "
                            "%(family)s, whose work this criterion rates, did worse.") % {
            "family": name}
    return sentence


# --- Track record -----------------------------------------------------------------------


def track_record(bank_version, family) -> str:
    """One sentence: what evidence stands behind `family` on this bank (retest and
    outcomes), for the person's report and HR's result page."""
    if family not in FAMILIES:
        return ""
    value = page_cache.cached(
        "track-record", campaign=page_cache.EVERY_CAMPAIGN, outcomes=True,
        parts=(bank_version.bank_id, _language()), timeout=CACHE_SECONDS,
        compute=lambda: _track_record(bank_version, current_spec()))
    return value.get(family, "")


def _track_record(bank_version, spec):
    retest_part = _retest_part(bank_version)
    outcome_part = _outcome_part(bank_version, spec)
    return {family: " ".join(p for p in (retest_part(family), outcome_part(family)) if p)
            for family in FAMILIES}


def _retest_part(bank_version):
    """The newest pair of campaigns on this bank with enough people in both."""
    campaigns = list(Campaign.objects.filter(bank_version__bank_id=bank_version.bank_id)
                     .exclude(status=Campaign.Status.DRAFT)
                     .select_related("bank_version").order_by("-launched_at", "-pk")[:4])
    found = None
    for i, later in enumerate(campaigns):
        for earlier in campaigns[i + 1:]:
            report = retest(earlier, later)
            if report["shown"]:
                found = report
                break
        if found:
            break

    def sentence(family):
        if found is None:
            return _("This family has not yet been retested on this questionnaire.")
        table = found["families"].table
        i = FAMILIES.index(family)
        n = int(table[i].sum())
        if n < min_cell():
            return _("Too few people had this family in two campaigns to say how stable "
                     "it is.")
        kept = round(100 * table[i, i] / n)
        expected = found["expected"]
        if expected is None:
            return _("Of %(n)s people with this family who were assessed again, %(k)s in "
                     "100 had it again.") % {"n": n, "k": kept}
        return _("Of %(n)s people with this family who were assessed again, %(k)s in 100 "
                 "had it again; about %(e)s in 100 would be expected from the "
                 "questionnaire's precision if nobody had changed.") % {
            "n": n, "k": kept,
            "e": round(100 * expected.table[i, i] / expected.table[i].sum())}

    return sentence


def _outcome_part(bank_version, spec):
    tested = {}
    if spec is not None:
        for criterion in Criterion.objects.order_by("code"):
            version = criterion.published_version()
            if version is None or not version.family:
                continue
            report = criterion_evidence(criterion)
            for bank in report["banks"]:
                if bank["bank"].pk == bank_version.bank_id and \
                        bank["found"].verdict != evidence.NOT_TESTED:
                    tested.setdefault(version.family, []).append((criterion, version,
                                                                  bank["found"]))

    def sentence(family):
        if family == "undetermined":
            return ""    # "undetermined" claims no kind of work that outcomes could test
        if family not in tested:
            return _("It has not yet been tested against outcomes in this organisation.")
        parts = [_outcome_clause(criterion, version, found, family)
                 for criterion, version, found in tested[family]]
        return _("Against outcomes in this organisation: %(parts)s.") % {
            "parts": "; ".join(parts)}

    return sentence


def _outcome_clause(criterion, version, found, family):
    """What one criterion rating this family's work found: better, worse, or no
    difference, and whether only people placed in such a role were compared."""
    name = criterion.name_in(_language())
    if found.verdict == evidence.DIFFERENCE:
        # The difference is execution minus compression: positive favours execution.
        better = (found.difference > 0) == (family == "execution")
        size = f"{abs(found.difference):.2g}"
        if better:
            clause = _("on “%(name)s” people with this family did better, by about "
                       "%(size)s points") % {"name": name, "size": size}
        else:
            clause = _("on “%(name)s” people with this family did worse, by about "
                       "%(size)s points") % {"name": name, "size": size}
    else:
        clause = _("on “%(name)s” no difference was found") % {"name": name}
    if version.placed_only:
        # Range restriction: the reader of one sentence must not take a comparison of
        # the people placed in a role for one of the whole organisation.
        clause = _("%(clause)s (only people placed in such a role are rated on it, so "
                   "everyone else is left out of the comparison)") % {"clause": clause}
    return clause


def _language():
    return get_language() or "en"
