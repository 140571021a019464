"""A rating's date is read only in the form YYYY-MM-DD: any other form (compact ISO, ISO
weeks, day first, slashes, a time, full-width digits) and any day not on the calendar is
refused with its row and column, never read as some date; so is a date after today.
Nothing of the file is recorded, through the service, the command or the API."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from api import tokens
from assessments.models import OutcomeRecord
from assessments.services import outcome_import
from tests.factories import make_employees

from .conftest import publish

TODAY = datetime.date(2026, 12, 1)


def _csv(*rows):
    return io.BytesIO(("\n".join(["employee_id,criterion,date,value", *rows]) + "\n")
                      .encode())


@pytest.fixture
def criterion(db):
    make_employees(2)
    return publish("ops", low=1, high=5)


@pytest.mark.parametrize("written", [
    "20260630", "2026-W26-2", "2026W262", "2026-6-30", "30/06/2026", "2026/06/30",
    "06-30-2026", "2026-06-30T00:00", "2026-06-30 00:00", "２０２６-０６-３０",
    "2026-181", "June 30 2026", "",
])
def test_a_date_in_any_other_form_is_refused_with_row_and_column(criterion, written):
    plan = outcome_import.import_outcomes(
        _csv("P001,ops,2026-06-29,4", f'P002,ops,"{written}",4'), today=TODAY)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "date")]
    assert "YYYY-MM-DD" in plan.errors[0].message
    assert not OutcomeRecord.objects.exists()


@pytest.mark.parametrize("written", ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29"])
def test_a_day_not_on_the_calendar_is_refused(criterion, written):
    plan = outcome_import.import_outcomes(_csv(f"P001,ops,{written},4"), today=TODAY)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "date")]
    assert written in plan.errors[0].message and "calendar" in plan.errors[0].message
    assert not OutcomeRecord.objects.exists()


def test_a_date_after_today_is_refused_and_today_is_accepted(criterion):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    plan = outcome_import.import_outcomes(
        _csv(f"P001,ops,{TODAY.isoformat()},4", f"P002,ops,{tomorrow},4"), today=TODAY)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "date")]
    assert "future" in plan.errors[0].message and tomorrow in plan.errors[0].message
    assert not OutcomeRecord.objects.exists()
    assert outcome_import.import_outcomes(_csv(f"P001,ops,{TODAY.isoformat()},4"),
                                          today=TODAY).ok


@pytest.mark.parametrize("written", ["1_000", "４", "infinity", "nan", "4,5", "0x4"])
def test_a_value_is_read_only_as_a_plain_number(criterion, written):
    plan = outcome_import.import_outcomes(_csv(f'P001,ops,2026-06-30,"{written}"'),
                                          today=TODAY)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "value")]
    assert not OutcomeRecord.objects.exists()


def test_the_command_names_the_row_and_column_of_a_compact_date(criterion, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,criterion,date,value\nP001,ops,2026-06-29,4\n"
                   "P002,ops,20260630,4\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was recorded"):
        call_command("import_outcomes", str(bad), stderr=err)
    assert "row 3, date: Not a date in the form YYYY-MM-DD: 20260630." in err.getvalue()
    assert not OutcomeRecord.objects.exists()


def test_the_api_refuses_a_compact_date_by_item_and_column(criterion, hr):
    _token, secret = tokens.issue(hr, name="test", scopes=["outcomes:write"], days=1)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    response = client.post(
        "/api/v1/outcomes/", {"outcomes": [
            {"employee_id": "P001", "criterion": "ops", "date": "2026-06-29", "value": 4},
            {"employee_id": "P002", "criterion": "ops", "date": "20260630", "value": 4}]},
        content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["item"], e["column"]) for e in errors] == [(1, "date")]
    assert not OutcomeRecord.objects.exists()
