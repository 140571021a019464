"""Fixtures for the response import: CSV files and running the command (the small bank
and the people are shared, in tests/assessments/conftest.py)."""

import csv

import pytest
from django.core.management import call_command

from assessments.models import Answer, Assignment, Campaign
from talent.models import Employee


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
