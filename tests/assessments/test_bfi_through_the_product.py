"""Real data end to end: the bfi sample goes in through the product's own import
commands and item_analysis reproduces the figures R psych publishes for it
(tests/data/README.md)."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

DATA = Path(__file__).resolve().parents[1] / "data"
ITEMS = [f"{s}{i}" for s in "ACENO" for i in range(1, 6)]

ALPHA = {"A": .703, "C": .727, "E": .762, "N": .814, "O": .600}
ALPHA_STD = {"A": .713, "C": .730, "E": .762, "N": .815, "O": .608}
R_DROP = {"C1": .450, "C2": .505, "C3": .464, "C4": .553, "C5": .477,
          "O1": .391, "O2": .332, "O3": .451, "O4": .218, "O5": .416}
ALPHA_IF_DELETED = {"C1": .694, "C2": .674, "C3": .689, "C4": .654, "C5": .690,
                    "O1": .532, "O2": .567, "O3": .497, "O4": .611, "O5": .512}


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker, tmp_path_factory):
    """Import the bank and the 2,800 answer rows once, then run item_analysis."""
    wide = tmp_path_factory.mktemp("bfi") / "bfi-responses.csv"
    with open(DATA / "bfi.csv", newline="") as src, open(wide, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["employee_id", *ITEMS])
        for row in csv.DictReader(src):
            writer.writerow([f"bfi-{row['respondent']}", *(row[item] for item in ITEMS)])
    # One transaction around the whole module, rolled back at its end: the bank, the
    # campaign and the 2,800 people must not outlive it (the next module in the same test
    # process expects an empty database; a published bank version cannot be deleted).
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_bank", str(DATA / "bfi_bank.json"), "--publish",
                     stdout=io.StringIO())
        call_command("import_responses", "--bank", "BFI", "--campaign", "bfi sample",
                     "--create-employees", str(wide), stdout=io.StringIO())
        out = io.StringIO()
        call_command("item_analysis", "bfi sample", "--json", stdout=out)
        yield json.loads(out.getvalue())
        transaction.set_rollback(True)


def test_all_2800_people_are_analysed(report):
    assert {scale["n"] for scale in report.values()} == {2800}


@pytest.mark.parametrize("scale", ALPHA)
def test_pairwise_alpha_matches_r_psych(report, scale):
    assert report[scale]["alpha"] == pytest.approx(ALPHA[scale], abs=.0005)


@pytest.mark.parametrize("scale", ALPHA_STD)
def test_standardized_alpha_matches_r_psych(report, scale):
    assert report[scale]["alpha_std"] == pytest.approx(ALPHA_STD[scale], abs=.0005)


@pytest.mark.parametrize("item", R_DROP)
def test_corrected_item_total_correlation_matches_r_psych(report, item):
    assert report[item[0]]["items"][item]["r_drop"] == pytest.approx(R_DROP[item], abs=.0005)


@pytest.mark.parametrize("item", ALPHA_IF_DELETED)
def test_alpha_if_item_deleted_matches_r_psych(report, item):
    stats = report[item[0]]["items"][item]
    assert stats["alpha_if_deleted"] == pytest.approx(ALPHA_IF_DELETED[item], abs=.0005)
