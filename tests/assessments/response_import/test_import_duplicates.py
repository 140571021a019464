import pytest
from django.core.management import CommandError

from assessments.models import Answer, Assignment
from tests.factories import make_campaign

HEADER = ["employee_id", "EXE01", "CMP01"]


def test_importing_the_same_people_again_is_refused_as_duplicates(
    bank, people, write_csv, run_import, table_counts
):
    path = write_csv([HEADER, ["P001", 1, 2], ["P002", 3, 4]])
    run_import(path)
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        run_import(path)

    assert str(refused.value).splitlines()[1:] == [
        'row 2, column "employee_id": P001 has already submitted in campaign "History 2024".',
        'row 3, column "employee_id": P002 has already submitted in campaign "History 2024".',
    ]
    assert table_counts() == before


def test_the_same_people_may_be_imported_into_another_campaign(
    bank, people, write_csv, run_import
):
    path = write_csv([HEADER, ["P001", 1, 2]])
    run_import(path, campaign="History 2023")

    run_import(path, campaign="History 2024")

    assert Assignment.objects.submitted().filter(employee__employee_id="P001").count() == 2


def test_someone_still_answering_online_is_not_overwritten(
    bank, people, write_csv, run_import
):
    campaign = make_campaign(bank, name="Live")
    live = Assignment.objects.create(campaign=campaign, employee=people[0],
                                     status=Assignment.Status.IN_PROGRESS)
    Answer.objects.create(assignment=live, item=bank.items.get(code="EXE01"), value=4)

    with pytest.raises(CommandError, match=r"P001 already has an assignment \(in progress\)"):
        run_import(write_csv([HEADER, ["P001", 1, 2]]), campaign="Live")

    assert list(live.answers.values_list("value", flat=True)) == [4]
