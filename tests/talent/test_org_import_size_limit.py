"""A file over the size limit is refused from its size, before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from .org_csv import counts, csv_bytes, row, small_org

FIFTY_MB = 50 * 1024 * 1024


def test_a_50_mb_upload_is_refused_before_its_body_is_read(hr, client_for, monkeypatch):
    # The request claims 50 MB; its body is never parsed (parsing would fail on it).
    client = client_for(hr)
    body = b"--x\r\nnot a real multipart body"
    response = client.generic(
        "POST", reverse("talent:import_org"), body,
        content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(FIFTY_MB),
    )
    assert response.status_code == 413
    assert "larger than the limit of 20.0\xa0MB" in response.content.decode()


def test_an_upload_over_a_configured_limit_is_refused(hr, client_for, settings):
    settings.ORG_IMPORT_MAX_BYTES = 1024
    before = counts()
    content = csv_bytes([*small_org(), *(row(f"E{n}", manager_employee_id="E1")
                                         for n in range(10, 60))])
    response = client_for(hr).post(reverse("talent:import_org"),
                                   {"file": SimpleUploadedFile("big.csv", content)})
    assert response.status_code == 413
    html = response.content.decode()
    assert "The file is larger than the limit of 1.0\xa0KB" in html
    assert "Nothing was changed" in html
    assert counts() == before


def test_the_command_refuses_a_50_mb_file_without_reading_it(hr, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as sparse:
        sparse.truncate(FIFTY_MB)  # sparse: costs no disk, and is not valid CSV either
    with pytest.raises(CommandError, match="larger than the limit of 20.0\xa0MB"):
        call_command("import_org", str(path))
