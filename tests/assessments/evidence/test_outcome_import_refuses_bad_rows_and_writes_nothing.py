"""Importing outcome ratings (service and `manage.py import_outcomes`): every bad row is
reported with its row and column and nothing is recorded; a clean file is recorded in
full against the criterion's published version."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from assessments.models import Criterion, CriterionVersion, OutcomeRecord
from assessments.services import outcome_import
from tests.factories import make_employees

from .conftest import publish

TODAY = datetime.date(2026, 12, 1)


def _csv(*rows, header="employee_id,criterion,date,value"):
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


@pytest.fixture
def setup(db):
    make_employees(3)
    Criterion.objects.create(code="draft-only", name={"en": "Draft"})
    CriterionVersion.objects.create(criterion=Criterion.objects.get(code="draft-only"),
                                    number=1, scale_min=1, scale_max=5,
                                    definition={"en": "Not published yet."})
    return publish("ops", low=1, high=5)


def test_a_clean_file_is_recorded_against_the_published_version(setup):
    plan = outcome_import.import_outcomes(
        _csv("P001,ops,2026-06-30,4", "P002,ops,2026-06-30,2.5", "P001,ops,2025-06-30,3"),
        today=TODAY)
    assert plan.ok and plan.rows == 3 and plan.per_criterion == {"ops": 3}
    records = OutcomeRecord.objects.order_by("employee__employee_id", "date")
    assert [(r.employee.employee_id, r.value, r.version_id) for r in records] == [
        ("P001", 3.0, setup.pk), ("P001", 4.0, setup.pk), ("P002", 2.5, setup.pk)]


def test_every_bad_row_is_named_with_its_column_and_nothing_is_written(setup):
    plan = outcome_import.import_outcomes(_csv(
        "P001,ops,2026-06-30,4",            # 2: fine
        "NOBODY,ops,2026-06-30,4",          # 3: unknown employee
        "P002,ops,2026-06-30,6",            # 4: outside the scale
        "P002,ops,2027-01-01,3",            # 5: in the future
        "P001,ops,2026-06-30,2",            # 6: same person, criterion and date as row 2
        "P003,draft-only,2026-06-30,3",     # 7: no published definition
        "P003,nosuch,2026-06-30,3",         # 8: unknown criterion
        "P003,ops,30/06/2026,abc",          # 9: bad date and bad number
        "P003,ops,2026-06-30,=1+1",         # 10: a formula
    ), today=TODAY)
    assert not plan.ok
    found = {(e.row, e.column) for e in plan.errors}
    assert found == {(3, "employee_id"), (4, "value"), (5, "date"), (6, "date"),
                     (7, "criterion"), (8, "criterion"), (9, "date"), (9, "value"),
                     (10, "value")}
    messages = " ".join(e.message for e in plan.errors)
    assert "NOBODY" in messages and "outside the scale" in messages
    assert "future" in messages and "row 2" in messages and "no published definition" in messages
    assert not OutcomeRecord.objects.exists()


def test_a_rating_already_recorded_is_refused_not_overwritten(setup):
    assert outcome_import.import_outcomes(_csv("P001,ops,2026-06-30,4"), today=TODAY).ok
    plan = outcome_import.import_outcomes(
        _csv("P002,ops,2026-06-30,3", "P001,ops,2026-06-30,2"), today=TODAY)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "date")]
    assert list(OutcomeRecord.objects.values_list("value", flat=True)) == [4.0]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"employee_id,criterion,date\nP001,ops,2026-01-01\n", "exactly these columns"),
    (b"employee_id,criterion,date,value\n", "no outcome rows"),
    (b"employee_id,criterion,date,value\nP001,ops,2026-01-01\n", "cells"),
    (b"employee_id,criterion,date,value\nP001,ops,2026-01-01,\xff\n", "UTF-8"),
])
def test_a_malformed_file_is_refused_as_a_whole(setup, content, message):
    plan = outcome_import.import_outcomes(io.BytesIO(content), today=TODAY)
    assert not plan.ok and message in " ".join(e.message for e in plan.errors)
    assert not OutcomeRecord.objects.exists()


def test_the_database_holds_the_scale_and_one_rating_per_person_criterion_and_date(setup):
    employee = make_employees(1, prefix="Q")[0]
    fields = {"employee": employee, "criterion": setup.criterion, "version": setup,
              "date": TODAY, "scale_min": 1, "scale_max": 5}
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeRecord.objects.create(value=7, **fields)
    OutcomeRecord.objects.create(value=3, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeRecord.objects.create(value=4, **fields)


def test_the_command_reports_rows_and_columns_and_records_nothing(setup, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,criterion,date,value\nP001,ops,2026-06-30,9\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was recorded"):
        call_command("import_outcomes", str(bad), stderr=err)
    assert "row 2, value" in err.getvalue()
    good = tmp_path / "good.csv"
    good.write_text("employee_id,criterion,date,value\nP001,ops,2026-06-30,4\n")
    out = io.StringIO()
    call_command("import_outcomes", str(good), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and not OutcomeRecord.objects.exists()
    call_command("import_outcomes", str(good), stdout=out)
    assert OutcomeRecord.objects.count() == 1
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_outcomes", str(tmp_path / "missing.csv"))
