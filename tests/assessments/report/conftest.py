"""Results of the shipped CORE v2 bank, scored for real against a simulated norm group, in
each state a report can show. The review service is written elsewhere, so a result is
released here by writing its review fields and a ReviewDecision directly (`release`)."""

import functools

import numpy as np
import pytest
from django.db.models import F
from django.utils import timezone

from assessments import engine_io, scoring
from assessments.models import (
    Assignment,
    Campaign,
    NormGroup,
    Result,
    ReviewDecision,
    ScoringSpec,
)
from assessments.services.bank_files import DEFAULT_BANK_FILES, import_bank, read_bank_file

N_NORM = 400


@functools.cache
def _scored(item_codes):
    """Norms and scores of N_NORM simulated people (pure numpy, once per session)."""
    layout = _layouts[item_codes]
    spec = scoring.Spec()
    X = scoring.simulate(layout, N_NORM, np.random.default_rng(11)).X
    norms = scoring.build_norms(X, layout, spec)
    return norms, engine_io.result_fields_of(scoring.score(X, layout, norms, spec))


_layouts = {}


@pytest.fixture
def core(db):
    """The shipped CORE v2 bank, published."""
    return import_bank(read_bank_file(DEFAULT_BANK_FILES[1]), publish_it=True)


# The simulated person of each family whose probability is nearest these (so the
# report reads "about 86 in 100" rather than a near-certain call).
TARGETS = {"execution": 0.86, "compression": 0.12, "undetermined": 0.6}


def _pick(rows, kind):
    candidates = [i for i, row in enumerate(rows) if row["validity"] == "valid"
                  and not row["profile_note"] and row["role_family"] == kind]
    assert candidates, f"no simulated {kind} person"
    return min(candidates, key=lambda i: abs(rows[i]["probability_execution"] - TARGETS[kind]))


@pytest.fixture
def make_result(core, employee):
    """make_result(kind, who=employee's User, campaign name) -> a pending Result of that
    person: kind is execution, compression, undetermined (valid, scored), questionable
    (an execution result that met the too_fast check), invalid (longstring), provisional
    (norms of 40 people: no family), both_elevated."""
    bank = engine_io.bank_layout(core)
    _layouts[tuple(bank.layout.item_codes)] = bank.layout
    norms, rows = _scored(tuple(bank.layout.item_codes))
    spec = ScoringSpec.objects.current()
    counter = iter(range(1, 1000))

    def make(kind="execution", who=None, name=None):
        who = who or employee
        n = next(counter)
        campaign = Campaign.objects.create(name=name or f"Spring {n}", bank_version=core,
                                           status=Campaign.Status.CLOSED)
        assignment = Assignment.objects.create(
            campaign=campaign, employee=who.employee, status=Assignment.Status.SUBMITTED,
            started_at=timezone.now(), submitted_at=timezone.now())
        provisional = kind == "provisional"
        group = NormGroup.objects.create(
            bank_version=core, name="Everyone 2026", number=n, n=40 if provisional else N_NORM,
            provisional=provisional, spec=spec, data=norms.to_dict())
        base = {"questionable": "execution", "provisional": "execution",
                "invalid": "execution", "both_elevated": "execution"}.get(kind, kind)
        fields = dict(rows[_pick(rows, base)])
        if kind == "questionable":
            fields.update(validity="questionable", flags=["too_fast"])
        elif kind == "invalid":
            fields.update(validity="invalid", flags=["longstring"], role_family="",
                          probability_execution=None, profile_note="")
        elif kind == "provisional":
            fields.update(role_family="", probability_execution=None)
        elif kind == "both_elevated":
            fields.update(profile_note="both_elevated")
        return Result.objects.create(assignment=assignment, spec=spec, norm_group=group,
                                     bank_version=core, computed_at=timezone.now(), **fields)

    return make


def release(result, family=None, reason="", reviewer=None):
    """As HR's confirm (family None) or override (family and reason) would."""
    if family is None:
        ReviewDecision.objects.create(result=result, reviewer=reviewer,
                                      decision=ReviewDecision.Decision.CONFIRM)
        shown = result.role_family
    else:
        ReviewDecision.objects.create(result=result, reviewer=reviewer, family=family,
                                      decision=ReviewDecision.Decision.OVERRIDE, reason=reason)
        shown = family
    Result.objects.filter(pk=result.pk).update(
        review_state=Result.ReviewState.RELEASED, released_family=shown,
        review_round=F("review_round") + 1)
    result.refresh_from_db()
    return result


def withhold(result, reason="A retake is due."):
    ReviewDecision.objects.create(result=result, decision=ReviewDecision.Decision.WITHHOLD,
                                  reason=reason)
    Result.objects.filter(pk=result.pk).update(review_state=Result.ReviewState.WITHHELD,
                                               released_family="",
                                               review_round=F("review_round") + 1)
    result.refresh_from_db()
    return result


def decide_contest(result, decision="confirm", family="", reason="We read it again.",
                   reviewer=None):
    """As HR's decision on a contest would: answers the contest, releases again."""
    ReviewDecision.objects.create(result=result, reviewer=reviewer, decision=decision,
                                  family=family, reason=reason,
                                  answers_contest=result.contest)
    state = (Result.ReviewState.WITHHELD if decision == "withhold"
             else Result.ReviewState.RELEASED)
    Result.objects.filter(pk=result.pk).update(
        review_state=state, released_family=family or result.released_family
        if state == Result.ReviewState.RELEASED else "",
        review_round=F("review_round") + 1)
    result.refresh_from_db()
    return result
