import pytest
from django.core.management import CommandError

from assessments.models import BankVersion, Campaign
from tests.factories import make_bank, make_campaign

HEADER = ["employee_id", "EXE01"]


@pytest.fixture
def versions(db):
    """TEST v1 and v2 published, v3 a draft, v4 does not exist."""
    return {n: make_bank("TEST", number=n, published=n < 3) for n in (1, 2, 3)}


@pytest.fixture
def answers_csv(people, write_csv):
    return write_csv([HEADER, ["P001", 3]])


def test_a_bare_code_means_the_latest_published_version(versions, answers_csv, run_import):
    run_import(answers_csv, bank="TEST")

    assert Campaign.objects.get().bank_version == versions[2]


def test_code_and_number_choose_that_version(versions, answers_csv, run_import):
    run_import(answers_csv, bank="TEST:1")

    assert Campaign.objects.get().bank_version == versions[1]


def test_a_retired_version_can_take_historical_answers(versions, answers_csv, run_import):
    BankVersion.objects.filter(pk=versions[1].pk).update(status=BankVersion.Status.RETIRED)

    run_import(answers_csv, bank="TEST:1")

    assert Campaign.objects.get().bank_version == versions[1]


@pytest.mark.parametrize("spec, message", [
    ("TEST:3", '--bank "TEST:3": TEST v3 is a draft; publish it before importing answers.'),
    ("TEST:4", '--bank "TEST:4": TEST has no version 4.'),
    ("TEST:two", '--bank "TEST:two": the version must be a whole number from 1 up.'),
    ("TEST:0", '--bank "TEST:0": the version must be a whole number from 1 up.'),
    ("NOPE", '--bank "NOPE": there is no question bank NOPE.'),
])
def test_a_bank_that_cannot_take_answers_is_refused(
    versions, answers_csv, run_import, table_counts, spec, message
):
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        run_import(answers_csv, bank=spec)

    assert message in str(refused.value)
    assert table_counts() == before


def test_a_bank_with_only_drafts_is_refused(db, answers_csv, run_import):
    make_bank("DRAFTY", published=False)

    with pytest.raises(CommandError, match="DRAFTY has no published version"):
        run_import(answers_csv, bank="DRAFTY")


def test_an_existing_campaign_keeps_its_own_version(versions, answers_csv, run_import):
    campaign = make_campaign(versions[1], name="History 2024")

    run_import(answers_csv, bank="TEST")

    assert campaign.assignments.submitted().count() == 1


def test_a_version_that_differs_from_the_campaigns_is_refused(
    versions, answers_csv, run_import, table_counts
):
    make_campaign(versions[1], name="History 2024")
    before = table_counts()

    with pytest.raises(CommandError, match='Campaign "History 2024" uses TEST v1, not TEST v2.'):
        run_import(answers_csv, bank="TEST:2")

    assert table_counts() == before


def test_columns_are_checked_against_the_chosen_version(db, people, write_csv, run_import):
    make_bank("TEST", number=1, n_items_per_scale=6)
    make_bank("TEST", number=2, n_items_per_scale=2)

    with pytest.raises(CommandError, match='column "EXE06": TEST v2 has no item EXE06'):
        run_import(write_csv([["employee_id", "EXE06"], ["P001", 1]]), bank="TEST")

    run_import(write_csv([["employee_id", "EXE06"], ["P001", 1]]), bank="TEST:1")
