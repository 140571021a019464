"""Every kind of bad file is refused whole: a message naming row and column, a non-zero
exit, and not one row written."""

import pytest
from django.core.management import CommandError, execute_from_command_line

from assessments.services import response_import

HEADER = ["employee_id", "EXE01", "CMP01"]

BAD_FILES = {
    "out of range": (
        [HEADER, ["P001", 1, 2], ["P002", 6, 2]],
        ['row 3 (P002), column "EXE01": 6 is outside the item\'s range 1 to 5.'],
    ),
    "below range": (
        [HEADER, ["P001", 0, 2]],
        ['row 2 (P001), column "EXE01": 0 is outside the item\'s range 1 to 5.'],
    ),
    "not a number": (
        [HEADER, ["P001", 1, "agree"]],
        ['row 2 (P001), column "CMP01": "agree" is not a whole number.'],
    ),
    "a fraction": (
        [HEADER, ["P001", "2.5", 2]],
        ['row 2 (P001), column "EXE01": "2.5" is not a whole number.'],
    ),
    "unknown item column": (
        [["employee_id", "EXE01", "XYZ99"], ["P001", 1, 2]],
        ['row 1, column "XYZ99": TEST v1 has no item XYZ99.'],
    ),
    "no employee_id column": (
        [["EXE01", "CMP01"], [1, 2]],
        ['row 1: there is no "employee_id" column.'],
    ),
    "a column twice": (
        [["employee_id", "EXE01", "EXE01"], ["P001", 1, 2]],
        ['row 1, column "EXE01": the column appears twice.'],
    ),
    "a nameless column": (
        [["employee_id", "", "EXE01"], ["P001", 1, 2]],
        ["row 1, column 2: the column has no name."],
    ),
    "the same employee twice": (
        [HEADER, ["P001", 1, 2], ["P002", 1, 2], ["P001", 3, 3]],
        ['row 4, column "employee_id": P001 already appears in row 2.'],
    ),
    "an empty employee id": (
        [HEADER, ["P001", 1, 2], ["", 1, 2]],
        ['row 3, column "employee_id": the employee id is empty.'],
    ),
    "a NUL byte in an employee id": (
        [HEADER, ["P001", 1, 2], ["N\x001", 1, 2]],
        ['row 3, column "employee_id": not a valid employee id.'],
    ),
    "an employee id too long to store": (
        [HEADER, ["P" * 65, 1, 2]],
        ['row 2, column "employee_id": not a valid employee id.'],
    ),
    "a short row": (
        [HEADER, ["P001", 1]],
        ["row 2: 2 cells, but the header has 3."],
    ),
    "an unknown employee": (
        [HEADER, ["P001", 1, 2], ["NOBODY", 1, 2]],
        ['row 3, column "employee_id": there is no employee NOBODY '
         "(--create-employees would create one)."],
    ),
}


@pytest.mark.parametrize("rows, expected", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_by_row_and_column_and_nothing_is_written(
    bank, people, write_csv, run_import, table_counts, rows, expected
):
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        run_import(write_csv(rows))

    message = str(refused.value)
    assert message.startswith("Nothing was imported: 1 problem.")
    for line in expected:
        assert line in message
    assert table_counts() == before


def test_every_problem_is_listed_at_once(bank, people, write_csv, run_import):
    rows = [["employee_id", "EXE01", "NOPE"], ["P001", 9, 1], ["P002", "x", 1]]

    with pytest.raises(CommandError) as refused:
        run_import(write_csv(rows))

    assert str(refused.value).splitlines() == [
        "Nothing was imported: 3 problems.",
        'row 1, column "NOPE": TEST v1 has no item NOPE.',
        'row 2 (P001), column "EXE01": 9 is outside the item\'s range 1 to 5.',
        'row 3 (P002), column "EXE01": "x" is not a whole number.',
    ]


def test_a_long_report_stops_at_fifty_lines_and_counts_the_rest(
    bank, people, write_csv, run_import
):
    rows = [HEADER, *([f"X{i}", 7, 7] for i in range(40))]

    with pytest.raises(CommandError) as refused:
        run_import(write_csv(rows), create_employees=True)

    lines = str(refused.value).splitlines()
    assert lines[0] == "Nothing was imported: 80 problems."
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "... and 30 more."


def test_a_problem_in_the_last_chunk_of_a_long_file_still_writes_nothing(
    bank, people, write_csv, run_import, table_counts, monkeypatch
):
    monkeypatch.setattr(response_import, "CHUNK_ROWS", 2)
    before = table_counts()
    rows = [HEADER, ["P001", 1, 1], ["P002", 2, 2], ["N1", 3, 3], ["N2", 4, 4], ["P003", 5, 6]]

    with pytest.raises(CommandError, match='row 6 \\(P003\\), column "CMP01"'):
        run_import(write_csv(rows), create_employees=True)

    assert table_counts() == before


def test_a_file_that_is_not_utf8_is_refused(bank, people, tmp_path, run_import, table_counts):
    path = tmp_path / "latin1.csv"
    path.write_bytes("employee_id,EXE01\nP001,1\nJosé,2\n".encode("latin-1"))
    before = table_counts()

    with pytest.raises(CommandError, match="not UTF-8 text"):
        run_import(path)

    assert table_counts() == before


def test_an_empty_file_is_refused(bank, tmp_path, run_import):
    path = tmp_path / "empty.csv"
    path.write_text("")

    with pytest.raises(CommandError, match="the file is empty"):
        run_import(path)


def test_a_missing_file_is_refused(bank, tmp_path, run_import):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "nowhere.csv")


def test_the_command_exits_non_zero_with_the_report_on_stderr(
    bank, people, write_csv, capsys
):
    path = write_csv([HEADER, ["P001", 8, 1]])

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            ["manage.py", "import_responses", str(path), "--bank", "TEST", "--campaign", "C"]
        )

    assert exited.value.code != 0
    assert 'row 2 (P001), column "EXE01"' in capsys.readouterr().err
