"""What HR's review pages and the person's data download show (read-only).

- `review_queue(**filters)`: the results HR filters in the queue;
- `result_for_review(pk)`, `decisions_of(result)`: one result and its history;
- `twin_pairs_of(result, language)`: how the person answered each twin pair, with the
  pairs that disagreed in words (what a reviewer reads to judge "misaligned");
- `bulk_preview(**filters)`: exactly what a bulk confirmation would release, and a
  fingerprint of it that the confirmation must present;
- `own_data(employee)`, `own_data_rows(employee)`: everything held about a person, as a
  JSON-ready dict and as formula-safe CSV rows.
"""

import hashlib

import numpy as np
from django.db.models import Q

from talent.csv_safety import escape_formula
from talent.models import Department

from .. import engine_io
from ..forms import AWAITING_REVIEW, PROBABILITY_BANDS
from ..models import (
    Answer,
    Assignment,
    Contest,
    Item,
    OutcomeRecord,
    Result,
    ReviewDecision,
    TwinPair,
)
from ..scoring.validity import pair_gaps
from .access import readers_of

State = Result.ReviewState


def review_queue(*, campaign=None, department=None, state=AWAITING_REVIEW, validity="",
                 family="", band=""):
    """Results by the filter, oldest first; `family` "none" is the unclassified (invalid)
    ones, `band` a key of forms.PROBABILITY_BANDS."""
    results = Result.objects.select_related(
        "assignment__employee", "assignment__campaign", "assignment__department",
    ).order_by("pk")
    if campaign is not None:
        results = results.filter(assignment__campaign=campaign)
    if department is not None:
        results = results.filter(
            assignment__department_id__in=Department.objects.subtree_ids(department))
    if state == AWAITING_REVIEW:
        results = results.awaiting_review()
    elif state and state != "all":
        results = results.filter(review_state=state)
    if validity:
        results = results.filter(validity=validity)
    if family:
        results = results.filter(role_family="" if family == "none" else family)
    for key, __, low, high in PROBABILITY_BANDS:
        if band == key:
            upper = (Q(probability_execution__lte=high) if high >= 1
                     else Q(probability_execution__lt=high))
            results = results.filter(upper, probability_execution__gte=low)
    return results


def home_hr_context(request):
    """HR's home card: how many results wait for a reviewer."""
    if not request.user.has_perm("assessments.review_result"):
        return {"awaiting_review_count": None}
    return {"awaiting_review_count": Result.objects.awaiting_review().count()}


def result_for_review(pk):
    """One result with what its page shows; Result.DoesNotExist when unknown."""
    return Result.objects.select_related(
        "assignment__employee__department", "assignment__campaign", "assignment__department",
        "norm_group", "spec", "bank_version__bank",
    ).get(pk=pk)


def decisions_of(result):
    return list(ReviewDecision.objects.filter(result=result)
                .select_related("reviewer", "answers_contest"))


def contest_of(result):
    return Contest.objects.filter(result=result).first()


def twin_pairs_of(result, language):
    """How the person behind `result` answered the twin pairs of its bank version, as
    the "misaligned" screen counted them (scoring.validity.pair_gaps with the result's
    own spec): {"answered": pairs with both answers, "agreed": those within the allowed
    distance, "disagreed": [one dict per pair that was not, farthest apart first]}.

    Each disagreeing pair has "relation" (its label), "opposite", "gap" and "allowed"
    (answer points, after turning the opposite member round) and "items": two dicts with
    "code", "text" (in `language`), "value" and "label" (the answer's wording, "" where
    the bank gives none)."""
    bank = engine_io.bank_layout(result.bank_version)
    layout = bank.layout
    empty = {"answered": 0, "agreed": 0, "disagreed": []}
    if not layout.pairs.shape[0]:
        return empty
    answers = engine_io.load_answers([result.assignment_id], bank).X
    gap, allowed = pair_gaps(answers, layout, result.spec.engine().twin_tolerance)
    gap = gap[0]
    answered = ~np.isnan(gap)
    off = np.flatnonzero(answered & (gap > allowed))
    codes = {layout.item_codes[int(i)] for p in off for i in layout.pairs[p]}
    items = {item.code: item for item in
             Item.objects.filter(version_id=result.bank_version_id, code__in=codes)}
    relations = dict(TwinPair.Relation.choices)
    disagreed = []
    for p in sorted(off, key=lambda p: -gap[p]):
        sides = []
        for column in layout.pairs[p]:
            item = items[layout.item_codes[int(column)]]
            value = int(answers[0, column])
            sides.append({"code": item.code, "text": item.text_in(language), "value": value,
                          "label": dict(item.answer_choices(language)).get(value, "")})
        opposite = bool(layout.pair_opposite[p])
        disagreed.append({
            "items": sides, "opposite": opposite,
            "relation": relations["opposite" if opposite else "same"],
            # Answers are whole points, so both distances are whole numbers.
            "gap": round(float(gap[p])), "allowed": int(np.floor(allowed[p])),
        })
    return {"answered": int(answered.sum()), "agreed": int(answered.sum()) - len(off),
            "disagreed": disagreed}


def bulk_preview(**filters):
    """(eligible results, their count, fingerprint) for a bulk confirmation of the queue
    under `filters`: only pending, valid results with a determined family."""
    eligible = review_queue(**filters).bulk_confirmable()
    ids = list(eligible.values_list("pk", flat=True))
    return eligible, len(ids), fingerprint(ids)


def fingerprint(ids):
    """A short digest of a set of result ids: equal only when the same results are listed
    (a count and a maximum id could match after one result left and another came)."""
    text = ",".join(str(i) for i in sorted(ids))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# --- The person's own data --------------------------------------------------------------

# What a person reads of their own results: the scores only once a reviewer released
# them (models/reviews.py); of a pending or withheld one, that it exists and its state.
_SHOWN_STATES = (State.RELEASED, State.CONTESTED)


def own_data(employee):
    """Everything held about `employee`: profile, assignments with answers, results,
    the review decisions on them (without who took them), and contests."""
    assignments = list(
        Assignment.objects.filter(employee=employee).select_related("campaign")
        .order_by("pk"))
    answers = {}
    for answer in (Answer.objects.filter(assignment__employee=employee)
                   .select_related("item").order_by("assignment_id", "item__order", "pk")):
        answers.setdefault(answer.assignment_id, []).append({
            "item": answer.item.code, "value": answer.value, "seconds": answer.seconds,
            "answered_at": _iso(answer.answered_at), "language": answer.language,
        })
    results = list(Result.objects.filter(assignment__employee=employee)
                   .select_related("assignment__campaign", "bank_version__bank", "norm_group")
                   .order_by("pk"))
    decisions = {}
    for decision in (ReviewDecision.objects.filter(result__assignment__employee=employee,
                                                   result__review_state__in=[
                                                       *_SHOWN_STATES, State.WITHHELD])
                     .order_by("decided_at", "pk")):
        decisions.setdefault(decision.result_id, []).append({
            "decision": decision.decision, "family": decision.family,
            "reason": decision.reason, "decided_at": _iso(decision.decided_at),
            "answers_contest": decision.answers_contest_id is not None,
        })
    return {
        "employee": {
            "employee_id": employee.employee_id, "name": employee.name,
            "email": employee.email, "department": str(employee.department),
            "position": str(employee.position) if employee.position_id else "",
        },
        "assignments": [{
            "id": a.pk, "campaign": a.campaign.name, "status": a.status,
            "started_at": _iso(a.started_at), "submitted_at": _iso(a.submitted_at),
            "notice_version": a.notice_version,
            "notice_acknowledged_at": _iso(a.notice_acknowledged_at),
            "language": a.language, "answers": answers.get(a.pk, []),
        } for a in assignments],
        "results": [_own_result(r, decisions.get(r.pk, [])) for r in results],
        "contests": [{
            "result": c.result_id, "comment": c.comment, "contested_at": _iso(c.created_at),
        } for c in Contest.objects.filter(employee=employee).order_by("pk")],
        # Outcome ratings of the person's work (docs/evidence.md): theirs to read.
        "outcomes": [{
            "criterion": o.criterion.code, "version": o.version.number,
            "date": o.date.isoformat(), "value": o.value, "simulated": o.simulated,
        } for o in OutcomeRecord.objects.filter(employee=employee).select_related(
            "criterion", "version").order_by("criterion__code", "date")],
        "read_by": [{"at": _iso(r["at"]), "role": str(r["role"]), "name": r["name"]}
                    for r in readers_of(employee)],
    }


def _own_result(result, decisions):
    row = {"id": result.pk, "assignment": result.assignment_id,
           "campaign": result.assignment.campaign.name, "review_state": result.review_state}
    if result.review_state in _SHOWN_STATES:
        row |= {
            "family_released": result.released_family,
            "family_scored": result.role_family,
            "probability_execution": result.probability_execution,
            "profile_note": result.profile_note, "validity": result.validity,
            "flags": result.flags, "scores": result.scores, "indices": result.indices,
            "bank_version": str(result.bank_version), "norm_group": str(result.norm_group),
            "computed_at": _iso(result.computed_at),
        }
    row["decisions"] = decisions
    return row


def own_data_rows(employee):
    """The same data as CSV rows: section, record, field, value (one fact a row, so any
    nesting reads in a spreadsheet). Every cell is formula-safe."""
    data = own_data(employee)
    yield ["section", "record", "field", "value"]
    for key, value in data["employee"].items():
        yield _safe(["employee", data["employee"]["employee_id"], key, value])
    for a in data["assignments"]:
        for key, value in a.items():
            if key != "answers":
                yield _safe(["assignment", a["id"], key, value])
        for answer in a["answers"]:
            for key, value in answer.items():
                if key != "item":
                    yield _safe([f"answer:{a['id']}", answer["item"], key, value])
    for r in data["results"]:
        for key, value in _flatten(r, skip=("decisions",)):
            yield _safe(["result", r["id"], key, value])
        for n, decision in enumerate(r["decisions"], start=1):
            for key, value in decision.items():
                yield _safe([f"decision:{r['id']}", n, key, value])
    for n, contest in enumerate(data["contests"], start=1):
        for key, value in contest.items():
            yield _safe(["contest", n, key, value])
    for n, outcome in enumerate(data["outcomes"], start=1):
        for key, value in outcome.items():
            yield _safe(["outcome", n, key, value])
    for n, read in enumerate(data["read_by"], start=1):
        for key, value in read.items():
            yield _safe(["read_by", n, key, value])


def _flatten(row, prefix="", skip=()):
    for key, value in row.items():
        if key in skip:
            continue
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield f"{prefix}{key}", ";".join(str(v) for v in value)
        else:
            yield f"{prefix}{key}", value


def _safe(row):
    return [escape_formula("" if cell is None else cell) for cell in row]


def _iso(moment):
    return moment.isoformat() if moment is not None else None
