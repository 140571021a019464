"""Invitations and reminders: who gets which email, recorded once per message.

Every message sent or attempted is a `Message` row. The row is written *before* the
email goes out, so a task that is delivered twice (a Redis broker may redeliver, a
worker may be killed and the task retried) sends nothing twice:

- an invitation is recorded once per assignment (a unique constraint): the second
  attempt cannot record one, and so sends nothing;
- a reminder is recorded under a lock on the assignment row, after checking that the
  person has had no message within the last K days (`REMINDER_EVERY_DAYS`); a second
  attempt finds the first one's row and sends nothing.

The price is at-most-once delivery: a worker killed between recording and sending leaves
a message marked "sending" that nobody sends (HR sees it; the next reminder follows).

Who is reminded (`reminders_due`): people in an open campaign (inside its window) who
have not submitted, can log in and have an email address, were told at least once, and
had no message for K days; of those, the ones who have not started, and the ones who
stalled: in progress with no answer (or start) for N days (`REMINDER_STALLED_DAYS`).
HR's "send reminders now" (`remind_now`) reminds everyone who has not submitted, except
those who got a message within the last day, so pressing it twice sends nothing twice;
`not_reminded` counts the others by reason, so HR reads why nobody (or not everyone) was
reminded.

HR's "send the missing invitations" (`missing_invitations`) invites the people of an open
campaign who have no invitation recorded: a campaign whose invitations were never queued
(the demo's, or a launch whose fan-out was lost with a broker). Each goes through
`send_invitation`, so pressing it twice, or a task delivered twice, sends nothing twice.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from talent import mail

from ..models import Answer, Assignment, Campaign, Message

__all__ = ["assignment_link", "missing_invitations", "not_reminded", "remind", "remind_due",
           "remind_now", "reminders_due", "send_invitation", "uninvited"]

logger = logging.getLogger(__name__)

# The languages every email is written in, one after the other.
EMAIL_LANGUAGES = ("en", "zh-hans")
# HR's "send reminders now" skips people who had a message this recently.
REMIND_NOW_GAP = timedelta(days=1)
ERROR_LENGTH = 1000


def assignment_link(assignment):
    """The absolute link in the emails. It needs a login and grants nothing by itself:
    the page answers only the assignment's own employee."""
    path = reverse("assessments:assignment", args=[assignment.pk])
    return settings.SITE_URL.rstrip("/") + path


def _delivery_problem(employee):
    if not employee.email:
        return Message.NO_EMAIL
    if employee.user_id is None or not employee.user.is_active:
        return Message.NO_LOGIN
    return ""


def _render(kind, assignment):
    context = {"assignment": assignment, "campaign": assignment.campaign,
               "employee": assignment.employee, "link": assignment_link(assignment)}
    subjects, bodies = [], []
    for language in EMAIL_LANGUAGES:
        with translation.override(language):
            subjects.append(render_to_string(
                f"assessments/email/{kind}_subject.txt", context).strip())
            bodies.append(render_to_string(f"assessments/email/{kind}.txt", context).strip())
    return " / ".join(subjects), "\n\n----------\n\n".join(bodies) + "\n"


def _deliver(message, assignment, *, now):
    subject, body = _render(message.kind, assignment)
    try:
        message.provider_id = mail.send(subject, body, message.recipient)
    except Exception as exc:  # noqa: BLE001 - any backend error is a failed delivery
        logger.warning("message %s to %s failed: %s", message.pk, message.recipient, exc)
        message.status, message.error = Message.Status.FAILED, str(exc)[:ERROR_LENGTH] or repr(exc)
        message.save(update_fields=["status", "error"])
        return message
    message.status, message.sent_at = Message.Status.SENT, now
    message.save(update_fields=["status", "sent_at", "provider_id"])
    if message.kind == Message.Kind.INVITATION:
        Assignment.objects.filter(pk=assignment.pk, invited_at__isnull=True).update(invited_at=now)
    return message


def _load(assignment_id):
    return (Assignment.objects.select_related("campaign", "employee__user")
            .filter(pk=assignment_id).first())


def send_invitation(assignment_id, *, now=None):
    """Invite the assignment's employee (at most once, ever); the Message, or None when
    there was nothing to do (already invited, the campaign is no longer open)."""
    now = now or timezone.now()
    assignment = _load(assignment_id)
    if assignment is None or assignment.campaign.status != Campaign.Status.OPEN:
        return None
    problem = _delivery_problem(assignment.employee)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                assignment=assignment, kind=Message.Kind.INVITATION,
                recipient=assignment.employee.email,
                status=Message.Status.FAILED if problem else Message.Status.SENDING,
                error=problem,
            )
    except IntegrityError:
        return None  # recorded by an earlier attempt: sent (or tried) once already
    if problem:
        return message
    return _deliver(message, assignment, now=now)


def _last_message():
    return Subquery(Message.objects.filter(assignment=OuterRef("pk"))
                    .order_by("-created_at").values("created_at")[:1])


def _last_activity():
    last_answer = Subquery(Answer.objects.filter(assignment=OuterRef("pk"))
                           .exclude(answered_at=None).order_by("-answered_at")
                           .values("answered_at")[:1])
    return Coalesce(last_answer, "started_at")


def _remindable(now, gap):
    """Assignments one may remind now: open campaign, not submitted, reachable, told at
    least once, no message within `gap`."""
    return (
        Assignment.objects.filter(campaign__in=Campaign.objects.open(now))
        .exclude(status=Assignment.Status.SUBMITTED)
        .filter(employee__active=True, employee__user__isnull=False,
                employee__user__is_active=True)
        .exclude(employee__email="")
        .annotate(last_message=_last_message())
        .filter(last_message__isnull=False, last_message__lte=now - gap)
    )


def _due(now):
    every = timedelta(days=settings.REMINDER_EVERY_DAYS)
    stalled_before = now - timedelta(days=settings.REMINDER_STALLED_DAYS)
    return _remindable(now, every).annotate(last_activity=_last_activity()).filter(
        Q(status=Assignment.Status.NOT_STARTED)
        | Q(status=Assignment.Status.IN_PROGRESS, last_activity__lte=stalled_before)
        | Q(status=Assignment.Status.IN_PROGRESS, last_activity__isnull=True)
    )


def reminders_due(*, now=None) -> list[int]:
    """Ids of the assignments the periodic scan reminds now."""
    now = now or timezone.now()
    return sorted(_due(now).values_list("pk", flat=True))


def remind(assignment_id, *, now=None, by_hr=False):
    """Remind one person if they are (still) due; the Message sent or attempted, or None.

    Re-checked under a lock on the assignment, so a repeated task reminds once."""
    now = now or timezone.now()
    due = _remindable(now, REMIND_NOW_GAP) if by_hr else _due(now)
    with transaction.atomic():
        locked = (Assignment.objects.select_for_update(of=("self",))
                  .filter(pk=assignment_id).values_list("pk", flat=True))
        if not list(locked) or not due.filter(pk=assignment_id).exists():
            return None
        assignment = _load(assignment_id)
        message = Message.objects.create(
            assignment=assignment, kind=Message.Kind.REMINDER,
            recipient=assignment.employee.email,
        )
    return _deliver(message, assignment, now=now)


def remind_due(*, now=None) -> list:
    """The periodic scan, in one process: remind everyone due; the Messages."""
    now = now or timezone.now()
    return [m for pk in reminders_due(now=now) if (m := remind(pk, now=now))]


def remind_now(campaign, *, now=None) -> list[int]:
    """Ids of the assignments of `campaign` HR's "send reminders now" reminds."""
    now = now or timezone.now()
    return sorted(_remindable(now, REMIND_NOW_GAP).filter(campaign=campaign)
                  .values_list("pk", flat=True))


def _reachable():
    """People who can be told and can answer (the opposite of `campaigns.unreachable`,
    and a person who left)."""
    return (Q(employee__active=True, employee__user__isnull=False,
              employee__user__is_active=True) & ~Q(employee__email=""))


def not_reminded(campaign, *, now=None) -> dict:
    """Why HR's "send reminders now" leaves people of `campaign` out, counted in one
    query: {"not_invited", "submitted", "unreachable", "recent"}. Each person is in one
    group at most: submitted first, then unreachable, then never told, then told within
    the last day. Everyone else is reminded."""
    now = now or timezone.now()
    pending, reachable = ~Q(status=Assignment.Status.SUBMITTED), _reachable()
    counts = (Assignment.objects.filter(campaign=campaign).annotate(last_message=_last_message())
              .aggregate(
                  total=Count("pk"),
                  submitted=Count("pk", filter=~pending),
                  reachable=Count("pk", filter=pending & reachable),
                  not_invited=Count("pk", filter=pending & reachable
                                    & Q(last_message__isnull=True)),
                  recent=Count("pk", filter=pending & reachable
                               & Q(last_message__gt=now - REMIND_NOW_GAP)),
              ))
    return {
        "not_invited": counts["not_invited"],
        "submitted": counts["submitted"],
        # Counted as the rest, so a NULL from a missing login never drops anyone.
        "unreachable": counts["total"] - counts["submitted"] - counts["reachable"],
        "recent": counts["recent"],
    }


def uninvited(campaign, *, now=None):
    """The assignments of `campaign` with no invitation recorded, while it takes answers
    (open, closing time not past): a QuerySet, empty otherwise."""
    now = now or timezone.now()
    if campaign.status != Campaign.Status.OPEN or (
            campaign.closes_at is not None and campaign.closes_at <= now):
        return Assignment.objects.none()
    return Assignment.objects.filter(campaign=campaign).not_invited()


def missing_invitations(campaign, *, now=None) -> list[int]:
    """Ids of `uninvited(campaign)`, each for `send_invitation`."""
    return sorted(uninvited(campaign, now=now).values_list("pk", flat=True))
