"""Import the organisation from an HR system's CSV export (docs/org-import.md).

One row per employee; the department and position columns describe the employee's
department and position, which are created or updated along the way. The workflow is
all or nothing: `plan_import` streams and validates the whole file against the database
and works out what would change; `import_org` applies such a plan in one transaction,
in bulk (talent/org_import_writes.py), only when the file has no error at all.
"""

import csv
import datetime
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import org_import_writes, stamps
from .csv_safety import looks_like_formula
from .models import Department, Employee, Position
from .org_import_writes import EMPLOYEE_FIELDS, position_fields

COLUMNS = [
    "employee_id",
    "name",
    "email",
    "department_code",
    "department_name",
    "parent_department_code",
    "position_code",
    "position_title",
    "function",
    "need_execution",
    "need_compression",
    "manager_employee_id",
    "active",
    "hire_date",
]
# Chinese names, optional as columns: a file without one leaves the names it would set as
# they are (files from before they existed, HR systems that have none); a file with one
# sets them, and an empty cell clears the name (the English one is then shown).
OPTIONAL_COLUMNS = ["department_name_zh", "position_title_zh"]
# Only the first errors are kept for display; the total is always counted.
MAX_ERRORS_SHOWN = 200
# A spreadsheet would run these as formulas (CSV injection); an HR export has no formulas.
TRUE_WORDS = {"", "true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0"}
LEVEL_WORDS = {"1": 1, "2": 2, "3": 3, "low": 1, "medium": 2, "high": 3}
FUNCTIONS = set(Position.Function.values)



class FileTooLarge(Exception):
    pass


def max_bytes():
    return settings.ORG_IMPORT_MAX_BYTES


def too_large_message():
    return _("The file is larger than the limit of %(limit)s. Split it, or ask an "
             "administrator to raise ORG_IMPORT_MAX_MB.") % {"limit": filesizeformat(max_bytes())}


@dataclass
class RowError:
    row: int  # the spreadsheet row: the header is row 1 (0 for the file as a whole)
    column: str
    message: str


@dataclass
class Counts:
    create: int = 0
    update: int = 0
    unchanged: int = 0


@dataclass
class ImportPlan:
    """What a file would change, or why it cannot be imported."""

    errors: list = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    # False when reading stopped early (bad bytes or quoting): the rest of the file is
    # unknown, so references to it are not checked.
    read_to_end: bool = True
    employees: Counts = field(default_factory=Counts)
    departments: Counts = field(default_factory=Counts)
    positions: Counts = field(default_factory=Counts)
    # The wanted state, keyed by codes (database ids are resolved when applying).
    new_departments: dict = field(default_factory=dict)  # code -> {name, parent code}
    changed_departments: dict = field(default_factory=dict)
    new_positions: dict = field(default_factory=dict)  # code -> dict of values
    changed_positions: dict = field(default_factory=dict)
    new_employees: dict = field(default_factory=dict)  # employee_id -> dict of values
    changed_employees: dict = field(default_factory=dict)
    # Filled in when applied (talent/accounts.py): logins created, leavers and returners.
    provisioned_user_ids: list = field(default_factory=list)
    # Every employee id in the file (an HR-system sync deactivates the others).
    employee_ids: set = field(default_factory=set)
    # The optional columns the file has (OPTIONAL_COLUMNS): only those are written.
    optional_columns: frozenset = frozenset()
    deactivated: int = 0
    reactivated: int = 0

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def has_changes(self):
        return any(
            (c.create or c.update) for c in (self.employees, self.departments, self.positions)
        )

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(RowError(row, column, message))


def check_size(path):
    """Refuse a file over the limit from its size alone, before reading any of it."""
    if os.stat(path).st_size > max_bytes():
        raise FileTooLarge(too_large_message())


def plan_import(binary_file):
    """Validate a whole CSV file (a binary file object) and work out what it would change.

    Nothing is written. The file is streamed: each row is checked as it is read, and
    only its cleaned values are kept.
    """
    plan = ImportPlan()
    _plan_changes(_read_rows(binary_file, plan), plan)
    return plan


def import_org(binary_file, *, dry_run=False):
    """Plan and, unless it is a dry run or the file has errors, apply in one transaction."""
    if dry_run:
        return plan_import(binary_file)
    try:
        # Planning inside the transaction too: the writes rest on what it read.
        with transaction.atomic():
            plan = plan_import(binary_file)
            if plan.ok:
                org_import_writes.apply(plan)
                stamps.bump(stamps.ORGANISATION)
    except IntegrityError:
        # Someone changed the organisation between our reads and writes: nothing was kept.
        plan = ImportPlan()
        plan.add_error(
            0, "", _("The organisation changed while importing; nothing was changed. Try again.")
        )
    return plan


# Reading -----------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict


def _decoded_lines(binary_file, plan, position):
    """Yield the file's lines as text, stopping at the first bytes that are not UTF-8.

    Decoding line by line (rather than in large chunks) names the line with the bad
    bytes, so HR can find it. A UTF-8 byte order mark (Excel's "CSV UTF-8") is dropped.
    """
    for number, raw in enumerate(binary_file, start=1):
        position["line"] = number
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            # No text file has one (PostgreSQL cannot even store it): likely a binary file.
            plan.add_error(number, "", _(
                "Line %(line)s contains a NUL byte: this looks like a binary file (an Excel "
                "workbook?), not CSV text."
            ) % {"line": number})
            plan.read_to_end = False
            return
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            plan.add_error(
                number, "",
                _("The file is not UTF-8 text (line %(line)s). Save it as \"CSV UTF-8\" "
                  "and upload it again.") % {"line": number},
            )
            plan.read_to_end = False
            return


def _read_rows(binary_file, plan):
    """Yield the file's rows one by one, recording format errors on the plan as found."""
    position = {"line": 0}
    reader = csv.reader(_decoded_lines(binary_file, plan, position), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            if plan.ok:
                plan.add_error(0, "", _("The file is empty."))
            return
        columns = _check_header(header, plan)
        if columns is None:
            return
        plan.optional_columns = frozenset(columns) & frozenset(OPTIONAL_COLUMNS)
        last_line = reader.line_num
        for cells in reader:
            number, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are harmless
            plan.rows += 1
            if len(cells) != len(columns):
                plan.add_error(
                    number, "",
                    _("This row has %(cells)s cells; the header has %(columns)s.")
                    % {"cells": len(cells), "columns": len(columns)},
                )
                continue
            if _has_formula(number, columns, cells, plan) | _has_hidden_characters(
                number, columns, cells, plan
            ):
                continue
            yield _Row(number, {c: cell.strip() for c, cell in zip(columns, cells, strict=True)})
    except csv.Error as error:
        plan.add_error(
            position["line"], "",
            _("The file is not valid CSV near line %(line)s: %(error)s")
            % {"line": position["line"], "error": error},
        )
        plan.read_to_end = False
        return
    if plan.ok and not plan.rows:
        plan.add_error(0, "", _("The file has a header but no employee rows."))


def _has_formula(number, columns, cells, plan):
    found = False
    for column, cell in zip(columns, cells, strict=True):
        if looks_like_formula(cell):
            found = True
            plan.add_error(
                number, column,
                _("Starts with \"%(char)s\", which spreadsheets run as a formula; "
                  "an HR export should not contain formulas.")
                % {"char": cell.strip()[:1] or repr(cell[:1])},
            )
    return found


# Characters no cell of an HR export has a reason to hold: C0 and C1 controls (ESC, BEL,
# tabs and line breaks among them: a name on two lines breaks every list it is shown
# in), DEL, the Unicode line and paragraph separators, and the bidirectional embeddings,
# overrides and isolates that make a text display in another order than it reads.
HIDDEN_CHARACTERS = frozenset(
    [*map(chr, range(0x00, 0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029",
     *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
)


def _has_hidden_characters(number, columns, cells, plan):
    found = False
    for column, cell in zip(columns, cells, strict=True):
        hidden = next((char for char in cell if char in HIDDEN_CHARACTERS), None)
        if hidden is not None:
            found = True
            plan.add_error(number, column, _(
                "Contains an invisible control character (U+%(code)s), such as a line "
                "break or a text-direction override; a cell must be plain text on one line."
            ) % {"code": f"{ord(hidden):04X}"})
    return found


def _check_header(header, plan):
    columns = [name.strip().lower() for name in header]
    missing = [name for name in COLUMNS if name not in columns]
    unknown = [name for name in columns if name not in COLUMNS + OPTIONAL_COLUMNS]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if missing:
        plan.add_error(1, "", _("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        plan.add_error(
            1, "", _("Unknown columns: %(names)s.") % {"names": ", ".join(map(repr, unknown))}
        )
    if repeated:
        plan.add_error(
            1, "", _("Columns given twice: %(names)s.") % {"names": ", ".join(repeated)}
        )
    if missing or unknown or repeated:
        return None
    return columns


# Validating and comparing ------------------------------------------------------------


def _plan_changes(rows, plan):
    # code -> (name, parent code, Chinese name or None (no column), row number)
    wanted_departments = {}
    wanted_positions = {}  # code -> (values, row number)
    wanted_employees = {}  # employee_id -> (values, row number)
    wanted_emails = {}  # lower-case email -> row number

    # Ids and codes on rows with errors: references to them are not reported as unknown
    # (the row's own error says what to fix).
    on_bad_rows = set()

    for row in rows:
        values = _clean_row(row, plan)
        if values is None:
            on_bad_rows |= {row.values["employee_id"], row.values["department_code"]}
            continue
        _collect_department(row, values, wanted_departments, plan)
        _collect_position(row, values, wanted_positions, plan)
        employee_id = values["employee_id"]
        if employee_id in wanted_employees:
            plan.add_error(
                row.number, "employee_id",
                _("Employee %(id)s is also on row %(row)s.")
                % {"id": employee_id, "row": wanted_employees[employee_id][1]},
            )
            continue
        wanted_employees[employee_id] = (values, row.number)
        email = values["email"].lower()
        if email and email in wanted_emails:
            # A login is named after its email and a reset link goes to it: two people
            # on one address would share an account (talent/accounts.py).
            plan.add_error(row.number, "email", _(
                "The email %(email)s is also on row %(row)s; each person needs their own "
                "address to sign in."
            ) % {"email": values["email"], "row": wanted_emails[email]})
        elif email:
            wanted_emails[email] = row.number
    plan.employee_ids = set(wanted_employees)
    if not wanted_employees or not plan.read_to_end:
        return

    departments = _existing_departments()
    positions = _existing_positions()
    employees = _existing_employees()
    _check_references(wanted_departments, departments, wanted_employees, employees,
                      on_bad_rows, plan)
    if not plan.ok:
        return
    _check_department_cycles(wanted_departments, departments, plan)
    _check_manager_cycles(wanted_employees, employees, plan)
    if not plan.ok:
        return

    for code, (name, parent, name_zh, _number) in wanted_departments.items():
        wanted = {"name": name, "parent": parent}
        if name_zh is not None:
            wanted["name_zh"] = name_zh
        _compare(plan.departments, departments.get(code), wanted,
                 code, plan.new_departments, plan.changed_departments)
    for code, (values, _number) in wanted_positions.items():
        current = positions.get(code)
        if current is None:
            plan.positions.create += 1
            plan.new_positions[code] = values
        else:
            wanted = {name: values[name] for name in position_fields(plan)}
            _compare(plan.positions, current, wanted, code, {}, plan.changed_positions)
    for employee_id, (values, _number) in wanted_employees.items():
        wanted = {name: values[name] for name in EMPLOYEE_FIELDS}
        _compare(plan.employees, employees.get(employee_id), wanted, employee_id,
                 plan.new_employees, plan.changed_employees)


def _compare(counts, current, wanted, key, new, changed):
    if current is None:
        counts.create += 1
        new[key] = wanted
    elif all(current[name] == value for name, value in wanted.items()):
        counts.unchanged += 1
    else:
        counts.update += 1
        changed[key] = wanted


def _existing_departments():
    return {
        code: {"name": name, "parent": parent, "name_zh": name_zh}
        for code, name, parent, name_zh in Department.objects.values_list(
            "code", "name", "parent__code", "name_zh")
    }


def _existing_positions():
    return {
        code: {"title": title, "function": function, "need_execution": execution,
               "need_compression": compression, "title_zh": title_zh}
        for code, title, function, execution, compression, title_zh
        in Position.objects.values_list(
            "code", "title", "function", "need_execution", "need_compression", "title_zh"
        )
    }


def _existing_employees():
    rows = Employee.objects.values_list(
        "employee_id", "name", "email", "department__code", "position__code",
        "manager__employee_id", "active", "hire_date",
    )
    return {row[0]: dict(zip(EMPLOYEE_FIELDS, row[1:], strict=True)) for row in rows}


def _clean_row(row, plan):
    """The row's values, typed; None (and errors recorded) if any cell is wrong."""
    v = row.values
    errors_before = plan.error_count
    error = lambda column, message: plan.add_error(row.number, column, message)  # noqa: E731

    _require_text(v, "employee_id", Employee, error)
    _require_text(v, "name", Employee, error)
    _require_text(v, "department_code", Department, error, field_name="code")
    _require_text(v, "department_name", Department, error, field_name="name")
    if "department_name_zh" in v:
        _limit_text(v, "department_name_zh", Department, error, field_name="name_zh")
    _limit_text(v, "parent_department_code", Department, error, field_name="code")
    _limit_text(v, "manager_employee_id", Employee, error, field_name="employee_id")
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            error("email", _("\"%(value)s\" is not an email address.") % {"value": v["email"]})

    active = v["active"].lower()
    if active not in TRUE_WORDS | FALSE_WORDS:
        error("active", _("\"%(value)s\" is not one of true, false, yes, no, 1, 0.")
              % {"value": v["active"]})
    hire_date = None
    if v["hire_date"]:
        try:
            hire_date = datetime.date.fromisoformat(v["hire_date"])
        except ValueError:
            error("hire_date", _("\"%(value)s\" is not a date as YYYY-MM-DD.")
                  % {"value": v["hire_date"]})

    position = _clean_position(v, error)
    if plan.error_count > errors_before:
        return None
    return {
        "employee_id": v["employee_id"],
        "name": v["name"],
        "email": v["email"],
        "department": v["department_code"],
        "department_name": v["department_name"],
        # None: the file has no such column, and the name is left as it is.
        "department_name_zh": v.get("department_name_zh"),
        "parent_department": v["parent_department_code"] or None,
        "position": v["position_code"] or None,
        "position_values": position,
        "manager": v["manager_employee_id"] or None,
        "active": active in TRUE_WORDS,
        "hire_date": hire_date,
    }


def _clean_position(v, error):
    position_columns = ["position_title", "position_title_zh", "function", "need_execution",
                        "need_compression"]
    if not v["position_code"]:
        for column in position_columns:
            if v.get(column):
                error(column, _("Given without a position_code."))
        return None
    _limit_text(v, "position_code", Position, error, field_name="code")
    _require_text(v, "position_title", Position, error, field_name="title")
    chinese = {}
    if "position_title_zh" in v:
        _limit_text(v, "position_title_zh", Position, error, field_name="title_zh")
        chinese["title_zh"] = v["position_title_zh"]
    function = v["function"].lower()
    if function not in FUNCTIONS:
        error("function", _("\"%(value)s\" is not one of %(choices)s.")
              % {"value": v["function"], "choices": ", ".join(sorted(FUNCTIONS))})
    levels = {}
    for column in ("need_execution", "need_compression"):
        levels[column] = LEVEL_WORDS.get(v[column].lower())
        if levels[column] is None:
            error(column, _("\"%(value)s\" is not a level: 1, 2, 3 or low, medium, high.")
                  % {"value": v[column]})
    return {"title": v["position_title"], "function": function, **levels, **chinese}


def _require_text(v, column, model, error, field_name=None):
    if not v[column]:
        error(column, _("This column is required."))
    else:
        _limit_text(v, column, model, error, field_name)


def _limit_text(v, column, model, error, field_name=None):
    limit = model._meta.get_field(field_name or column).max_length
    if len(v[column]) > limit:
        error(column, _("Longer than %(limit)s characters.") % {"limit": limit})


def _collect_department(row, values, wanted, plan):
    code = values["department"]
    given = (values["department_name"], values["parent_department"],
             values["department_name_zh"])
    if code not in wanted:
        wanted[code] = (*given, row.number)
    elif wanted[code][:3] != given:
        first = wanted[code][3]
        column = next(column for column, old, new in zip(
            ("department_name", "parent_department_code", "department_name_zh"),
            wanted[code][:3], given, strict=True) if old != new)
        plan.add_error(row.number, column, _(
            "Department %(code)s is described differently on row %(row)s."
        ) % {"code": code, "row": first})


def _collect_position(row, values, wanted, plan):
    code = values["position"]
    if code is None:
        return
    given = {**values["position_values"], "department": values["department"]}
    if code not in wanted:
        wanted[code] = (given, row.number)
        return
    first, first_row = wanted[code]
    for name, column in [("title", "position_title"), ("title_zh", "position_title_zh"),
                         ("function", "function"), ("need_execution", "need_execution"),
                         ("need_compression", "need_compression")]:
        if first.get(name) != given.get(name):
            plan.add_error(row.number, column, _(
                "Position %(code)s is described differently on row %(row)s."
            ) % {"code": code, "row": first_row})
            return


def _check_references(wanted_departments, departments, wanted_employees, employees,
                      on_bad_rows, plan):
    known_departments = wanted_departments.keys() | departments.keys() | on_bad_rows
    for _name, parent, _name_zh, number in wanted_departments.values():
        if parent is not None and parent not in known_departments:
            plan.add_error(number, "parent_department_code", _(
                "Unknown department %(code)s: it is neither in the file nor in the "
                "organisation."
            ) % {"code": parent})
    known_employees = wanted_employees.keys() | employees.keys() | on_bad_rows
    for values, number in wanted_employees.values():
        if values["manager"] is not None and values["manager"] not in known_employees:
            plan.add_error(number, "manager_employee_id", _(
                "Unknown manager %(id)s: not in the file nor in the organisation."
            ) % {"id": values["manager"]})


def _check_department_cycles(wanted, existing, plan):
    parents = {code: values["parent"] for code, values in existing.items()}
    parents.update({code: parent for code, (_n, parent, _z, _r) in wanted.items()})
    rows = {code: number for code, (_n, _p, _z, number) in wanted.items()}
    _report_cycles(parents, rows, "parent_department_code",
                   _("The department tree loops: %(chain)s."), plan)


def _check_manager_cycles(wanted, existing, plan):
    managers = {employee_id: values["manager"] for employee_id, values in existing.items()}
    managers.update({employee_id: values["manager"] for employee_id, (values, _r)
                     in wanted.items()})
    rows = {employee_id: number for employee_id, (_v, number) in wanted.items()}
    _report_cycles(managers, rows, "manager_employee_id",
                   _("The manager chain loops: %(chain)s."), plan)


def _report_cycles(parent_of, row_of, column, message, plan):
    """One error per loop in `parent_of`, on the first file row that takes part in it."""
    for cycle in _find_cycles(parent_of):
        rows = [row_of[key] for key in cycle if key in row_of]
        if not rows:
            continue  # a loop already in the database, which this file does not touch
        plan.add_error(min(rows), column, message % {"chain": " → ".join([*cycle, cycle[0]])})


def _find_cycles(parent_of):
    """Each cycle in a child -> parent mapping, as a list of keys (linear time)."""
    done, cycles = set(), []
    for start in parent_of:
        path, on_path = [], {}
        node = start
        while node is not None and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent_of.get(node)
        if node is not None and node in on_path:
            cycles.append(path[on_path[node]:])
        done.update(path)
    return cycles
