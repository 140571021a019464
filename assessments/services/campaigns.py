"""A campaign's lifecycle on HR's side: create, who it reaches, launch, close.

- `create_campaign` writes a draft on a published bank version, with its audience and
  window; every problem is reported at once (a ValidationError by field).
- `audience` / `audience_of` is the set of employees a campaign reaches: every active
  employee, or the active employees of the chosen departments (with all their
  sub-departments) together with those in the chosen positions.
- `launch` turns a draft into an open campaign in one transaction: one conditional
  UPDATE draft -> open (so two launches, even at the same moment, launch once), then one
  assignment per person in the audience, each with the person's department and position
  at that moment. The caller queues the invitations after commit (assessments.tasks).
- `close` is one conditional UPDATE open -> closed; the employee side refuses answers to
  a campaign that is not open. The caller queues the scoring (assessments.tasks).

These functions never queue anything themselves (services never import tasks).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talent import stamps
from talent.models import Department, Employee

from .. import signals
from ..models import Assignment, BankVersion, Campaign
from ..models.campaigns import DEFAULT_NOTICE_VERSION

__all__ = ["CampaignRefused", "LaunchOutcome", "audience", "audience_of", "close",
           "close_due", "create_campaign", "launch", "unreachable"]


class CampaignRefused(Exception):
    """A lifecycle step that cannot happen now (the message says why, for HR)."""


@dataclass
class LaunchOutcome:
    campaign: Campaign
    assignment_ids: list[int] = field(default_factory=list)

    @property
    def created(self):
        return len(self.assignment_ids)


def _subtree_ids(department_ids):
    """The given departments and every department below them (one query per level)."""
    ids = set(department_ids)
    frontier = set(ids)
    while frontier:
        frontier = set(
            Department.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        ) - ids
        ids |= frontier
    return ids


def audience(*, audience_all=False, departments=(), positions=()):
    """The active employees an audience reaches (a QuerySet; none when nothing is chosen)."""
    employees = Employee.objects.active()
    if audience_all:
        return employees
    department_ids = _subtree_ids(getattr(d, "pk", d) for d in departments)
    position_ids = {getattr(p, "pk", p) for p in positions}
    if not department_ids and not position_ids:
        return employees.none()
    return employees.filter(Q(department_id__in=department_ids) | Q(position_id__in=position_ids))


def audience_of(campaign):
    return audience(
        audience_all=campaign.audience_all,
        departments=campaign.departments.values_list("pk", flat=True),
        positions=campaign.positions.values_list("pk", flat=True),
    )


def unreachable(campaign):
    """People the campaign reaches who cannot answer or be told: no login (or a disabled
    one), or no email address. Before launch, from the audience; after, from the
    assignments. Ordered by employee id."""
    if campaign.status == Campaign.Status.DRAFT:
        people = audience_of(campaign)
    else:
        people = Employee.objects.filter(assignments__campaign=campaign)
    return people.filter(
        Q(user__isnull=True) | Q(user__is_active=False) | Q(email="")
    ).select_related("user", "department").order_by("employee_id")


def create_campaign(*, name, bank_version, name_zh="", opens_at=None, closes_at=None,
                    audience_all=False, departments=(), positions=(),
                    notice_version=DEFAULT_NOTICE_VERSION, created_by=None,
                    now=None) -> Campaign:
    """A draft campaign; raises ValidationError (every problem, by field) and writes
    nothing when the input is not acceptable."""
    now = now or timezone.now()
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("A campaign needs a name.")
    elif Campaign.objects.filter(name=name.strip()).exists():
        errors["name"] = _("There is already a campaign with this name.")
    name_zh = (name_zh or "").strip()
    if len(name_zh) > Campaign._meta.get_field("name_zh").max_length:
        errors["name_zh"] = _("The Chinese name is longer than %(limit)s characters.") % {
            "limit": Campaign._meta.get_field("name_zh").max_length}
    if bank_version is None:
        errors["bank_version"] = _("Choose a published bank version.")
    elif bank_version.status != BankVersion.Status.PUBLISHED:
        errors["bank_version"] = _(
            "A campaign needs a published bank version, not a draft or a retired one.")
    for label, moment in (("opens_at", opens_at), ("closes_at", closes_at)):
        if moment is not None and timezone.is_naive(moment):
            errors[label] = _("A time needs its time zone.")
    if "opens_at" not in errors and "closes_at" not in errors:
        if opens_at and closes_at and closes_at <= opens_at:
            errors["closes_at"] = _("The campaign must close after it opens.")
        elif closes_at and closes_at <= now:
            errors["closes_at"] = _("The closing time is already past.")
    if not audience_all and not list(departments) and not list(positions):
        errors["audience_all"] = _(
            "Choose the audience: all active employees, or departments and/or positions.")
    if not (notice_version or "").strip():
        errors["notice_version"] = _("Give the version of the notice people acknowledge.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name.strip(), name_zh=name_zh, bank_version=bank_version, opens_at=opens_at,
            closes_at=closes_at, audience_all=audience_all,
            notice_version=notice_version.strip(), created_by=created_by,
        )
        if not audience_all:
            campaign.departments.set(departments)
            campaign.positions.set(positions)
    return campaign


def launch(campaign, *, now=None) -> LaunchOutcome:
    """Draft -> open, with one assignment per person in the audience (department and
    position as they are now). Raises CampaignRefused, and writes nothing, when the
    campaign is not a draft any more or its audience is empty."""
    now = now or timezone.now()
    # Any refusal below raises inside the transaction, so the UPDATE is rolled back too.
    with transaction.atomic():
        people = list(
            audience_of(campaign).exclude(assignments__campaign=campaign)
            .values_list("pk", "department_id", "position_id")
        )
        launched = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.DRAFT).update(
            status=Campaign.Status.OPEN, launched_at=now)
        if not launched:
            raise CampaignRefused(_("This campaign has already been launched."))
        if campaign.closes_at is not None and campaign.closes_at <= now:
            raise CampaignRefused(_("This campaign's closing time is already past."))
        if not people:
            raise CampaignRefused(
                _("Nobody is in this campaign's audience, so there is nobody to invite."))
        created = Assignment.objects.bulk_create(
            Assignment(campaign_id=campaign.pk, employee_id=employee_id,
                       department_id=department_id, position_id=position_id)
            for employee_id, department_id, position_id in people
        )
    campaign.status, campaign.launched_at = Campaign.Status.OPEN, now
    stamps.bump(stamps.campaign(campaign.pk))  # its assignments: the funnel starts
    ids = [a.pk for a in created]
    if None in ids:  # a backend that does not return ids from bulk inserts
        ids = list(campaign.assignments.values_list("pk", flat=True))
    return LaunchOutcome(campaign, sorted(ids))


def close(campaign, *, now=None) -> Campaign:
    """Open -> closed (one conditional UPDATE); raises CampaignRefused when it is not open."""
    now = now or timezone.now()
    closed = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.OPEN).update(
        status=Campaign.Status.CLOSED, closed_at=now)
    if not closed:
        if campaign.status == Campaign.Status.DRAFT:
            raise CampaignRefused(_("This campaign has not been launched yet."))
        raise CampaignRefused(_("This campaign is already closed."))
    campaign.status, campaign.closed_at = Campaign.Status.CLOSED, now
    stamps.bump(stamps.campaign(campaign.pk))
    signals.send_after_commit(signals.campaign_closed, campaign_id=campaign.pk)
    return campaign


def close_due(*, now=None) -> list[int]:
    """Close every open campaign whose closing time has passed; the ids closed here."""
    now = now or timezone.now()
    closed = []
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN, closes_at__lte=now):
        try:
            close(campaign, now=now)
        except CampaignRefused:  # closed by someone else in the meantime
            continue
        closed.append(campaign.pk)
    return closed
