"""Every CSV and XLSX the site writes escapes text a spreadsheet would run as a formula:
the people export (inline CSV and XLSX, and the background job's CSV and XLSX), a person's
own data, the results command and the item spreadsheets. Hostile text (cells beginning
with = + - @ tab or CR) is put in employee ids and names, department and position names,
campaign and norm group names, contest comments, review reasons and item texts; every
cell of every file is checked, and more than 10,000 of them were hostile."""

import csv
import io
import itertools

import numpy as np
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments import engine_io, scoring
from assessments.admin.items import ItemResource
from assessments.models import (
    Assignment,
    BankVersion,
    Campaign,
    Contest,
    ExportJob,
    Item,
    NormGroup,
    Result,
    ReviewDecision,
    ScoringRun,
    ScoringSpec,
)
from assessments.services import exports
from talent.csv_safety import FORMULA_PREFIXES
from talent.models import Department, Employee, Position
from tests.factories import make_bank

PAYLOADS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd",
            "\t=1+1", "\r=1+1", '=HYPERLINK("http://evil.example/","open")', "==0", "-",
            "@"]
N_PEOPLE = 800

hostile = itertools.cycle(PAYLOADS)


def evil(tag):
    return f"{next(hostile)}{tag}"


@pytest.fixture
def hostile_world(org, hr, employee):
    version = make_bank("EVL", published=False)
    for item in version.items.all():
        Item.objects.filter(pk=item.pk).update(
            text={"en": evil(f" en {item.code}"), "zh-hans": evil(f" 中文 {item.code}")})
    # Published afterwards, as make_bank does (published content is locked).
    BankVersion.objects.filter(pk=version.pk).update(status=BankVersion.Status.PUBLISHED,
                                                     published_at=timezone.now())
    spec = ScoringSpec.objects.current()
    layout = engine_io.bank_layout(version).layout
    X = scoring.simulate(layout, 200, np.random.default_rng(2)).X
    built = scoring.build_norms(X, layout, scoring.Spec())
    fields = next(r for r in engine_io.result_fields_of(
        scoring.score(X, layout, built, scoring.Spec())) if r["validity"] == "valid")
    norms = NormGroup.objects.create(bank_version=version, name=evil(" norms"), n=200,
                                     spec=spec, data=built.to_dict())
    campaign = Campaign.objects.create(name=evil(" campaign"), bank_version=version,
                                       status=Campaign.Status.CLOSED)
    ScoringRun.objects.create(campaign=campaign, spec=spec, norm_group=norms,
                              status=ScoringRun.Status.FINISHED)
    departments = [Department.objects.create(code=f"D{i}", name=evil(f" dept {i}"),
                                             parent=org["HQ"]) for i in range(20)]
    positions = [Position.objects.create(code=f"P{i}", title=evil(f" pos {i}"),
                                         department=departments[i]) for i in range(20)]
    people = Employee.objects.bulk_create(
        Employee(employee_id=evil(f"-{i}"), name=evil(f" name {i}"),
                 department=departments[i % 20], position=positions[i % 20])
        for i in range(N_PEOPLE))
    people.append(employee.employee)
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(campaign=campaign, employee=p, department=p.department, position=p.position,
                   status=Assignment.Status.SUBMITTED, started_at=now, submitted_at=now)
        for p in people)
    results = Result.objects.bulk_create(
        Result(assignment=a, spec=spec, norm_group=norms, bank_version=version, **fields,
               review_state=Result.ReviewState.RELEASED, released_family="execution",
               computed_at=now) for a in assignments)
    # The employee's own data: a contest and review decisions with hostile text, over
    # several campaigns with hostile names.
    mine = results[-1]
    Contest.objects.create(result=mine, employee=employee.employee, comment=evil(" comment"))
    ReviewDecision.objects.create(result=mine, reviewer=hr, decision="release",
                                  family="execution", reason=evil(" reason"))
    return {"campaign": campaign, "version": version}


def is_number(cell):
    try:
        float(cell)
    except (TypeError, ValueError):
        return False
    return True


class Tally:
    def __init__(self):
        self.cells = self.hostile = 0

    def check(self, cell, where):
        """A text cell never begins with a formula character; a number may be negative."""
        self.cells += 1
        if cell is None or not isinstance(cell, str) or is_number(cell):
            return
        # (XLSX stores a CR as a line feed: still an escaped hostile cell.)
        if cell.startswith("'") and cell[1:].startswith((*FORMULA_PREFIXES, "\n")):
            self.hostile += 1
        assert not cell.startswith(FORMULA_PREFIXES), (where, cell)

    def csv(self, text, where):
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")):
            for cell in row:
                self.check(cell, where)

    def xlsx(self, data, where):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for cell in row:
                    self.check(cell, where)
                    # A formula would be stored as one; an escaped text stays text.
                    assert not (isinstance(cell, str) and cell.startswith("=")), where


def test_every_export_escapes_every_hostile_cell(hostile_world, cast, client_for, tmp_path,
                                                 settings):
    tally = Tally()
    hr = client_for(cast["hr"])
    per_export = {}

    def count(name, fn):
        before = tally.hostile
        fn()
        per_export[name] = tally.hostile - before
        assert per_export[name] > 0, f"{name}: no hostile cell reached the file"

    # The people table, inline (CSV streamed, XLSX as a file).
    def people_csv():
        response = hr.get(reverse("assessments:people_export_csv"))
        assert response.status_code == 200
        tally.csv(b"".join(response.streaming_content).decode("utf-8-sig"), "people.csv")

    def people_xlsx():
        response = hr.get(reverse("assessments:people_export_xlsx"))
        assert response.status_code == 200
        tally.xlsx(b"".join(response.streaming_content), "people.xlsx")

    # The same table built in the background (what a large export does).
    def job(fmt):
        job = exports.create_job(cast["hr"], {}, "everyone", fmt, N_PEOPLE)
        exports.build_job(job.pk)
        job = ExportJob.objects.get(pk=job.pk)
        assert job.status == ExportJob.Status.FINISHED, job.error
        data = job.file.open("rb").read()
        if fmt == "csv":
            tally.csv(data.decode("utf-8-sig"), "job.csv")
        else:
            tally.xlsx(data, "job.xlsx")

    def own_data():
        response = client_for(cast["employee"]).get(reverse("assessments:my_data_csv"))
        assert response.status_code == 200
        tally.csv(response.content.decode("utf-8-sig"), "my-data.csv")

    def results_command():
        out = io.StringIO()
        call_command("export_results", str(hostile_world["campaign"].pk), stdout=out)
        tally.csv(out.getvalue(), "export_results")

    def item_spreadsheets():
        items = Item.objects.filter(version=hostile_world["version"])
        dataset = ItemResource().export(items)
        tally.csv(dataset.csv, "items.csv")
        tally.xlsx(dataset.xlsx, "items.xlsx")

    count("people.csv", people_csv)
    count("people.xlsx", people_xlsx)
    count("job.csv", lambda: job("csv"))
    count("job.xlsx", lambda: job("xlsx"))
    count("my-data.csv", own_data)
    count("export_results", results_command)
    count("items.csv/xlsx", item_spreadsheets)

    print(f"\nexports: {tally.cells} cells checked, {tally.hostile} hostile cells escaped "
          f"({per_export})")
    assert tally.hostile >= 10_000
