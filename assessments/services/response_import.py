"""Historical answers from the wide responses CSV (docs/response-import.md).

`import_responses` loads answers (`employee_id`, then one column per item code, an empty
cell is a missing answer; docs/bank-format.md) as submitted assignments of a campaign.
An optional `language` column records the language each person answered in, so that
the keying-by-language check (reports.item_analysis) can compare imported answers too.
It reads the file twice and never holds it in memory: the first pass checks every cell
and every employee and writes nothing; the second writes, chunk by chunk, in the same
transaction, through `assessments.bulk` (COPY on PostgreSQL).

Employees that the file names but the organisation lacks are created, on request, in a
department with code IMPORTED ("Imported"), with their employee id as their name, so HR
can find them there and complete their records.
"""

import csv
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talent import stamps
from talent.models import Department, Employee

from .. import bulk
from ..models import Assignment, BankVersion, Campaign, QuestionBank
from ..models.campaigns import answer_range

IMPORTED_DEPARTMENT = ("IMPORTED", "Imported")
MAX_REPORTED = 50
EMPLOYEE_ID_LENGTH = Employee._meta.get_field("employee_id").max_length
CHUNK_ROWS = 5000
LANGUAGE_COLUMN = "language"


class ResponseImportError(Exception):
    """The file (or the command line) was refused; `problems` says where and why."""

    def __init__(self, problems, total=None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__("\n".join(self.problems))

    def report(self):
        lines = [
            ngettext("Nothing was imported: %(n)s problem.",
                     "Nothing was imported: %(n)s problems.", self.total) % {"n": self.total},
            *self.problems,
        ]
        if self.total > len(self.problems):
            lines.append(_("... and %(n)s more.") % {"n": self.total - len(self.problems)})
        return "\n".join(lines)


class _Problems:
    """Collects problems, keeping the first MAX_REPORTED and counting the rest."""

    def __init__(self):
        self.lines, self.total = [], 0

    def add(self, message):
        self.total += 1
        if len(self.lines) < MAX_REPORTED:
            self.lines.append(message)

    def raise_if_any(self):
        if self.total:
            raise ResponseImportError(self.lines, self.total)


@dataclass
class ImportSummary:
    campaign: Campaign
    campaign_created: bool
    assignments: int = 0
    answers: int = 0
    employees_created: int = 0


@dataclass
class _Column:
    index: int
    code: str
    item_id: int
    # Every accepted spelling of a valid answer ("1" .. "5") mapped to its value, so the
    # common case is one dict lookup per cell.
    allowed: dict
    low: int
    high: int


# -- bank and campaign ----------------------------------------------------------------


def resolve_bank_version(spec, campaign=None):
    """The bank version for `CODE` or `CODE:NUMBER`.

    Without a number: the campaign's own version when it exists and uses this bank
    (adding a file to a campaign should not depend on what was published since),
    otherwise the latest published version. Drafts are refused.
    """
    code, __, number = spec.partition(":")

    def refuse(message, **values):
        where = f'--bank "{spec}": '
        return ResponseImportError([where + message % {"code": code, **values}])

    if number and not (number.isdigit() and int(number) >= 1):
        raise refuse(_("the version must be a whole number from 1 up."))
    bank = QuestionBank.objects.filter(code=code).first()
    if bank is None:
        raise refuse(_("there is no question bank %(code)s."))
    if number:
        version = bank.versions.filter(number=int(number)).first()
        if version is None:
            raise refuse(_("%(code)s has no version %(number)s."), number=number)
        if version.status == BankVersion.Status.DRAFT:
            raise refuse(_("%(version)s is a draft; publish it before importing answers."),
                         version=version)
    elif campaign is not None and campaign.bank_version.bank_id == bank.pk:
        version = campaign.bank_version
    else:
        version = (
            bank.versions.filter(status=BankVersion.Status.PUBLISHED).order_by("-number").first()
        )
        if version is None:
            raise refuse(_("%(code)s has no published version."))
    if campaign is not None and campaign.bank_version_id != version.pk:
        raise ResponseImportError([_('Campaign "%(name)s" uses %(used)s, not %(version)s.') % {
            "name": campaign.name, "used": campaign.bank_version, "version": version}])
    return version


def _find_campaign(name):
    if not name.strip():
        raise ResponseImportError(["--campaign: " + _("the name is empty.")])
    return Campaign.objects.select_related("bank_version__bank").filter(name=name).first()


# -- the CSV --------------------------------------------------------------------------


def _rows(path):
    """(row number as a spreadsheet shows it, cells) for every row, the header being 1."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            yield from enumerate(csv.reader(f), start=1)
    except FileNotFoundError:
        raise ResponseImportError([f"{path}: " + _("no such file.")]) from None
    except UnicodeDecodeError:
        raise ResponseImportError([f"{path}: " + _("the file is not UTF-8 text.")]) from None
    except csv.Error as exc:
        raise ResponseImportError(
            [f"{path}: " + _("not a readable CSV file (%(error)s).") % {"error": exc}]
        ) from None


def site_languages():
    """{accepted spelling, lower case: the site's language code}: each code of
    settings.LANGUAGES, with "_" for "-" (zh_Hans), and its first part alone when no
    other site language shares it (zh for zh-hans, en for en)."""
    codes = [code for code, __ in settings.LANGUAGES]
    accepted = {}
    for code in codes:
        accepted[code.lower()] = code
        accepted[code.lower().replace("-", "_")] = code
        first = code.lower().split("-")[0]
        if sum(other.lower().split("-")[0] == first for other in codes) == 1:
            accepted.setdefault(first, code)
    return accepted


def _parse_language(cell, where, problems, accepted):
    """The site's code for a language cell ("" when blank), or None when refused."""
    text = cell.strip()
    if not text:
        return ""
    code = accepted.get(text.lower())
    if code is None:
        problems.add(_where(*where, column=LANGUAGE_COLUMN)
                     + _('"%(text)s" is not a language of this site (one of: %(codes)s; '
                         "leave the cell empty when the language is not known).")
                     % {"text": text,
                        "codes": ", ".join(code for code, __ in settings.LANGUAGES)})
        return None
    return code


def _read_header(header, version, problems):
    """(index of employee_id, item columns, index of language or None) from the header."""
    items = {item.code: item for item in version.items.all()}
    id_index, language_index, columns, seen = None, None, [], set()
    for index, name in enumerate(header):
        name = name.strip()
        if not name:
            problems.add(_("row 1, column %(n)s: the column has no name.") % {"n": index + 1})
        elif name in seen:
            problems.add(_where(1, column=name) + _("the column appears twice."))
        elif name == "employee_id":
            id_index = index
        elif name.lower() == LANGUAGE_COLUMN and name not in items:
            if language_index is not None:
                problems.add(_where(1, column=name) + _("the column appears twice."))
            language_index = index
        elif name not in items:
            problems.add(_where(1, column=name) + _("%(version)s has no item %(code)s.") % {
                "version": version, "code": name})
        else:
            item = items[name]
            allowed = answer_range(item)
            columns.append(_Column(
                index=index, code=name, item_id=item.pk,
                allowed={str(v): v for v in allowed}, low=allowed.start, high=allowed.stop - 1,
            ))
        seen.add(name)
    if id_index is None:
        problems.add(_where(1) + _('there is no "employee_id" column.'))
    return id_index, columns, language_index


def _where(row, employee_id=None, column=None):
    """The start of a problem: 'row 3 (E00042), column "EXE01": '."""
    where = _("row %(row)s") % {"row": row}
    if employee_id:
        where += f" ({employee_id})"
    if column is not None:
        where += ", " + _('column "%(column)s"') % {"column": column}
    return where + ": "


def _parse_value(cell, column, where, problems):
    """The answer in a cell that missed the fast path, or None (blank or refused)."""
    text = cell.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        # "3.0" is how pandas writes a whole number in a column with gaps.
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not number.is_integer():
            problems.add(_where(*where, column=column.code)
                         + _('"%(text)s" is not a whole number.') % {"text": text})
            return None
        value = int(number)
    if not column.low <= value <= column.high:
        problems.add(
            _where(*where, column=column.code)
            + _("%(value)s is outside the item's range %(low)s to %(high)s.")
            % {"value": value, "low": column.low, "high": column.high}
        )
        return None
    return value


def _parse_answers(cells, columns, where, problems):
    answers = []
    for column in columns:
        cell = cells[column.index]
        value = column.allowed.get(cell)
        if value is None:
            value = _parse_value(cell, column, where, problems)
            if value is None:
                continue
        answers.append((column.item_id, value))
    return answers


def _data_rows(path, width, id_index, problems):
    """(row number, employee id, cells) for each non-blank data row of the right width."""
    rows = _rows(path)
    next(rows, None)
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            problems.add(_where(number) + _("%(n)s cells, but the header has %(width)s.") % {
                "n": len(cells), "width": width})
            continue
        yield number, cells[id_index].strip(), cells


def _chunks(iterable, size=CHUNK_ROWS):
    chunk = []
    for element in iterable:
        chunk.append(element)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class _Plan:
    id_index: int
    width: int
    columns: list
    language_index: int | None = None
    rows: int = 0
    answers: int = 0


def _check_file(path, version, campaign, create_employees):
    """First pass: every problem in the file, or a plan for the second. Writes nothing."""
    problems = _Problems()
    header = next(_rows(path), (1, None))[1]
    if not header:
        raise ResponseImportError([f"{path}: " + _("the file is empty.")])
    id_index, columns, language_index = _read_header(header, version, problems)
    if id_index is None:
        problems.raise_if_any()
    plan = _Plan(id_index=id_index, width=len(header), columns=columns,
                 language_index=language_index)
    languages = site_languages()
    first_row = {}  # employee id -> row number, to name both rows of a duplicate

    for chunk in _chunks(_data_rows(path, plan.width, id_index, problems)):
        ids = []
        for number, employee_id, cells in chunk:
            where = _where(number, column="employee_id")
            if not employee_id:
                problems.add(where + _("the employee id is empty."))
                continue
            if "\x00" in employee_id or len(employee_id) > EMPLOYEE_ID_LENGTH:
                # PostgreSQL cannot store NUL bytes; longer ids would not fit the column.
                problems.add(where + _("not a valid employee id."))
                continue
            if employee_id in first_row:
                problems.add(where + _("%(id)s already appears in row %(row)s.") % {
                    "id": employee_id, "row": first_row[employee_id]})
                continue
            first_row[employee_id] = number
            ids.append((number, employee_id))
            plan.rows += 1
            plan.answers += len(_parse_answers(cells, columns, (number, employee_id),
                                               problems))
            if language_index is not None:
                _parse_language(cells[language_index], (number, employee_id), problems,
                                languages)
        _check_employees(ids, campaign, create_employees, problems)
    problems.raise_if_any()
    return plan


def _check_employees(ids, campaign, create_employees, problems):
    wanted = [employee_id for __, employee_id in ids]
    known = set(Employee.objects.filter(employee_id__in=wanted).values_list("employee_id",
                                                                             flat=True))
    taken = {}
    if campaign is not None:
        taken = dict(
            Assignment.objects.filter(campaign=campaign, employee__employee_id__in=wanted)
            .values_list("employee__employee_id", "status")
        )
    for number, employee_id in ids:
        where = _where(number, column="employee_id")
        values = {"id": employee_id, "campaign": campaign and campaign.name}
        if employee_id in taken:
            if taken[employee_id] == Assignment.Status.SUBMITTED:
                problems.add(where + _('%(id)s has already submitted in campaign '
                                       '"%(campaign)s".') % values)
            else:
                # Importing over answers someone is still giving would lose them.
                values["status"] = str(Assignment.Status(taken[employee_id]).label).lower()
                problems.add(where + _('%(id)s already has an assignment (%(status)s) in '
                                       'campaign "%(campaign)s".') % values)
        elif employee_id not in known and not create_employees:
            problems.add(where + _("there is no employee %(id)s "
                                   "(--create-employees would create one).") % values)


# -- writing --------------------------------------------------------------------------


def get_department(code_and_name):
    """The department with this (code, name), created if missing."""
    code, name = code_and_name
    return Department.objects.get_or_create(code=code, defaults={"name": name})[0]


def _write_file(path, plan, campaign, create_employees, summary):
    """Second pass: employees, assignments and answers, chunk by chunk."""
    problems = _Problems()
    submitted_at = timezone.now()
    department = None
    languages = site_languages()
    rows = _data_rows(path, plan.width, plan.id_index, problems)
    for chunk in _chunks(rows):
        wanted = [employee_id for _, employee_id, _ in chunk]
        employee_pks = dict(
            Employee.objects.filter(employee_id__in=wanted).values_list("employee_id", "pk")
        )
        missing = [employee_id for employee_id in wanted if employee_id not in employee_pks]
        if missing and not create_employees:
            raise ResponseImportError([_("Employee %(id)s was removed while importing.") % {
                "id": missing[0]}])
        if missing:
            department = department or get_department(IMPORTED_DEPARTMENT)
            new_pks = bulk.create_rows(
                Employee, ["employee_id", "name", "email", "department_id", "active"],
                [(employee_id, employee_id, "", department.pk, True) for employee_id in missing],
            )
            employee_pks.update(zip(missing, new_pks, strict=True))
            summary.employees_created += len(missing)
        spoken = [
            "" if plan.language_index is None
            else _parse_language(cells[plan.language_index], (number,), problems, languages)
            for number, __, cells in chunk
        ]
        # The file changed under us since the first pass: refuse rather than guess.
        problems.raise_if_any()
        assignment_pks = bulk.create_rows(
            Assignment,
            ["campaign_id", "employee_id", "status", "started_at", "submitted_at", "language"],
            [(campaign.pk, employee_pks[employee_id], Assignment.Status.SUBMITTED, None,
              submitted_at, language) for employee_id, language in zip(wanted, spoken,
                                                                      strict=True)],
        )
        answers = []
        for (number, __, cells), assignment_pk in zip(chunk, assignment_pks, strict=True):
            for item_id, value in _parse_answers(cells, plan.columns, (number,), problems):
                answers.append((assignment_pk, item_id, value, None, None))
        # The file changed under us since the first pass: refuse rather than guess.
        problems.raise_if_any()
        bulk.insert_answers(answers)
        summary.assignments += len(chunk)
        summary.answers += len(answers)
    problems.raise_if_any()


def import_responses(path, bank, campaign_name, *, create_employees=False):
    """Import the wide CSV at `path`; all or nothing. Raises ResponseImportError."""
    try:
        return _import(path, bank, campaign_name, create_employees)
    except IntegrityError as exc:
        # Someone else wrote an assignment for one of these people between our check and
        # our write; the transaction has rolled back.
        raise ResponseImportError(
            [_("The campaign changed while importing; nothing was imported (%(error)s).")
             % {"error": exc}]
        ) from None


def _import(path, bank, campaign_name, create_employees):
    with transaction.atomic():
        campaign = _find_campaign(campaign_name)
        version = resolve_bank_version(bank, campaign)
        plan = _check_file(path, version, campaign, create_employees)
        summary = ImportSummary(campaign=campaign, campaign_created=campaign is None)
        if campaign is None:
            campaign = Campaign(name=campaign_name, bank_version=version,
                                status=Campaign.Status.CLOSED)
            try:
                campaign.full_clean()
            except ValidationError as exc:
                raise ResponseImportError(
                    [f"--campaign: {message}" for message in exc.messages]
                ) from None
            campaign.save()
            summary.campaign = campaign
        with bulk.AnswerLoad(plan.answers):
            _write_file(path, plan, campaign, create_employees, summary)
        # Bulk writes send no signals: the campaign's submissions, and the employees
        # the import may have created.
        stamps.bump(stamps.campaign(campaign.pk),
                    *([stamps.ORGANISATION] if summary.employees_created else []))
    return summary
