"""Large loads on PostgreSQL drop the answer table's foreign keys for their transaction;
a small threshold sends a small file down that path."""

import pytest
from django.core.management import CommandError
from django.db import connection

from assessments import bulk as bulk_paths
from assessments.models import Answer
from assessments.services import response_import

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="PostgreSQL's bulk path")

HEADER = ["employee_id", "EXE01", "CMP01"]


def answer_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            ["assessments_answer"],
        )
        return sorted(row[0] for row in cursor.fetchall())


@pytest.fixture(autouse=True)
def bulk(monkeypatch):
    monkeypatch.setattr(bulk_paths, "BULK_ANSWERS", 1)
    monkeypatch.setattr(response_import, "CHUNK_ROWS", 2)


def test_a_bulk_import_writes_everything_and_keeps_its_constraints(
    bank, people, write_csv, run_import
):
    before = answer_foreign_keys()

    run_import(write_csv([HEADER, ["P001", 1, 2], ["P002", 3, ""], ["N1", 5, 5]]),
               create_employees=True)

    assert len(before) == 2
    assert answer_foreign_keys() == before
    assert sorted(Answer.objects.values_list("assignment__employee__employee_id", "value")) == [
        ("N1", 5), ("N1", 5), ("P001", 1), ("P001", 2), ("P002", 3),
    ]


def test_a_bulk_import_that_fails_while_writing_leaves_nothing_behind(
    bank, people, write_csv, run_import, table_counts, monkeypatch
):
    # A file that changes between the check and the write: the write pass refuses too.
    real = response_import._write_file

    def write_then_fail(path, *args):
        with open(path, "a", newline="") as f:
            f.write("P003,9,9\r\n")
        return real(path, *args)

    monkeypatch.setattr(response_import, "_write_file", write_then_fail)
    before = table_counts()
    constraints = answer_foreign_keys()

    with pytest.raises(CommandError, match="outside the item's range"):
        run_import(write_csv([HEADER, ["P001", 1, 2], ["P002", 3, 4]]))

    assert table_counts() == before
    assert answer_foreign_keys() == constraints
