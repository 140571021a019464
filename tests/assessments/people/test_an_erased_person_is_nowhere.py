"""Erasure of one person who has left (services/erasure.py): after it, their id, name,
email and login name are in no table, no file the site keeps and no page; a tombstone
says that an erasure happened, when, by whom and why; the access trail stays, without
saying whose result was read; managers' figures are shared again without them."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    AccessRecord,
    Assignment,
    Contest,
    Erasure,
    ExportJob,
    Message,
    Result,
    ReviewDecision,
    UnitSnapshot,
)
from assessments.services import erasure, exports, sharing
from talent import org_import_jobs, uploads
from talent.models import Department, Employee, OrgSync, User
from tests.conftest import PASSWORD

TRACES = ("zq-4711", "quartermaine", "zeynep")
REASON = "Request by email of 2 December, ticket 5512."


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "private" / "org-syncs").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def zeynep(org):
    """A person who has left: a login, a released and contested result with its review, a
    message, an employee reporting to her, the head of Investment."""
    user = User.objects.create_user("zeynep", "zeynep.q@example.com", PASSWORD,
                                    first_name="Zeynep", last_name="Quartermaine")
    person = Employee.objects.create(employee_id="ZQ-4711", name="Zeynep Quartermaine",
                                     email="zeynep.q@example.com", department=org["UW"],
                                     position=org["analyst"], user=user)
    org["INV"].head = person
    org["INV"].save()
    Employee.objects.create(employee_id="R-1", name="Reports To Her", department=org["INV"],
                            manager=person)
    return person


def _everything_about(zeynep, hr, make_result, private):
    """Fill every place the site keeps something about her, as the product does."""
    others = [make_result(f"Colleague {i}") for i in range(6)]
    result = make_result(zeynep, state=Result.ReviewState.CONTESTED)
    ReviewDecision.objects.create(result=result, reviewer=hr, decision="confirm")
    Contest.objects.create(result=result, employee=zeynep,
                           comment="Zeynep Quartermaine disagrees with this.")
    Message.objects.create(assignment=result.assignment, kind=Message.Kind.INVITATION,
                           recipient=zeynep.email)
    job = exports.create_job(hr, {}, "everyone", "csv", len(others) + 1)
    exports.build_job(job.pk)
    assert "Quartermaine" in Path(ExportJob.objects.get(pk=job.pk).file.path).read_text()
    sharing.share_with_managers(result.assignment.campaign_id, by=hr)
    waiting = b"employee_id,name,email\nZQ-4711,Zeynep Quartermaine,zeynep.q@example.com\n"
    org_import_jobs.start(hr, SimpleUploadedFile("pending.csv", waiting))
    uploads.keep_upload(SimpleUploadedFile("outcomes.csv", waiting))
    (private / "private" / "org-syncs" / "paused.csv").write_text("ZQ-4711,Zeynep Quartermaine\n")
    OrgSync.objects.create(status=OrgSync.Status.PAUSED, source=OrgSync.Source.API,
                           file_name="paused.csv", sha256="0" * 64,
                           sample={"deactivated": ["ZQ-4711 Zeynep Quartermaine"]})
    LogEntry.objects.create(user=hr, content_type=ContentType.objects.get_for_model(Employee),
                            object_id=str(zeynep.pk), object_repr=str(zeynep),
                            action_flag=ADDITION)
    hr_client = Client()
    hr_client.force_login(hr)
    assert hr_client.get(reverse("assessments:person", args=[zeynep.pk])).status_code == 200
    her_client = Client()
    her_client.force_login(zeynep.user)
    Client().post(reverse("login"), {"username": "zeynep", "password": "wrong"})
    zeynep.active = False
    zeynep.save()
    return result, her_client, hr_client


def _rows_naming(traces):
    """Every row of every table (ours and the libraries') with a trace in any column."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*fields).iterator():
            text = " ".join(str(value) for value in row).casefold()
            found += [(model._meta.db_table, trace) for trace in traces if trace in text]
    return found


def _files_naming(traces, *roots):
    found = []
    for root in roots:
        for path in Path(root).rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="replace").casefold()
                found += [(path.name, trace) for trace in traces if trace in text]
    return found


def test_after_erasure_no_table_file_or_page_holds_her_id_name_email_or_login(
        zeynep, hr, make_result, private, settings):
    result, her_client, hr_client = _everything_about(zeynep, hr, make_result, private)
    assert _rows_naming(TRACES)  # the search finds her before
    people_page = hr_client.get(reverse("assessments:people"))
    assert "Quartermaine" in people_page.content.decode()

    erasure.erase_person(zeynep.pk, by=hr, reason=REASON)

    assert _rows_naming(TRACES) == []
    assert _files_naming(TRACES, settings.PRIVATE_MEDIA_ROOT) == []
    assert "Quartermaine" not in hr_client.get(reverse("assessments:people")).content.decode()
    assert "ZQ-4711" not in hr_client.get(
        reverse("assessments:person", args=[zeynep.pk])).content.decode()
    # Her open session is gone with her login.
    assert her_client.get(reverse("assessments:my_data_json")).status_code == 302
    signing_in = Client().post(reverse("login"), {"username": "zeynep", "password": PASSWORD})
    assert not signing_in.wsgi_request.user.is_authenticated


def test_what_stays_is_the_tombstone_and_the_trail_without_her(
        zeynep, hr, make_result, private):
    result, *_ = _everything_about(zeynep, hr, make_result, private)
    trail = AccessRecord.objects.filter(employee=zeynep).count()

    tombstone = erasure.erase_person(zeynep.pk, by=hr, reason=REASON)

    assert (tombstone.erased_by, tombstone.reason) == (hr, REASON)
    assert tombstone.erased_at > timezone.now() - timedelta(minutes=1)
    assert tombstone.removed["assignments"] == 1 and tombstone.removed["exports"] == 1
    assert tombstone.removed["login"] == "deleted"
    emptied = Employee.objects.get(pk=zeynep.pk)
    assert (emptied.name, emptied.employee_id, emptied.email, emptied.active) == (
        "Erased person", f"erased-{zeynep.pk}", "", False)
    assert AccessRecord.objects.filter(employee=emptied).count() == trail
    assert not Assignment.objects.filter(employee=emptied).exists()
    assert not Result.objects.filter(pk=result.pk).exists()
    assert Department.objects.get(code="INV").head is None
    assert Employee.objects.get(employee_id="R-1").manager is None
    # The paused sync that named her is discarded; HR sends the snapshot again.
    assert OrgSync.objects.get().status == OrgSync.Status.DISCARDED


def test_managers_figures_are_shared_again_without_her(zeynep, hr, make_result, private):
    result, *_ = _everything_about(zeynep, hr, make_result, private)
    campaign = result.assignment.campaign
    before = UnitSnapshot.objects.filter(campaign=campaign).count()

    erasure.erase_person(zeynep.pk, by=hr, reason=REASON)

    assert UnitSnapshot.objects.filter(campaign=campaign).count() == before + 1


def test_a_login_that_authored_others_records_is_emptied_not_deleted(
        zeynep, hr, other_employee, make_result, private):
    # She was an HR reviewer once: her decision on a colleague's result is theirs to keep.
    colleague = make_result(other_employee.employee)
    ReviewDecision.objects.create(result=colleague, reviewer=zeynep.user, decision="confirm")
    zeynep.active = False
    zeynep.save()
    login_pk = zeynep.user_id

    tombstone = erasure.erase_person(zeynep.pk, by=hr, reason=REASON)

    assert tombstone.removed["login"] == "emptied"
    login = User.objects.get(pk=login_pk)
    assert (login.username, login.email, login.first_name, login.is_active) == (
        f"erased-{login_pk}", "", "", False)
    assert not login.has_usable_password()
    assert _rows_naming(TRACES) == []


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u200b"])
def test_an_erasure_without_a_visible_reason_is_refused_and_changes_nothing(
        zeynep, hr, reason):
    zeynep.active = False
    zeynep.save()
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.erase_person(zeynep.pk, by=hr, reason=reason)
    assert "reason" in " ".join(refused.value.messages)
    assert Employee.objects.get(pk=zeynep.pk).name == "Zeynep Quartermaine"
    assert not Erasure.objects.exists()


def test_an_active_person_is_refused_so_the_next_import_does_not_bring_them_back(
        zeynep, hr):
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.erase_person(zeynep.pk, by=hr, reason=REASON)
    assert "still active" in " ".join(refused.value.messages)
    assert User.objects.filter(username="zeynep").exists()


def test_every_reason_to_refuse_is_given_at_once(zeynep, hr, make_result):
    make_result("Someone")
    exports.create_job(hr, {}, "everyone", "csv", 1)  # queued: may list her
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.erase_person(zeynep.pk, by=hr, reason="")
    assert len(refused.value.messages) == 3  # reason, still active, export being built


def test_hr_cannot_erase_themselves(hr):
    me = hr.employee
    me.active = False
    me.save()
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.erase_person(me.pk, by=hr, reason=REASON)
    assert "yourself" in " ".join(refused.value.messages)


def test_erasing_twice_is_refused(zeynep, hr):
    zeynep.active = False
    zeynep.save()
    erasure.erase_person(zeynep.pk, by=hr, reason=REASON)
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.erase_person(zeynep.pk, by=hr, reason=REASON)
    assert "already been erased" in " ".join(refused.value.messages)
    assert Erasure.objects.count() == 1


def test_the_command_erases_with_a_reason_and_a_confirmation(zeynep, monkeypatch):
    zeynep.active = False
    zeynep.save()
    out = io.StringIO()
    monkeypatch.setattr("builtins.input", lambda prompt: "not her id")
    with pytest.raises(CommandError, match="Not confirmed"):
        call_command("erase_person", "ZQ-4711", reason=REASON, stdout=out)
    assert not Erasure.objects.exists()

    call_command("erase_person", "ZQ-4711", reason=REASON, yes=True, stdout=out)
    tombstone = Erasure.objects.get()
    assert tombstone.erased_by is None and tombstone.reason == REASON
    assert "Erased" in out.getvalue()


def test_the_command_names_what_is_wrong(zeynep):
    with pytest.raises(CommandError, match="no employee"):
        call_command("erase_person", "NOBODY", reason=REASON, yes=True)
    with pytest.raises(CommandError, match="still active"):
        call_command("erase_person", "ZQ-4711", reason=REASON, yes=True)
