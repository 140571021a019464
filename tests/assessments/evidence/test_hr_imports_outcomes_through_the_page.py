"""HR uploads a CSV of ratings, reads the preview (or every error with its row and
column), and confirms; nothing is recorded before the confirmation or on any error."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import OutcomeRecord
from tests.factories import make_employees

from .conftest import publish


def _upload(client, text):
    return client.post(reverse("assessments:import_outcomes"),
                       {"file": SimpleUploadedFile("ratings.csv", text.encode(),
                                                   content_type="text/csv")})


def test_upload_preview_confirm(hr, client_for):
    make_employees(2)
    publish("ops")
    client = client_for(hr)
    response = _upload(client, "employee_id,criterion,date,value\nP001,ops,2026-01-05,4\n"
                               "P002,ops,2026-01-05,2\n")
    page = response.content.decode()
    assert response.status_code == 200 and "2 ratings checked; no errors." in page
    assert not OutcomeRecord.objects.exists()
    token = response.context["token"]
    confirmed = client.post(reverse("assessments:confirm_outcome_import"), {"token": token})
    assert confirmed.status_code == 302 and OutcomeRecord.objects.count() == 2
    # The same upload cannot be confirmed twice.
    again = client.post(reverse("assessments:confirm_outcome_import"), {"token": token})
    assert again.status_code == 400 and OutcomeRecord.objects.count() == 2


def test_a_bad_file_lists_its_errors_and_offers_no_confirmation(hr, client_for):
    make_employees(1)
    publish("ops")
    response = _upload(client_for(hr), "employee_id,criterion,date,value\n"
                                       "P001,ops,2026-01-05,9\nX,ops,2026-01-05,3\n")
    page = response.content.decode()
    assert response.status_code == 400 and 'data-test="errors"' in page
    assert "outside the scale" in page and "No employee has the id X" in page
    assert "Confirm and record" not in page and not OutcomeRecord.objects.exists()


def test_no_file_and_a_forged_token_are_refused(hr, other_employee, client_for):
    client = client_for(hr)
    assert client.post(reverse("assessments:import_outcomes")).status_code == 400
    response = client.post(reverse("assessments:confirm_outcome_import"), {"token": "../x"})
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(hr, client_for, settings):
    client = client_for(hr)
    response = client.generic("POST", reverse("assessments:import_outcomes"),
                              b"--x\r\nnot a real multipart body",
                              content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413 and "larger than the limit" in response.content.decode()
    settings.ORG_IMPORT_MAX_BYTES = 64
    make_employees(3)
    publish("ops")
    response = _upload(client, "employee_id,criterion,date,value\n" +
                       "".join(f"P00{i},ops,2026-01-05,3\n" for i in (1, 2, 3)))
    assert response.status_code == 413 and not OutcomeRecord.objects.exists()
