"""Erasure of one person (GDPR Art. 17): HR on the person's page, or
`manage.py erase_person`. One transaction; every reason to refuse is reported at once.

What goes: every assignment of theirs (with it, by cascade, their answers, results,
review decisions, contests and messages), their outcome ratings, their SCIM identity,
every export file that may list them (exports of their campaigns and of all campaigns),
org-import files and paused HR-sync snapshots that name them, the admin's log lines about
them, their login (with its sessions, email addresses, SSO links, second factors, API
tokens and invitations) and django-axes' records of its login attempts.

What stays, and why:
- the employee row, emptied: name "Erased person", id `erased-<pk>`, no email, no position,
  no manager, inactive. The access trail is append-only (a trigger on PostgreSQL) and
  points at that row: it still says that someone's result was read, by whom and when,
  and no longer whose.
- their login, emptied the same way, when it is needed as the author of records about
  other people (a review decision they took as HR, an access record of their reading).
- the tombstone (models/erasures.py): that an erasure happened, when, by whom, why, and
  how many rows of each kind went.
- managers' snapshots: counts per unit only. The campaigns the person was in are shared
  again without them; the suppression across snapshots (reports/dashboards.py) hides
  every cell that moved by fewer than k people, so the difference does not point at them.

An active employee is refused: the next HR import would bring them back. HR marks them as
having left first (in the HR system or the org import).
"""

import json
from contextlib import suppress

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from talent import accounts, org_sync, stamps, uploads
from talent.models import Department, Employee, OrgImport, OrgSync, ScimIdentity
from talent.private_files import private_storage

from ..models import (
    Assignment,
    Campaign,
    Erasure,
    ExportJob,
    OutcomeRecord,
    Result,
    UnitSnapshot,
)
from . import sharing
from .reviews import has_visible_text

ERASED_NAME = "Erased person"
MAX_REASON_LENGTH = 2000


class ErasureRefused(Exception):
    """Why the person cannot be erased now: a list of sentences (shown as a 400)."""

    status = 400

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


def erased_id(employee):
    return f"erased-{employee.pk}"


def is_erased(employee):
    return employee.employee_id == erased_id(employee)


def erasure_problems(employee, *, by, reason):
    problems = []
    reason = (reason or "").strip()
    if not reason or not has_visible_text(reason):
        problems.append(_("Give the reason for the erasure (for example the person's "
                          "request and its date); it is kept in the erasure record."))
    elif len(reason) > MAX_REASON_LENGTH:
        problems.append(_("Please keep the reason to %(max)d characters (it has %(n)d).")
                        % {"max": MAX_REASON_LENGTH, "n": len(reason)})
    if is_erased(employee):
        problems.append(_("This person has already been erased."))
        return problems
    if employee.active:
        problems.append(_("%(name)s is still active. Mark them as having left first (in the "
                          "HR system or the organisation import): the next import would "
                          "otherwise bring them back.") % {"name": employee.name})
    if by is not None and employee.user_id is not None and employee.user_id == by.pk:
        problems.append(_("You cannot erase yourself; another HR person does it."))
    if _building_exports().exists():
        problems.append(_("An export is being built and may list this person. Try again "
                          "when it has finished (a few minutes)."))
    return problems


def erasure_preview(employee):
    """What erasing `employee` would remove, in numbers (shown before HR confirms)."""
    return {
        "assignments": Assignment.objects.filter(employee=employee).count(),
        "results": Result.objects.filter(assignment__employee=employee).count(),
        "outcomes": OutcomeRecord.objects.filter(employee=employee).count(),
        "exports": _exports_listing(employee).count(),
        "login": employee.user_id is not None,
    }


def erase_person(employee_pk, *, by, reason):
    """Erase one person; return the tombstone. Raises ErasureRefused (nothing changed)."""
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(pk=employee_pk)
        problems = erasure_problems(employee, by=by, reason=reason)
        if problems:
            raise ErasureRefused(problems)
        names = _names_of(employee)
        campaign_ids = set(Assignment.objects.filter(employee=employee)
                           .values_list("campaign_id", flat=True))
        removed = {
            "assignments": _delete_assignments(employee),
            "outcomes": OutcomeRecord.objects.filter(employee=employee).delete()[0],
            "exports": _delete_exports(_exports_listing(employee, campaign_ids)),
            "org_files": _delete_org_files(names, by),
            "admin_log": _delete_log_entries(employee),
        }
        ScimIdentity.objects.filter(employee=employee).delete()
        user = employee.user
        _empty_employee(employee)
        if user is not None:
            removed["login"] = _remove_login(user, names)
        tombstone = Erasure.objects.create(employee=employee, erased_by=by,
                                           reason=reason.strip(), removed=removed)
        _share_again(campaign_ids, by)
        # Every page that listed or counted them: their campaigns' and the organisation's.
        stamps.bump(stamps.ORGANISATION, *map(stamps.campaign, campaign_ids))
    return tombstone


def _names_of(employee):
    """Every string that names the person, for the files that can only be searched."""
    names = {employee.employee_id, employee.name, employee.email}
    if employee.user_id is not None:
        names |= {employee.user.username, employee.user.email}
    return {name for name in names if name and len(name) >= 3}


def _delete_assignments(employee):
    # Submitted assignments refuse to be changed, not to be deleted as a whole (as in
    # the retention purge); the cascade takes answers, results, decisions, contests and
    # messages along.
    ids = list(Assignment.objects.filter(employee=employee).values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=ids).delete()
    return len(ids)


def _building_exports():
    return ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])


def _exports_listing(employee, campaign_ids=None):
    """Exports that may list the person: of a campaign of theirs, or of every campaign."""
    if campaign_ids is None:
        campaign_ids = set(Assignment.objects.filter(employee=employee)
                           .values_list("campaign_id", flat=True))
    return ExportJob.objects.filter(
        Q(filters__campaign__in=list(campaign_ids)) | ~Q(filters__has_key="campaign")
        | Q(filters__campaign=None))


def _delete_exports(jobs):
    count = 0
    for job in jobs:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


def _stored_file_names(name, names):
    """Whether the private file `name` mentions any of `names`."""
    try:
        with private_storage.open(name, "rb") as stored:
            text = stored.read().decode("utf-8", errors="replace").casefold()
    except OSError:
        return False
    return any(name.casefold() in text for name in names)


def _delete_org_files(names, by):
    """Org-import previews waiting for confirmation and paused HR-sync snapshots hold the
    whole organisation: the ones naming the person are removed (HR sends them again).
    Sync records keep their counts but lose the samples and errors that name them."""
    count = 0
    for job in OrgImport.objects.exclude(file=""):
        # Whatever it was doing, it stops: HR uploads the file again without them.
        if _stored_file_names(job.file.name, names) and OrgImport.objects.filter(
                pk=job.pk, status=job.status).update(
                status=OrgImport.Status.EXPIRED, file="", heartbeat_at=timezone.now()):
            private_storage.delete(job.file.name)
            count += 1
    for name in uploads.kept_uploads():  # outcome files waiting for confirmation
        if _stored_file_names(name, names):
            private_storage.delete(name)
            count += 1
    for job in OrgImport.objects.exclude(summary={}):
        text = json.dumps(job.summary.get("errors", []), ensure_ascii=False).casefold()
        if any(name.casefold() in text for name in names):
            job.summary = {**job.summary, "errors": []}
            job.save(update_fields=["summary"])
    for sync in OrgSync.objects.all():
        changed = []
        if sync.file_name and _stored_file_names(org_sync.stored_name(sync.file_name), names):
            private_storage.delete(org_sync.stored_name(sync.file_name))
            sync.file_name = ""
            changed.append("file_name")
            count += 1
            if sync.status == OrgSync.Status.PAUSED:
                sync.status, sync.decided_by = OrgSync.Status.DISCARDED, by
                changed += ["status", "decided_by"]
        text = json.dumps([sync.errors, sync.sample], ensure_ascii=False).casefold()
        if any(name.casefold() in text for name in names):
            sync.errors, sync.sample = [], {}
            changed += ["errors", "sample"]
        if changed:
            sync.save(update_fields=changed)
    return count


def _delete_log_entries(employee):
    """The admin's history names objects in plain text (object_repr)."""
    employee_type = ContentType.objects.get_for_model(Employee)
    doomed = Q(content_type=employee_type, object_id=str(employee.pk))
    if employee.user_id is not None:
        user_type = ContentType.objects.get_for_model(get_user_model())
        doomed |= Q(content_type=user_type, object_id=str(employee.user_id))
    doomed |= Q(object_repr__contains=employee.employee_id)
    return LogEntry.objects.filter(doomed).delete()[0]


def _empty_employee(employee):
    Department.objects.filter(head=employee).update(head=None)
    Employee.objects.filter(manager=employee).update(manager=None)
    Employee.objects.filter(pk=employee.pk).update(
        name=ERASED_NAME, employee_id=erased_id(employee), email="", position=None,
        manager=None, hire_date=None, user=None, active=False)
    employee.refresh_from_db()


def _remove_login(user, names):
    """Delete the login; when records about other people need it as their author, empty
    it instead. Returns "deleted" or "emptied"."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()
    # Every open session ends now, whether the login is deleted or emptied below.
    accounts.deactivate_logins([user.pk])
    user.refresh_from_db()
    try:
        with transaction.atomic():
            user.delete()
        return "deleted"
    except (ProtectedError, RestrictedError):
        pass
    # What hangs off the login and names them or lets them in goes; the row stays.
    for relation in ("emailaddress_set", "socialaccount_set", "authenticator_set",
                     "api_tokens", "login_invitations"):
        manager = getattr(user, relation, None)
        if manager is not None:
            manager.all().delete()
    user.username = f"erased-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return "emptied"


def _share_again(campaign_ids, by):
    """Managers' figures of the person's campaigns are shared again without them."""
    shared = set(UnitSnapshot.objects.filter(campaign_id__in=campaign_ids)
                 .values_list("campaign_id", flat=True))
    for campaign in Campaign.objects.filter(pk__in=shared):
        with suppress(sharing.NothingToShare):
            sharing.share_with_managers(campaign.pk, by=by)
