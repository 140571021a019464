"""Keep the organisation in sync with the HR system: full snapshots, with guard rails
(docs/api.md, "Nightly HR sync").

A snapshot is the org import's file (talent/org_import.py), as CSV or the equivalent
JSON, listing *everyone*: people missing from it are deactivated (talent/accounts.py
ends their access). Before anything is written the plan is compared with two guard
rails, because a truncated export would otherwise let most of the organisation go:

- more than ORG_SYNC_MAX_DEACTIVATE_SHARE of the active employees would be deactivated;
- more than ORG_SYNC_MAX_SWAP_SHARE of the known employee ids would change email or
  name (an export whose ids were shuffled would hand each person's login and results
  to someone else).

Then the sync is *paused*: nothing is written, HR is emailed, and decides on the sync's
page (apply or discard). Every sync is recorded (OrgSync), paused or not. The API, the
drop folder (a beat task) and HR's decision all run through `run`.
"""

import csv
import hashlib
import io
import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import accounts, org_import, org_import_writes, stamps
from .models import Employee, OrgSync, User
from .private_files import private_storage
from .roles import HR_GROUP
from .signals import sync_paused

logger = logging.getLogger(__name__)

SAMPLE_SIZE = 100
READ_CHUNK = 64 * 1024


class SnapshotRefused(Exception):
    """The snapshot cannot even be read: too large, not JSON, wrong shape. `errors` is a
    list of org_import.RowError."""

    def __init__(self, errors):
        super().__init__(errors[0].message if errors else "")
        self.errors = errors


# Snapshots live in private storage (shared by every web and worker process, or an S3
# bucket) under this folder, named by a random id: HR may apply a paused one from any
# web process.
FOLDER = "org-syncs"


def stored_name(file_name):
    return f"{FOLDER}/{file_name}"


# Receiving ---------------------------------------------------------------------------


def store_snapshot(stream, kind):
    """Copy a snapshot (a binary stream; kind "csv" or "json") into private storage as
    CSV, refusing it past ORG_IMPORT_MAX_BYTES; the stored file's name."""
    limit = org_import.max_bytes()
    raw = io.BytesIO() if kind == "json" else None
    name = f"{uuid.uuid4().hex}.csv"
    size = 0
    # Spooled to a local temporary file first: the size is known only once it is read.
    with tempfile.TemporaryFile() as out:
        while chunk := stream.read(READ_CHUNK):
            size += len(chunk)
            if size > limit:
                raise SnapshotRefused([org_import.RowError(
                    0, "", org_import.too_large_message())])
            (raw or out).write(chunk)
        if raw is not None:
            out.write(_csv_from_json(raw.getvalue()))
        out.seek(0)
        return private_storage.save(stored_name(name), File(out)).removeprefix(f"{FOLDER}/")


def _csv_from_json(data):
    """The JSON form, `{"employees": [{column: value, ...}, ...]}` (or the bare list),
    as the CSV the import reads. Every problem is reported at once."""
    errors = []
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SnapshotRefused([org_import.RowError(0, "", _(
            "The body is not valid JSON: %(error)s") % {"error": error})]) from None
    people = document.get("employees") if isinstance(document, dict) else document
    if isinstance(document, dict) and set(document) - {"employees"}:
        errors.append(org_import.RowError(0, "", _("Unknown fields: %(names)s.") % {
            "names": ", ".join(sorted(set(document) - {"employees"}))}))
    if not isinstance(people, list):
        raise SnapshotRefused([*errors, org_import.RowError(0, "", _(
            "Send {\"employees\": [...]}, one object per employee."))])
    # An optional column (the Chinese names) is in the CSV when any employee object has
    # the field; objects without it then clear that name, as an empty cell would.
    optional = [column for column in org_import.OPTIONAL_COLUMNS
                if any(isinstance(person, dict) and column in person for person in people)]
    columns = [*org_import.COLUMNS, *optional]
    known = {*org_import.COLUMNS, *org_import.OPTIONAL_COLUMNS}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for number, person in enumerate(people, start=2):  # row 2 is the first, as in CSV
        if not isinstance(person, dict):
            errors.append(org_import.RowError(number, "", _("Each employee is an object.")))
            continue
        for name in sorted(set(person) - known):
            errors.append(org_import.RowError(number, str(name)[:50], _("Unknown field.")))
        cells = []
        for column in columns:
            value = person.get(column)
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif value is None:
                value = ""
            elif isinstance(value, int | float):
                value = str(value)
            elif not isinstance(value, str):
                errors.append(org_import.RowError(number, column, _(
                    "Must be text, a number, true/false or null.")))
                value = ""
            cells.append(value)
        writer.writerow(cells)
    if errors:
        raise SnapshotRefused(errors[:org_import.MAX_ERRORS_SHOWN])
    return out.getvalue().encode("utf-8")


# Planning and applying ---------------------------------------------------------------


@dataclass
class Check:
    """What the snapshot would do beyond the import: who leaves, whose identity moves."""

    active_before: int = 0
    total_before: int = 0
    missing: list = field(default_factory=list)  # (pk, employee_id) of active people absent
    leaving_in_file: list = field(default_factory=list)  # employee ids marked inactive
    swaps: list = field(default_factory=list)  # {"employee_id", "field", "old", "new"}
    reasons: list = field(default_factory=list)

    @property
    def deactivated(self):
        return len(self.missing) + len(self.leaving_in_file)


def _check(plan):
    check = Check()
    current = {employee_id: (pk, name, email, active) for employee_id, pk, name, email, active
               in Employee.objects.values_list("employee_id", "pk", "name", "email", "active")}
    check.total_before = len(current)
    check.active_before = sum(1 for *_rest, active in current.values() if active)
    check.missing = sorted(
        (pk, employee_id) for employee_id, (pk, _n, _e, active) in current.items()
        if active and employee_id not in plan.employee_ids)
    for employee_id, values in plan.changed_employees.items():
        _pk, name, email, active = current[employee_id]
        if active and not values["active"]:
            check.leaving_in_file.append(employee_id)
        for label, old, new in (("email", email, values["email"]), ("name", name,
                                                                     values["name"])):
            if old and old.strip().lower() != (new or "").strip().lower():
                check.swaps.append({"employee_id": employee_id, "field": label, "old": old,
                                    "new": new})
    swapped_ids = {swap["employee_id"] for swap in check.swaps}
    deactivate_share = check.deactivated / check.active_before if check.active_before else 0
    swap_share = len(swapped_ids) / check.total_before if check.total_before else 0
    if deactivate_share > settings.ORG_SYNC_MAX_DEACTIVATE_SHARE:
        check.reasons.append(_(
            "%(count)s of %(active)s active employees (%(share).1f%%) would be deactivated; "
            "the limit is %(limit).0f%%.") % {
                "count": check.deactivated, "active": check.active_before,
                "share": 100 * deactivate_share,
                "limit": 100 * settings.ORG_SYNC_MAX_DEACTIVATE_SHARE})
    if swap_share > settings.ORG_SYNC_MAX_SWAP_SHARE:
        check.reasons.append(_(
            "%(count)s of %(total)s employee ids (%(share).1f%%) would change email or name; "
            "the limit is %(limit).0f%%.") % {
                "count": len(swapped_ids), "total": check.total_before,
                "share": 100 * swap_share, "limit": 100 * settings.ORG_SYNC_MAX_SWAP_SHARE})
    return check


def _apply(plan, check, actor):
    org_import_writes.apply(plan)
    stamps.bump(stamps.ORGANISATION)
    # People absent from the snapshot leave, with their logins and sessions.
    accounts.set_employees_active([pk for pk, _employee_id in check.missing], False,
                                  actor=actor)


def run(file_name, *, actor=None, source=OrgSync.Source.API, force=False, sync=None,
        digest=None):
    """Plan the stored snapshot and apply it unless it has errors or trips a guard rail
    (`force`: HR applies a paused sync). Returns the OrgSync recorded (or `sync`,
    updated)."""
    name = stored_name(file_name)
    digest = digest or _digest_stored(name)
    outcome = None
    try:
        with transaction.atomic():
            with private_storage.open(name, "rb") as binary_file:
                plan = org_import.plan_import(binary_file)
            check = _check(plan) if plan.ok else Check()
            if not plan.ok:
                outcome = OrgSync.Status.REFUSED
            elif check.reasons and not force:
                outcome = OrgSync.Status.PAUSED
            else:
                _apply(plan, check, actor)
                outcome = OrgSync.Status.APPLIED
            sync = _record(sync, outcome, plan, check, actor=actor, source=source,
                           digest=digest, file_name=file_name, decided=force)
    except IntegrityError:
        plan, check = org_import.ImportPlan(), Check()
        plan.add_error(0, "", _("The organisation changed while syncing; nothing was "
                                "changed. Send the snapshot again."))
        sync = _record(sync, OrgSync.Status.REFUSED, plan, check, actor=actor, source=source,
                       digest=digest, file_name=file_name, decided=force)
        outcome = OrgSync.Status.REFUSED
    # New logins (talent/accounts.py) for the caller to invite (talent.tasks).
    sync.provisioned_user_ids = (plan.provisioned_user_ids
                                 if outcome == OrgSync.Status.APPLIED else [])
    if outcome == OrgSync.Status.PAUSED and not force:
        transaction.on_commit(lambda: _announce_pause(sync))
    elif not (force and outcome == OrgSync.Status.REFUSED):
        private_storage.delete(name)
    return sync


def _record(sync, status, plan, check, *, actor, source, digest, file_name, decided):
    values = {
        "status": status, "rows": plan.rows, "active_before": check.active_before,
        "created": plan.employees.create, "updated": plan.employees.update,
        "deactivated": check.deactivated, "swapped": len({s["employee_id"]
                                                          for s in check.swaps}),
        "error_count": plan.error_count,
        "errors": [{"row": e.row, "column": e.column, "message": e.message}
                   for e in plan.errors],
        "reasons": check.reasons,
        "sample": {
            "deactivate": ([employee_id for _pk, employee_id in check.missing]
                           + check.leaving_in_file)[:SAMPLE_SIZE],
            "swaps": check.swaps[:SAMPLE_SIZE],
        },
    }
    if sync is None:
        return OrgSync.objects.create(
            source=source, created_by=actor, sha256=digest,
            file_name=file_name if status == OrgSync.Status.PAUSED else "", **values)
    if decided and status == OrgSync.Status.REFUSED:
        # The organisation moved since the pause and the file no longer fits: the sync
        # stays paused with the new errors, for HR to discard.
        values["status"] = OrgSync.Status.PAUSED
    else:
        values.update(decided_by=actor, decided_at=timezone.now(), file_name="")
    for name, value in values.items():
        setattr(sync, name, value)
    sync.save()
    return sync


class Superseded(Exception):
    """A newer snapshot was applied after this paused one arrived."""


def superseded(sync) -> bool:
    """Whether a snapshot received after `sync` has been applied: the HR system has
    spoken since, and applying the older one (with the guard rails waived) would undo
    what the newer one did."""
    return OrgSync.objects.filter(status=OrgSync.Status.APPLIED, pk__gt=sync.pk).exists()


def apply_paused(sync_id, actor):
    """HR applies a paused sync: planned again on today's organisation, guard rails
    waived (HR has read the plan). Returns the sync, or None if it is not paused;
    raises Superseded (nothing written) when a newer snapshot has been applied since."""
    with transaction.atomic():
        sync = OrgSync.objects.select_for_update().filter(
            pk=sync_id, status=OrgSync.Status.PAUSED).first()
        if sync is None:
            return None
        if superseded(sync):
            raise Superseded
        return run(sync.file_name, actor=actor, source=sync.source, force=True, sync=sync)


def discard_paused(sync_id, actor):
    """HR discards a paused sync; its file is deleted. False if it was not paused."""
    with transaction.atomic():
        sync = OrgSync.objects.select_for_update().filter(
            pk=sync_id, status=OrgSync.Status.PAUSED).first()
        if sync is None:
            return False
        file_name = sync.file_name
        OrgSync.objects.filter(pk=sync.pk).update(
            status=OrgSync.Status.DISCARDED, decided_by=actor, decided_at=timezone.now(),
            file_name="")
    private_storage.delete(stored_name(file_name))
    return True


def _announce_pause(sync):
    """Email HR (every active HR login with an address) and tell listeners (webhooks)."""
    recipients = list(User.objects.filter(groups__name=HR_GROUP, is_active=True)
                      .exclude(email="").values_list("email", flat=True).distinct())
    link = settings.SITE_URL.rstrip("/") + reverse("talent:org_sync", args=[sync.pk])
    if recipients:
        send_mail(
            _("HR-system sync paused: nothing was changed"),
            _("A sync from the HR system was paused by its guard rails and nothing was "
              "changed:\n\n%(reasons)s\n\nRead the plan and apply or discard it: %(link)s")
            % {"reasons": "\n".join(f"- {reason}" for reason in sync.reasons), "link": link},
            settings.DEFAULT_FROM_EMAIL, recipients)
    sync_paused.send(OrgSync, sync=sync)


def _digest(path):
    with open(path, "rb") as binary_file:
        return _digest_of(binary_file)


def _digest_stored(name):
    with private_storage.open(name, "rb") as binary_file:
        return _digest_of(binary_file)


def _digest_of(binary_file):
    sha = hashlib.sha256()
    while chunk := binary_file.read(READ_CHUNK):
        sha.update(chunk)
    return sha.hexdigest()


# The drop folder ---------------------------------------------------------------------


def sync_drop_folder():
    """Sync the newest .csv or .json file of ORG_SYNC_DROP_DIR, once (a file already
    synced, by its digest, is not synced again). The OrgSync, or None."""
    folder = settings.ORG_SYNC_DROP_DIR
    if not folder or not os.path.isdir(folder):
        return None
    candidates = [entry for entry in os.scandir(folder) if entry.is_file()
                  and entry.name.lower().endswith((".csv", ".json"))]
    if not candidates:
        return None
    newest = max(candidates, key=lambda entry: entry.stat().st_mtime)
    digest = _digest(newest.path)
    if OrgSync.objects.filter(source=OrgSync.Source.DROP_FOLDER, sha256=digest).exists():
        return None  # already synced (or refused): a new export brings a new file
    kind = "json" if newest.name.lower().endswith(".json") else "csv"
    with open(newest.path, "rb") as stream:
        try:
            name = store_snapshot(stream, kind)
        except SnapshotRefused as refusal:
            return OrgSync.objects.create(
                status=OrgSync.Status.REFUSED, source=OrgSync.Source.DROP_FOLDER,
                sha256=digest, error_count=len(refusal.errors),
                errors=[{"row": e.row, "column": e.column, "message": e.message}
                        for e in refusal.errors])
    return run(name, source=OrgSync.Source.DROP_FOLDER, digest=digest)
