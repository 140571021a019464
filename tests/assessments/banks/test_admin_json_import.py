"""Uploading a bank file in the admin: the same checks as the import_bank command."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.models import BankVersion, QuestionBank
from assessments.services.bank_files import MAX_FILE_BYTES

from .conftest import small_bank

URL = "admin:assessments_bankversion_import_json"


def upload(client, content, *, publish=False):
    data = {"file": SimpleUploadedFile("bank.json", content, "application/json")}
    if publish:
        data["publish"] = "on"
    return client.post(reverse(URL), data, follow=True)


def test_a_bank_admin_imports_and_publishes_a_bank(bank_admin, client_for, core_data):
    client = client_for(bank_admin)
    assert "Import from JSON" in client.get(
        reverse("admin:assessments_bankversion_changelist")).content.decode()
    response = upload(client, json.dumps(core_data).encode(), publish=True)
    assert "CORE v1 imported (Published)." in response.content.decode()
    version = BankVersion.objects.get()
    assert version.status == BankVersion.Status.PUBLISHED
    assert version.published_by == bank_admin


@pytest.mark.parametrize("content, message", [
    (b"{not json", "Not valid JSON: Expecting property name enclosed in double quotes"),
    (json.dumps(dict(small_bank(), scales=[])).encode(), "scales: at least one scale"),
    (b" " * (MAX_FILE_BYTES + 1), "The file is larger than 2048 KB."),
])
def test_a_bad_upload_is_refused_with_the_reason(bank_admin, client_for, db, content,
                                                 message):
    response = upload(client_for(bank_admin), content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not imported, nothing was written" in html
    assert message in html
    assert not QuestionBank.objects.exists()


def test_publishing_a_bank_that_fails_the_checks_writes_nothing(bank_admin, client_for,
                                                                 core_data):
    core_data["pairs"] = core_data["pairs"][:4]
    response = upload(client_for(bank_admin), json.dumps(core_data).encode(), publish=True)
    assert response.status_code == 400
    assert "The bank has 4 twin pairs" in response.content.decode()
    assert not QuestionBank.objects.exists()


def test_an_upload_without_a_file_asks_for_one(bank_admin, client_for, db):
    response = client_for(bank_admin).post(reverse(URL), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("who", ["hr", "employee", "other_employee", "manager", "outsider",
                                 "anonymous"])
def test_only_bank_admins_may_upload(who, cast, client_for, core_data):
    client = Client() if who == "anonymous" else client_for(cast[who])
    response = client.post(reverse(URL), {
        "file": SimpleUploadedFile("bank.json", json.dumps(core_data).encode())})
    assert response.status_code == (403 if who == "hr" else 302)
    assert not QuestionBank.objects.exists()
    if who == "hr":
        assert "Import from JSON" not in client.get(
            reverse("admin:assessments_bankversion_changelist")).content.decode()
