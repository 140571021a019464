"""HR uploads an export, a worker checks it, HR reads the preview, confirms, and sees what
changed; the request itself only stores the file and queues the work."""

from django.urls import reverse

from talent.models import Employee, OrgImport

from .org_csv import confirm, counts, csv_bytes, small_org, upload, worker_in_process

IMPORT = reverse("talent:import_org")


def test_the_upload_page_explains_the_columns_and_the_empty_organisation(superuser, client_for):
    response = client_for(superuser).get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The organisation has no employees yet" in html
    assert "manager_employee_id" in html
    assert "Recent uploads" not in html


def test_the_upload_only_stores_the_file_and_queues_its_check(hr, client_for, org_import_dir):
    response = client_for(hr).post(IMPORT, {"file": _file(csv_bytes(small_org()))})
    job = OrgImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("talent:org_import", args=[job.pk])
    assert job.status == OrgImport.Status.CHECKING and not job.summary
    assert len(list(org_import_dir.glob("*.csv"))) == 1
    page = client_for(hr).get(response["Location"]).content.decode()
    assert "Being checked" in page and 'hx-trigger="every 2s"' in page


def test_a_preview_shows_what_would_change_and_writes_nothing(hr, client_for, org_import_dir):
    before = counts()
    response = upload(client_for(hr), csv_bytes(small_org()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of hr-export.csv" in html
    assert "3 employee rows checked; no errors." in html
    assert response.context["plan"].employees.create == 3
    assert "Confirm and import" in html
    assert 'hx-trigger' not in html, "a finished check stops polling"
    assert counts() == before
    assert len(list(org_import_dir.glob("*.csv"))) == 1


def test_confirming_imports_the_previewed_file_and_says_how_much(hr, client_for, org_import_dir):
    client = client_for(hr)
    response = confirm(client, upload(client, csv_bytes(small_org())))
    html = response.content.decode()
    assert "Imported 3 rows. Employees: 3 created, 0 updated, 0 unchanged." in html
    assert "Departments: 1 created, 0 updated." in html  # OPS is new; HQ was there
    assert Employee.objects.filter(employee_id__in=["E1", "E2", "E3"]).count() == 3
    assert OrgImport.objects.get().status == OrgImport.Status.APPLIED
    assert not list(org_import_dir.glob("*.csv")), "the upload is removed once imported"


def test_confirming_twice_imports_once(hr, client_for):
    client = client_for(hr)
    page = upload(client, csv_bytes(small_org()))
    confirm(client, page)
    with worker_in_process():
        again = client.post(reverse("talent:confirm_org_import",
                                    args=[page.context["job"].pk]), follow=True)
    assert "not waiting for confirmation any more" in again.content.decode()
    assert Employee.objects.filter(employee_id__in=["E1", "E2", "E3"]).count() == 3


def test_only_the_uploader_may_confirm(hr, superuser, client_for):
    page = upload(client_for(hr), csv_bytes(small_org()))
    before = counts()
    other = client_for(superuser)
    assert "Only the person who uploaded this file can confirm it." in other.get(
        reverse("talent:org_import", args=[page.context["job"].pk])).content.decode()
    response = other.post(reverse("talent:confirm_org_import", args=[page.context["job"].pk]),
                          follow=True)
    assert "Only the person who uploaded this file can confirm it" in response.content.decode()
    assert counts() == before
    assert OrgImport.objects.get().status == OrgImport.Status.READY


def test_an_unknown_import_is_not_found(hr, client_for):
    client = client_for(hr)
    assert client.get(reverse("talent:org_import", args=[999])).status_code == 404
    assert client.post(reverse("talent:confirm_org_import", args=[999])).status_code == 404


def test_a_file_that_became_wrong_since_the_preview_is_refused_on_confirm(
    hr, other_employee, client_for
):
    client = client_for(hr)
    rows = small_org()
    rows.append(rows[1] | {"employee_id": "E4", "email": "e4@example.com",
                          "manager_employee_id": "ID-other_employee"})
    page = upload(client, csv_bytes(rows))
    Employee.objects.filter(employee_id="ID-other_employee").delete()
    before = counts()
    response = confirm(client, page)
    assert "Unknown manager ID-other_employee" in response.content.decode()
    assert OrgImport.objects.get().status == OrgImport.Status.REFUSED
    assert counts() == before


def test_a_file_that_changes_nothing_offers_no_confirmation(hr, client_for, org_import_dir):
    client = client_for(hr)
    confirm(client, upload(client, csv_bytes(small_org())))
    response = upload(client, csv_bytes(small_org()))
    html = response.content.decode()
    assert "there is nothing to import" in html
    assert "Confirm and import" not in html
    assert not list(org_import_dir.glob("*.csv")), "nothing to import: nothing is kept"


def test_the_upload_page_lists_recent_uploads_with_their_status(hr, client_for):
    client = client_for(hr)
    upload(client, csv_bytes(small_org()), name="march.csv")
    html = client.get(IMPORT).content.decode()
    assert "Recent uploads" in html and "march.csv" in html
    assert "Checked: waiting for confirmation" in html


def test_the_employee_admin_links_to_the_import(hr, client_for):
    html = client_for(hr).get(reverse("admin:talent_employee_changelist")).content.decode()
    assert IMPORT in html


def _file(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("hr-export.csv", content, "text/csv")


def test_the_uploader_discards_a_checked_upload_and_its_file_goes_at_once(
        hr, superuser, client_for, org_import_dir):
    page = upload(client_for(hr), csv_bytes(small_org()))
    job = page.context["job"]
    before = counts()
    other = client_for(superuser).post(reverse("talent:discard_org_import", args=[job.pk]),
                                       follow=True)
    assert "Only the person who uploaded this file can discard it." in other.content.decode()
    assert len(list(org_import_dir.glob("*.csv"))) == 1
    done = client_for(hr).post(reverse("talent:discard_org_import", args=[job.pk]),
                               follow=True)
    assert "nothing was imported" in done.content.decode()
    job.refresh_from_db()
    assert job.status == OrgImport.Status.DISCARDED and not job.file
    assert not list(org_import_dir.glob("*.csv")) and counts() == before
    again = client_for(hr).post(reverse("talent:confirm_org_import", args=[job.pk]), follow=True)
    assert "not waiting for confirmation any more" in again.content.decode()
    assert counts() == before
