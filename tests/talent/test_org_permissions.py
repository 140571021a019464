"""Only HR (and the superuser) reach the organisation import and the org admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talent.models import OrgImport

from .org_csv import counts, csv_bytes, small_org, upload

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
ALLOWED = {"hr", "superuser"}
# Non-staff logins are sent to the admin's login page; staff without the permission get 403.
ADMIN_REFUSAL = {"employee": 302, "other_employee": 302, "manager": 302, "outsider": 302,
                 "bank_admin": 403}
CHANGELISTS = ["department", "position", "employee"]


@pytest.mark.parametrize("who", ROLES)
def test_only_hr_may_open_the_import_page(who, cast, client_for):
    response = client_for(cast[who]).get(reverse("talent:import_org"))
    assert response.status_code == (200 if who in ALLOWED else 403)


@pytest.fixture
def checked_upload(hr, client_for):
    """A file HR uploaded and a worker checked: waiting for HR's confirmation."""
    return upload(client_for(hr), csv_bytes(small_org())).context["job"]


@pytest.mark.parametrize("who", sorted(set(ROLES) - ALLOWED))
def test_nobody_else_may_upload_see_or_confirm(who, cast, client_for, checked_upload):
    client = client_for(cast[who])
    before = counts()
    upload_file = SimpleUploadedFile("org.csv", csv_bytes(small_org()))
    assert client.post(reverse("talent:import_org"), {"file": upload_file}).status_code == 403
    assert client.get(reverse("talent:org_import", args=[checked_upload.pk])).status_code == 403
    confirm = client.post(reverse("talent:confirm_org_import", args=[checked_upload.pk]))
    assert confirm.status_code == 403
    assert counts() == before
    assert OrgImport.objects.count() == 1
    checked_upload.refresh_from_db()
    assert checked_upload.status == OrgImport.Status.READY


def test_anonymous_visitors_are_sent_to_log_in(client, checked_upload):
    for url in [reverse("talent:import_org")] + [
        reverse(f"admin:talent_{model}_changelist") for model in CHANGELISTS
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
    for url in (reverse("talent:org_import", args=[checked_upload.pk]),
                reverse("talent:confirm_org_import", args=[checked_upload.pk])):
        response = client.post(url) if "confirm" in url else client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    checked_upload.refresh_from_db()
    assert checked_upload.status == OrgImport.Status.READY


@pytest.mark.parametrize("model", CHANGELISTS)
@pytest.mark.parametrize("who", ROLES)
def test_only_hr_sees_the_organisation_in_the_admin(who, model, cast, client_for):
    response = client_for(cast[who]).get(reverse(f"admin:talent_{model}_changelist"))
    if who in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == ADMIN_REFUSAL[who]
        if response.status_code == 302:
            assert reverse("admin:login") in response["Location"]


def test_hr_finds_the_organisation_on_the_admin_index(hr, client_for):
    html = client_for(hr).get(reverse("admin:index")).content.decode()
    for model in CHANGELISTS:
        assert reverse(f"admin:talent_{model}_changelist") in html


def test_a_bank_admin_does_not_find_the_organisation_on_the_admin_index(bank_admin,
                                                                       client_for):
    html = client_for(bank_admin).get(reverse("admin:index")).content.decode()
    assert reverse("admin:talent_employee_changelist") not in html


def test_hr_can_add_change_and_delete_in_the_org_admin(hr, employee, org, client_for):
    client = client_for(hr)
    target = employee.employee
    for url in [
        reverse("admin:talent_employee_add"),
        reverse("admin:talent_employee_change", args=[target.pk]),
        reverse("admin:talent_employee_delete", args=[target.pk]),
        reverse("admin:talent_department_change", args=[org["UW"].pk]),
        reverse("admin:talent_position_change", args=[org["analyst"].pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_hr_can_search_and_filter_employees(hr, employee, other_employee, client_for):
    client = client_for(hr)
    url = reverse("admin:talent_employee_changelist")
    response = client.get(url, {"q": "other_employee"})
    assert [e.employee_id for e in response.context["cl"].result_list] == ["ID-other_employee"]
    response = client.get(url, {"active__exact": "0"})
    assert list(response.context["cl"].result_list) == []


def test_hr_can_look_up_a_login_to_link_an_employee(hr, outsider, client_for):
    response = client_for(hr).get(reverse("admin:autocomplete"), {
        "app_label": "talent", "model_name": "employee", "field_name": "user", "term": "outs",
    })
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["outsider"]


def test_a_bank_admin_who_is_also_hr_manages_the_organisation(bank_admin, client_for):
    from django.contrib.auth.models import Group

    from talent.roles import HR_GROUP

    bank_admin.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    client = client_for(bank_admin)
    assert client.get(reverse("admin:talent_employee_changelist")).status_code == 200
    assert client.get(reverse("talent:import_org")).status_code == 200
