"""Fixtures for the response import: a small published bank, people, CSV files."""

import csv

import pytest
from django.core.management import call_command

from assessments.models import Answer, Assignment, Campaign
from talent.models import Employee
from tests.factories import make_bank, make_employees


@pytest.fixture
def bank(db):
    """TEST v1, published: EXE and CMP, 6 items each (EXE01, CMP01, ...), 2 twin pairs."""
    return make_bank("TEST")


@pytest.fixture
def people(db):
    """Employees P001, P002, P003."""
    return make_employees(3)


@pytest.fixture
def write_csv(tmp_path):
    def write(rows, name="answers.csv"):
        path = tmp_path / name
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        return path

    return write


@pytest.fixture
def run_import(capsys):
    """Run the command; returns what it printed."""
    def run(path, *, bank="TEST", campaign="History 2024", create_employees=False):
        args = [str(path), "--bank", bank, "--campaign", campaign]
        if create_employees:
            args.append("--create-employees")
        call_command("import_responses", *args)
        return capsys.readouterr().out

    return run


def counts():
    return {model.__name__: model.objects.count()
            for model in (Campaign, Assignment, Answer, Employee)}


@pytest.fixture
def table_counts():
    return counts
