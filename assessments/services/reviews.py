"""HR's review decisions on results: confirm, override, withhold, and confirm in bulk.

Each decision is one transaction: one conditional UPDATE of the result on (pk, a state
the decision may leave, the round the reviewer saw), then the decision appended to the
history. The round grows with every decision, contest and reopening re-score, so a
reviewer whose page is stale (someone else decided, the person contested, a re-score
changed the family) changes nothing and is told who decided (`AlreadyDecided`).
See models/reviews.py for the states.

Nobody judges alone: a reviewer never decides on their own result, and a contest is
decided by someone other than the reviewer whose decision is contested (or, with
CONTEST_DECIDED_BY = "superuser", for an organisation with a single HR reviewer, by a
superuser). Every contest decision, "kept as it was" included, carries a reason the
person reads; comments and reasons must have visible text.
"""

import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from talent import stamps

from .. import signals
from ..models import Contest, Result, ReviewDecision

State = Result.ReviewState
Family = Result.RoleFamily

# Which states each decision may leave. A released result is changed only through a
# contest (or a re-score); a withheld one may be reconsidered and released.
DECIDABLE = {
    ReviewDecision.Decision.CONFIRM: (State.PENDING, State.CONTESTED, State.WITHHELD),
    ReviewDecision.Decision.OVERRIDE: (State.PENDING, State.CONTESTED, State.WITHHELD),
    ReviewDecision.Decision.WITHHOLD: (State.PENDING, State.CONTESTED),
}
OVERRIDE_FAMILIES = (Family.EXECUTION, Family.COMPRESSION, Family.UNDETERMINED)


class AlreadyDecided(Exception):
    """The result changed since the reviewer's page was drawn; nothing was written."""

    def __init__(self, result_id, last_decision):
        self.result_id = result_id
        self.last_decision = last_decision
        super().__init__(self.message())

    def message(self):
        last = self.last_decision
        if last is None:
            return _("This result changed since you opened it; nothing was saved. "
                     "Read it again before deciding.")
        if last.reviewer is None:
            return _("This result was put back in review by re-scoring at %(at)s; nothing "
                     "was saved. Read it again before deciding.") % {"at": _when(last)}
        return _("This result was decided by %(who)s at %(at)s; nothing was saved.") % {
            "who": last.reviewer.get_full_name() or last.reviewer.get_username(),
            "at": _when(last)}


class NotYoursToDecide(Exception):
    """The reviewer may not take this decision (403); nothing was written."""

    status = 403


def has_visible_text(text):
    """Whether `text` has a character a reader can see: spaces, zero-width and other
    format or control characters alone (a zero-width space, say) are no text."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp",
                                                              "Mn", "Me", "Co", "Cn")
        and ch != "\u3164"  # the Hangul filler, drawn as nothing
        for ch in (text or ""))


def contested_decision(result):
    """The reviewer's decision the person contests: the last one before the contest."""
    contest = Contest.objects.filter(result_id=result.pk).first()
    if contest is None or contest.decisions.exists():
        return None
    return (ReviewDecision.objects.filter(result_id=result.pk, reviewer__isnull=False,
                                          decided_at__lte=contest.created_at)
            .select_related("reviewer").order_by("-decided_at", "-pk").first())


def refusal(result, reviewer):
    """Why `reviewer` may not decide on `result` now (a message), or None."""
    if result.assignment.employee.user_id == reviewer.pk:
        return _("This is your own result: another reviewer decides it.")
    if _open_contest(result) is None:
        return None
    if settings.CONTEST_DECIDED_BY == "superuser" and not reviewer.is_superuser:
        return _("In this organisation a contest is decided by a superuser: it waits "
                 "for them.")
    contested = contested_decision(result)
    if contested is not None and contested.reviewer_id == reviewer.pk:
        return _("You took the decision this person contests: another reviewer decides "
                 "the contest.")
    return None


def _when(decision):
    return formats.date_format(timezone.localtime(decision.decided_at), "DATETIME_FORMAT")


def confirm(result_id, reviewer, seen_round, reason=""):
    """Release the result with the family it was scored with (on a contest: kept as it
    was, with the reason the person reads)."""
    return _decide(result_id, reviewer, seen_round, ReviewDecision.Decision.CONFIRM,
                   reason=reason)


def override(result_id, reviewer, family, reason, seen_round):
    """Release the result with another family, explained."""
    return _decide(result_id, reviewer, seen_round, ReviewDecision.Decision.OVERRIDE,
                   family=family, reason=reason)


def withhold(result_id, reviewer, reason, seen_round):
    """Keep the result from the person (e.g. a retake is due), explained."""
    return _decide(result_id, reviewer, seen_round, ReviewDecision.Decision.WITHHOLD,
                   reason=reason)


@transaction.atomic
def _decide(result_id, reviewer, seen_round, decision, *, family="", reason=""):
    # Raises Result.DoesNotExist for an unknown id (the view's 404).
    result = Result.objects.select_related("assignment__employee").get(pk=result_id)
    reason = (reason or "").strip()
    refused = refusal(result, reviewer)
    if refused:
        raise NotYoursToDecide(refused)
    _check(result, decision, family, reason)
    if result.review_round != seen_round or result.review_state not in DECIDABLE[decision]:
        raise AlreadyDecided(result_id, _last_decision(result_id))
    released = {
        ReviewDecision.Decision.CONFIRM: result.role_family,
        ReviewDecision.Decision.OVERRIDE: family,
        ReviewDecision.Decision.WITHHOLD: "",
    }[decision]
    # The state read above is part of the condition: the round alone would do (every
    # change bumps it), but naming the state keeps the rule visible in the statement.
    updated = Result.objects.filter(
        pk=result_id, review_state=result.review_state, review_round=seen_round,
    ).update(
        review_state=State.WITHHELD if decision == ReviewDecision.Decision.WITHHOLD
        else State.RELEASED,
        released_family=released,
        review_round=F("review_round") + 1,
    )
    if updated == 0:
        raise AlreadyDecided(result_id, _last_decision(result_id))
    stamps.bump(stamps.campaign(result.assignment.campaign_id))
    if decision != ReviewDecision.Decision.WITHHOLD:
        signals.send_after_commit(signals.results_released, result_ids=[result_id])
    return ReviewDecision.objects.create(
        result_id=result_id, reviewer=reviewer, decision=decision,
        family=family if decision == ReviewDecision.Decision.OVERRIDE else "",
        reason=reason, answers_contest=_open_contest(result),
    )


def _check(result, decision, family, reason):
    """Every problem with the decision at once, as a ValidationError by field."""
    problems = {}
    if reason and not has_visible_text(reason):
        problems["reason"] = [_("The reason has no visible text (only spaces or invisible "
                                "characters). Write the reason in words.")]
    elif _open_contest(result) is not None and not reason:
        problems["reason"] = [_("Give the reason for your decision on this contest, also "
                                "when you keep the result as it was; the person will read "
                                "it.")]
    elif decision != ReviewDecision.Decision.CONFIRM and not reason:
        problems["reason"] = [
            _("Give the reason for overriding the family; the person will read it.")
            if decision == ReviewDecision.Decision.OVERRIDE else
            _("Give the reason for withholding the result (for example, a retake is due).")]
    if decision == ReviewDecision.Decision.OVERRIDE:
        if family not in OVERRIDE_FAMILIES:
            problems["family"] = [_("Choose precise execution, high compression or "
                                    "undetermined.")]
        elif result.validity == Result.Validity.INVALID:
            problems["family"] = [_("An invalid result says nothing about the person's "
                                    "traits, so it cannot be released with a family. "
                                    "Withhold it, or confirm it as invalid.")]
        elif family == result.role_family:
            problems["family"] = [_("This is the family it was scored with: confirm it "
                                    "instead of overriding.")]
    if problems:
        raise ValidationError(problems)


def _open_contest(result):
    """The person's contest this decision answers: one not answered by a decision yet
    (a re-score may have moved a contested result back to pending in between)."""
    contest = Contest.objects.filter(result_id=result.pk).first()
    if contest is None or contest.decisions.exists():
        return None
    return contest


def _last_decision(result_id):
    return (ReviewDecision.objects.filter(result_id=result_id).select_related("reviewer")
            .order_by("-decided_at", "-pk").first())


@dataclass
class BulkOutcome:
    confirmed: int = 0
    # Why the others were left: "not_found", "own_result", "not_pending", "not_valid",
    # "no_family".
    skipped: dict = field(default_factory=dict)
    confirmed_ids: list = field(default_factory=list)

    @property
    def skipped_total(self):
        return sum(self.skipped.values())


@transaction.atomic
def confirm_many(result_ids, reviewer):
    """Confirm every eligible result among these ids in one UPDATE; the rest are left
    and counted by reason. The eligible rows are locked first, so the rows updated are
    exactly the rows a decision is recorded for (a concurrent decision on one of them
    waits, then loses on its round)."""
    ids = sorted({int(i) for i in result_ids})
    outcome = BulkOutcome()
    found = set(Result.objects.filter(pk__in=ids).values_list("pk", flat=True))
    own = set(Result.objects.filter(pk__in=ids, assignment__employee__user=reviewer)
              .values_list("pk", flat=True))
    locked = list(
        Result.objects.filter(pk__in=ids).exclude(pk__in=own).bulk_confirmable()
        .select_for_update()
        .order_by("pk").values_list("pk", "role_family")
    )
    if locked:
        outcome.confirmed = Result.objects.filter(
            pk__in=[pk for pk, __ in locked]
        ).update(review_state=State.RELEASED, released_family=F("role_family"),
                 review_round=F("review_round") + 1)
        ReviewDecision.objects.bulk_create(
            ReviewDecision(result_id=pk, reviewer=reviewer,
                           decision=ReviewDecision.Decision.CONFIRM)
            for pk, __ in locked
        )
        stamps.bump_campaigns(Result.objects.filter(pk__in=[pk for pk, __ in locked])
                              .values_list("assignment__campaign_id", flat=True).distinct())
    outcome.confirmed_ids = [pk for pk, __ in locked]
    if locked:
        signals.send_after_commit(signals.results_released, result_ids=outcome.confirmed_ids)
    confirmed = set(outcome.confirmed_ids)
    left = Result.objects.filter(pk__in=found - confirmed - own).values_list(
        "review_state", "validity")
    skipped = {"not_found": len(set(ids) - found), "own_result": len(own)}
    for state, validity in left:
        reason = ("not_pending" if state != State.PENDING else
                  "not_valid" if validity != Result.Validity.VALID else "no_family")
        skipped[reason] = skipped.get(reason, 0) + 1
    outcome.skipped = {k: v for k, v in skipped.items() if v}
    return outcome
