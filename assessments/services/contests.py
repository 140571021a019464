"""The person objects to their released result: once, with a comment.

A contest puts the result back in HR's queue: one conditional UPDATE released -> contested
on (pk, review_state, review_round), so a contest and a reviewer's decision taken at the
same moment cannot both win, and the family the person was shown (`released_family`) is
kept until the contest is decided. The Contest row is the audit record (who, what, when);
its one-to-one link to the result makes a second contest impossible in the database too.
Nothing is written when anything is wrong, and every problem is reported at once.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from talent import stamps

from ..models import Contest, Result
from .reviews import has_visible_text

MAX_COMMENT_LENGTH = 2000


class ContestRefused(Exception):
    """The contest was not recorded; `messages` says why (nothing was written)."""

    def __init__(self, messages):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = list(messages)


class NotTheirResult(ContestRefused):
    """No such result among this employee's own (shown as a 404)."""

    def __init__(self):
        super().__init__([_("There is no such result.")])


def comment_problems(comment):
    comment = (comment or "").strip()
    if not comment:
        return [_("Please tell HR what you disagree with; a contest needs a comment.")]
    if not has_visible_text(comment):
        return [_("The comment has no visible text (only spaces or invisible characters). "
                  "Please write what you disagree with in words.")]
    if len(comment) > MAX_COMMENT_LENGTH:
        return [_("Please keep the comment to %(max)d characters (it has %(n)d).") % {
            "max": MAX_COMMENT_LENGTH, "n": len(comment)}]
    return []


def _has_contest(result):
    return Contest.objects.filter(result_id=result.pk).exists()


def contest_result(result_id, employee, comment):
    """Record `employee`'s contest of their released result `result_id`; the Contest.

    Raises NotTheirResult when the result is not one of theirs, ContestRefused (with
    every problem) for an empty or overlong comment, a result not released, or one
    already contested."""
    result = Result.objects.filter(pk=result_id, assignment__employee=employee).select_related(
        "assignment").first()
    if employee is None or result is None:
        raise NotTheirResult()
    problems = comment_problems(comment)
    if _has_contest(result):
        problems.append(_("You have already contested this result; HR is reviewing it or has "
                          "answered."))
    elif result.review_state != Result.ReviewState.RELEASED:
        problems.append(_("Only a released result can be contested."))
    if problems:
        raise ContestRefused(problems)
    with transaction.atomic():
        changed = Result.objects.filter(
            pk=result.pk, review_state=Result.ReviewState.RELEASED,
            review_round=result.review_round,
        ).update(review_state=Result.ReviewState.CONTESTED, review_round=F("review_round") + 1)
        if changed != 1:
            raise ContestRefused([_("This result changed a moment ago; please reload the page.")])
        stamps.bump(stamps.campaign(result.assignment.campaign_id))
        try:
            with transaction.atomic():
                return Contest.objects.create(result=result, employee=employee,
                                              comment=comment.strip())
        except IntegrityError:
            # Another request contested it first: the UPDATE above is rolled back with it.
            raise ContestRefused([_("You have already contested this result; HR is "
                                    "reviewing it or has answered.")]) from None
