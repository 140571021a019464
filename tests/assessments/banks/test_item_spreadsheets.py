"""Items travel through CSV and XLSX in the admin; formulas never reach a spreadsheet."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.admin.items import ItemResource
from talent.csv_safety import escape_formula, unescape_formula

DANGEROUS = ["=HYPERLINK(\"http://example.com\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)",
             "\tTabbed", "\rReturned"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_a_spreadsheet_would_run_is_escaped(value):
    assert escape_formula(value) == "'" + value
    assert unescape_formula(escape_formula(value)) == value


@pytest.mark.parametrize("value", ["Plain", "I keep lists", "'quoted", "", 3, None, "中文"])
def test_ordinary_cells_are_left_alone(value):
    assert escape_formula(value) == value
    assert unescape_formula(value) == value


@pytest.fixture
def booby_trapped(draft):
    for item, text in zip(draft.items.order_by("order")[:len(DANGEROUS)], DANGEROUS,
                          strict=True):
        item.text = {"en": text, "zh-hans": "=1+1"}
        item.save()
    return draft


def export(client, fmt):
    fields = ["version", "code", "scale", "order", "reverse", "min_value", "max_value",
              "text_en", "text_zh-hans", "anchors_en", "anchors_zh-hans"]
    data = {"format": fmt, "resource": 0, **{f"itemresource_{name}": "on" for name in fields}}
    response = client.post(reverse("admin:assessments_item_export"), data)
    assert response.status_code == 200
    return response.content


def test_csv_export_escapes_formula_cells(booby_trapped, bank_admin, client_for):
    text = export(client_for(bank_admin), 0).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 52
    texts = {row["text_en"] for row in rows}
    for value in DANGEROUS:
        assert "'" + value in texts
        assert value not in texts
    assert not [row for row in rows if row["text_zh-hans"].startswith("=")]
    assert rows[0]["version"] == "CORE:1"


def test_xlsx_export_holds_text_not_formulas(booby_trapped, bank_admin, client_for):
    book = openpyxl.load_workbook(io.BytesIO(export(client_for(bank_admin), 1)))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    for value in DANGEROUS:
        # XML reading turns a lone carriage return into a newline; the apostrophe stays.
        assert "'" + value.replace("\r", "\n") in values


def test_hr_may_export_items(draft, hr, client_for):
    assert export(client_for(hr), 0).decode("utf-8-sig").startswith("version,code,scale")


def import_csv(client, text):
    upload = SimpleUploadedFile("items.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("admin:assessments_item_import"),
                           {"import_file": upload, "format": 0, "resource": 0})
    return response


def test_exported_csv_imports_back_unescaped(booby_trapped, bank_admin):
    dataset = ItemResource().export()
    csv_text = dataset.csv
    item = booby_trapped.items.get(text__en=DANGEROUS[0])
    item.text = {"en": "changed", "zh-hans": "改"}
    item.save()
    result = ItemResource().import_data(tablib.Dataset().load(csv_text, format="csv"),
                                        dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    item.refresh_from_db()
    assert item.text == {"en": DANGEROUS[0], "zh-hans": "=1+1"}


def test_importing_items_into_a_published_version_is_refused(published, bank_admin,
                                                             client_for):
    text = ("version,code,scale,order,reverse,min_value,max_value,text_en,text_zh-hans\n"
            "CORE:1,EXE01,EXE,1,0,1,5,Sneaky edit,偷偷修改\n")
    response = import_csv(client_for(bank_admin), text)
    html = response.content.decode()
    assert "CORE v1 is published; items can only be imported into a draft." in html
    assert published.items.get(code="EXE01").text["en"] != "Sneaky edit"


def test_importing_items_into_a_draft_through_the_admin(draft, bank_admin, client_for):
    client = client_for(bank_admin)
    text = ("version,code,scale,order,reverse,min_value,max_value,text_en,text_zh-hans,"
            "anchors_en,anchors_zh-hans\n"
            "CORE:1,EXE99,EXE,99,1,1,5,A new item,一个新题目,No | Yes,否 | 是\n")
    response = import_csv(client, text)
    assert response.status_code == 200
    assert "EXE99" in response.content.decode()
    assert not draft.items.filter(code="EXE99").exists()  # the first step only previews
    confirm = client.post(reverse("admin:assessments_item_process_import"),
                          _confirm_fields(response))
    assert confirm.status_code == 302
    item = draft.items.get(code="EXE99")
    assert item.text == {"en": "A new item", "zh-hans": "一个新题目"}
    assert item.anchors == {"en": ["No", "Yes"], "zh-hans": ["否", "是"]}
    assert item.reverse is True


def _confirm_fields(response):
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}


def test_an_import_row_naming_an_unknown_scale_is_refused(draft, bank_admin, client_for):
    text = ("version,code,scale,order,reverse,min_value,max_value,text_en,text_zh-hans\n"
            "CORE:1,EXE98,NOPE,1,0,1,5,Text,文本\n")
    html = import_csv(client_for(bank_admin), text).content.decode()
    assert "No scale &#x27;NOPE&#x27; in this bank version." in html
    assert not draft.items.filter(code="EXE98").exists()
