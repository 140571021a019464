"""HR uploads an export, reads the preview, confirms, and sees what changed."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talent.models import Employee

from .org_csv import counts, csv_bytes, small_org

IMPORT = reverse("talent:import_org")
CONFIRM = reverse("talent:confirm_org_import")


def upload(client, content, name="hr-export.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_the_upload_page_explains_the_columns_and_the_empty_organisation(superuser, client_for):
    response = client_for(superuser).get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The organisation has no employees yet" in html
    assert "manager_employee_id" in html


def test_a_preview_shows_what_would_change_and_writes_nothing(hr, client_for, org_import_dir):
    before = counts()
    response = upload(client_for(hr), csv_bytes(small_org()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of hr-export.csv" in html
    assert "3 employee rows checked; no errors." in html
    assert response.context["plan"].employees.create == 3
    assert "Confirm and import" in html
    assert counts() == before
    assert len(list(org_import_dir.glob("*.csv"))) == 1


def test_confirming_imports_the_previewed_file_and_says_how_much(hr, client_for, org_import_dir):
    client = client_for(hr)
    token = upload(client, csv_bytes(small_org())).context["token"]
    response = client.post(CONFIRM, {"token": token}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == IMPORT
    assert "Imported 3 rows. Employees: 3 created, 0 updated, 0 unchanged." in html
    assert "Departments: 1 created, 0 updated." in html  # OPS is new; HQ was there
    assert Employee.objects.filter(employee_id__in=["E1", "E2", "E3"]).count() == 3
    assert not list(org_import_dir.glob("*.csv")), "the upload is removed once imported"


def test_confirming_twice_imports_once(hr, client_for):
    client = client_for(hr)
    token = upload(client, csv_bytes(small_org())).context["token"]
    client.post(CONFIRM, {"token": token})
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert "expired or was already imported" in response.content.decode()


def test_another_session_cannot_confirm_someone_elses_upload(hr, superuser, client_for):
    token = upload(client_for(hr), csv_bytes(small_org())).context["token"]
    before = counts()
    response = client_for(superuser).post(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert counts() == before


def test_a_made_up_or_malicious_token_is_refused(hr, client_for):
    client = client_for(hr)
    for token in ["", "x" * 32, "../../../../etc/passwd", "../" * 11 + "ab"]:
        response = client.post(CONFIRM, {"token": token})
        assert response.status_code == 400


def test_a_file_that_became_wrong_since_the_preview_is_refused_on_confirm(
    hr, other_employee, client_for, tmp_path
):
    client = client_for(hr)
    rows = small_org()
    rows.append(rows[1] | {"employee_id": "E4", "email": "e4@example.com",
                          "manager_employee_id": "ID-other_employee"})
    token = upload(client, csv_bytes(rows)).context["token"]
    Employee.objects.filter(employee_id="ID-other_employee").delete()
    before = counts()
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert "Unknown manager ID-other_employee" in response.content.decode()
    assert counts() == before


def test_a_file_that_changes_nothing_offers_no_confirmation(hr, client_for):
    client = client_for(hr)
    client.post(CONFIRM, {"token": upload(client, csv_bytes(small_org())).context["token"]})
    response = upload(client, csv_bytes(small_org()))
    html = response.content.decode()
    assert "there is nothing to import" in html
    assert "Confirm and import" not in html


def test_the_employee_admin_links_to_the_import(hr, client_for):
    html = client_for(hr).get(reverse("admin:talent_employee_changelist")).content.decode()
    assert IMPORT in html
