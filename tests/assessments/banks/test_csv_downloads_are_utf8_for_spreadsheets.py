"""CSV downloads say they are UTF-8 and open with a byte order mark, so that Excel shows
the Chinese texts; the same file imports back."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

FIELDS = ["version", "code", "scale", "order", "reverse", "min_value", "max_value",
          "text_en", "text_zh-hans", "anchors_en", "anchors_zh-hans"]


def export_csv(client):
    data = {"format": 0, "resource": 0, **{f"itemresource_{name}": "on" for name in FIELDS}}
    return client.post(reverse("admin:assessments_item_export"), data)


def test_the_item_csv_declares_utf8_and_starts_with_a_bom(draft, hr, client_for):
    response = export_csv(client_for(hr))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    chinese = {row["code"]: row["text_zh-hans"] for row in rows}
    assert chinese["EXE01"] == "我会把文件和工作资料整理好，需要什么都能很快找到。"


def test_the_downloaded_csv_imports_back_into_a_draft(draft, bank_admin, client_for):
    client = client_for(bank_admin)
    content = export_csv(client).content
    upload = SimpleUploadedFile("items.csv", content, content_type="text/csv")
    response = client.post(reverse("admin:assessments_item_import"),
                           {"import_file": upload, "format": 0, "resource": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" not in html and "Errors" not in html
    assert "confirm" in html.lower()
