from assessments.models import Answer, Assignment, Campaign

HEADER = ["employee_id", "EXE01", "CMP01", "EXE02", "CMP02"]


def test_each_row_becomes_a_submitted_assignment_of_a_new_closed_campaign(
    bank, people, write_csv, run_import
):
    path = write_csv([HEADER, ["P001", 1, 2, 3, 4], ["P002", 5, 4, 3, 2]])

    out = run_import(path)

    campaign = Campaign.objects.get(name="History 2024")
    assert campaign.bank_version == bank
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.assignments.submitted().count() == 2
    assert all(a.submitted_at for a in campaign.assignments.all())
    answers = dict(
        Answer.objects.filter(assignment__employee__employee_id="P002")
        .values_list("item__code", "value")
    )
    assert answers == {"EXE01": 5, "CMP01": 4, "EXE02": 3, "CMP02": 2}
    assert '"History 2024"' in out
    assert "2 submitted assignments, 8 answers" in out


def test_an_empty_cell_is_a_missing_answer_with_no_row(bank, people, write_csv, run_import):
    path = write_csv([HEADER, ["P001", 1, "", 3, " "], ["P002", "", "", "", ""]])

    run_import(path)

    assert sorted(Answer.objects.values_list("item__code", flat=True)) == ["EXE01", "EXE02"]
    # Someone who answered nothing still submitted; scoring will call it incomplete.
    assert Assignment.objects.submitted().count() == 2


def test_whole_numbers_with_spaces_signs_or_a_zero_decimal_are_accepted(
    bank, people, write_csv, run_import
):
    path = write_csv([HEADER, ["P001", " 2 ", "3.0", "+4", "05"]])

    run_import(path)

    assert sorted(Answer.objects.values_list("value", flat=True)) == [2, 3, 4, 5]


def test_columns_may_come_in_any_order_and_items_may_be_left_out(
    bank, people, write_csv, run_import
):
    path = write_csv([["CMP06", "employee_id"], [4, "P003"]])

    run_import(path)

    answer = Answer.objects.get()
    assert (answer.item.code, answer.value) == ("CMP06", 4)
    assert answer.assignment.employee.employee_id == "P003"


def test_blank_lines_and_a_spreadsheet_byte_order_mark_are_ignored(
    bank, people, tmp_path, run_import
):
    path = tmp_path / "excel.csv"
    path.write_text("\ufeffemployee_id,EXE01\r\nP001,2\r\n\r\n,\r\nP002,3\r\n", encoding="utf-8")

    run_import(path)

    assert Assignment.objects.count() == 2


def test_a_second_file_adds_other_people_to_the_same_campaign(
    bank, people, write_csv, run_import
):
    run_import(write_csv([HEADER, ["P001", 1, 2, 3, 4]], name="a.csv"))

    out = run_import(write_csv([HEADER, ["P002", 1, 2, 3, 4]], name="b.csv"))

    assert Campaign.objects.count() == 1
    assert Assignment.objects.submitted().count() == 2
    assert "added to" in out
