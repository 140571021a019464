"""Import outcome ratings from CSV: `employee_id,criterion,date,value` (docs/evidence.md).

All or nothing, like the organisation import (talent/org_import.py): `plan_import` reads
and checks the whole file against the database and reports every bad row with its row
and column; `import_outcomes` writes the rows in one transaction only when the file has
no error at all. A rating is recorded against its criterion's newest published version.
"""

import csv
import datetime
import math
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talent import stamps
from talent.csv_safety import looks_like_formula
from talent.models import Employee
from talent.org_import import HIDDEN_CHARACTERS, MAX_ERRORS_SHOWN, RowError

from ..models import Criterion, OutcomeRecord

COLUMNS = ["employee_id", "criterion", "date", "value"]

# date.fromisoformat alone also reads 20260630, 2026-W26-2 and, with other digits than
# ASCII, forms nobody typed on purpose: a rating's date is only ever YYYY-MM-DD.
STRICT_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# float() alone also reads 1_000, "infinity" and full-width digits: a rating is only ever
# a plain decimal number (an exponent allowed, which the API's JSON numbers can carry).
STRICT_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass
class OutcomePlan:
    errors: list = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    records: list = field(default_factory=list)   # unsaved OutcomeRecord objects
    per_criterion: dict = field(default_factory=dict)  # code -> rows

    @property
    def ok(self):
        return self.error_count == 0 and self.rows > 0

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(RowError(row, column, message))


def plan_import(binary_file, *, today=None):
    """Check a whole file (a binary file object); nothing is written."""
    plan = OutcomePlan()
    rows = list(_read_rows(binary_file, plan))
    if rows:
        _check_rows(rows, plan, today or timezone.localdate())
    elif not plan.error_count:
        plan.add_error(0, "", _("The file has a header but no outcome rows."))
    return plan


def import_outcomes(binary_file, *, user=None, today=None):
    """Plan and, when the file has no error, write every row in one transaction."""
    try:
        with transaction.atomic():
            plan = plan_import(binary_file, today=today)
            if plan.ok:
                for record in plan.records:
                    record.recorded_by = user
                OutcomeRecord.objects.bulk_create(plan.records, batch_size=1000)
                stamps.bump(stamps.OUTCOMES)  # a bulk insert sends no signal
    except IntegrityError:
        # Someone recorded the same rating between our check and our write.
        plan = OutcomePlan()
        plan.add_error(0, "", _("Outcomes changed while importing; nothing was recorded. "
                                "Try again."))
    return plan


def _read_rows(binary_file, plan):
    try:
        text = (line.decode("utf-8-sig") if number == 0 else line.decode("utf-8")
                for number, line in enumerate(binary_file))
        reader = csv.reader(text, strict=True)
        header = next(reader, None)
        if header is None:
            plan.add_error(0, "", _("The file is empty."))
            return
        columns = [name.strip().lower() for name in header]
        if sorted(columns) != sorted(COLUMNS):
            plan.add_error(1, "", _("The header must be exactly these columns: %(names)s.")
                           % {"names": ", ".join(COLUMNS)})
            return
        number = 1
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            plan.rows += 1
            if len(cells) != len(columns):
                plan.add_error(number, "", _("This row has %(cells)s cells; the header has "
                                             "%(columns)s.")
                               % {"cells": len(cells), "columns": len(columns)})
                continue
            values = dict(zip(columns, (cell.strip() for cell in cells), strict=True))
            if _unsafe(number, values, plan):
                continue
            yield number, values
    except UnicodeDecodeError:
        plan.add_error(0, "", _("The file is not UTF-8 text. Save it as \"CSV UTF-8\" and "
                                "upload it again."))
    except csv.Error as error:
        plan.add_error(0, "", _("The file is not valid CSV: %(error)s") % {"error": error})


def _unsafe(number, values, plan):
    found = False
    for column, cell in values.items():
        if looks_like_formula(cell):
            found = True
            plan.add_error(number, column, _("Starts with \"%(char)s\", which spreadsheets "
                                             "run as a formula.") % {"char": cell[:1]})
        elif any(char in HIDDEN_CHARACTERS for char in cell):
            found = True
            plan.add_error(number, column, _("Contains an invisible control character."))
    return found


def _check_rows(rows, plan, today):
    ids = {values["employee_id"] for _, values in rows}
    employees = dict(Employee.objects.filter(employee_id__in=ids)
                     .values_list("employee_id", "pk"))
    codes = {values["criterion"] for _, values in rows}
    criteria = {c.code: (c, c.published_version())
                for c in Criterion.objects.filter(code__in=codes)}
    seen = {}
    for number, values in rows:
        employee = _employee(number, values, employees, plan)
        criterion, version = _criterion(number, values, criteria, plan)
        date = _date(number, values, today, plan)
        value = _value(number, values, version, plan)
        if None in (employee, version, date, value):
            continue
        key = (employee, criterion.pk, date)
        if key in seen:
            plan.add_error(number, "date", _("%(id)s already has a %(criterion)s rating on "
                                             "%(date)s on row %(row)s.")
                           % {"id": values["employee_id"], "criterion": criterion.code,
                              "date": date.isoformat(), "row": seen[key]})
            continue
        seen[key] = number
        plan.records.append(OutcomeRecord(
            employee_id=employee, criterion=criterion, version=version, date=date,
            value=value, scale_min=version.scale_min, scale_max=version.scale_max))
        plan.per_criterion[criterion.code] = plan.per_criterion.get(criterion.code, 0) + 1
    _check_already_recorded(rows, seen, plan)


def _employee(number, values, employees, plan):
    employee_id = values["employee_id"]
    if not employee_id:
        plan.add_error(number, "employee_id", _("No employee id."))
        return None
    if employee_id not in employees:
        plan.add_error(number, "employee_id", _("No employee has the id %(id)s.")
                       % {"id": employee_id})
        return None
    return employees[employee_id]


def _criterion(number, values, criteria, plan):
    code = values["criterion"]
    if code not in criteria:
        plan.add_error(number, "criterion", _("No criterion has the code %(code)s.")
                       % {"code": code or "''"})
        return None, None
    criterion, version = criteria[code]
    if version is None:
        plan.add_error(number, "criterion", _(
            "The criterion %(code)s has no published definition yet: publish a version "
            "with its definition and scale before recording ratings.") % {"code": code})
        return criterion, None
    if version.definition_problems():
        # Only a version stored before the model refused blank definitions can get
        # here; a rating against it would mean nothing anyone wrote down.
        plan.add_error(number, "criterion", _(
            "The criterion %(code)s has no definition: publish a version that says what "
            "is rated before recording ratings.") % {"code": code})
        return criterion, None
    return criterion, version


def _date(number, values, today, plan):
    text = values["date"]
    if not STRICT_DATE.fullmatch(text):
        plan.add_error(number, "date", _("Not a date in the form YYYY-MM-DD: %(value)s.")
                       % {"value": text or "''"})
        return None
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        plan.add_error(number, "date", _("%(value)s is not a day of the calendar.")
                       % {"value": text})
        return None
    if date > today:
        plan.add_error(number, "date", _("%(date)s is in the future: a rating records "
                                         "work already done.") % {"date": date.isoformat()})
        return None
    return date


def _value(number, values, version, plan):
    try:
        value = float(values["value"]) if STRICT_NUMBER.fullmatch(values["value"]) \
            else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        plan.add_error(number, "value", _("Not a number: %(value)s.")
                       % {"value": values["value"] or "''"})
        return None
    if version is not None and not version.contains(value):
        plan.add_error(number, "value", _(
            "%(value)s is outside the scale of %(criterion)s (%(low)g to %(high)g).")
            % {"value": values["value"], "criterion": version.criterion.code,
               "low": version.scale_min, "high": version.scale_max})
        return None
    return value


def _check_already_recorded(rows, seen, plan):
    """Ratings the database already holds for the same person, criterion and date."""
    if not seen:
        return
    dates = {date for _, _, date in seen}
    stored = set(OutcomeRecord.objects.filter(
        employee_id__in={e for e, _, _ in seen}, criterion_id__in={c for _, c, _ in seen},
        date__in=dates).values_list("employee_id", "criterion_id", "date"))
    for key in sorted(stored & set(seen), key=seen.get):
        plan.add_error(seen[key], "date", _(
            "This person already has a rating on this criterion and date; a rating is "
            "never overwritten (record a correction on another date)."))
    if stored & set(seen):
        plan.records = []
