"""The read model's check: the stored summaries equal what the rebuild computes from the
results, their assignments and their scales (models/summaries.py)."""

import math

import pytest

from assessments.models import Assignment, Result, ResultSummary
from assessments.models.summaries import COLUMNS, read_sources, summaries_from_sources

FLOATS = {"probability_execution", "execution_t", "execution_se", "compression_t",
          "compression_se"}


def assert_read_model_matches_sources():
    expected = summaries_from_sources(*read_sources(Result.objects.all()))
    stored = list(ResultSummary.objects.order_by("result_id").values("result_id", *COLUMNS))
    assert [row["result_id"] for row in stored] == [row["result_id"] for row in expected]
    for have, want in zip(stored, expected, strict=True):
        for column, value in want.items():
            if column in FLOATS and value is not None and have[column] is not None:
                # SQL reads the JSON numbers with the database's own parser.
                assert math.isclose(have[column], value, rel_tol=1e-12, abs_tol=1e-12), (
                    have["result_id"], column, have[column], value)
            else:
                assert have[column] == value, (have["result_id"], column, have[column], value)
    return len(stored)


@pytest.fixture
def launched_scored(simulated_campaign, score_now, org):
    """launched_scored(name, n) -> a scored campaign whose people were launched from
    Underwriting as analysts (set as the launch would have, before scoring)."""

    def make(name="Read model 2026", n=10, seed=5):
        campaign = simulated_campaign(name, submitted=n, seed=seed)
        # The launch records where people sat; the fixture's campaign has no org, so it
        # is set here through the plain manager (a submitted assignment refuses it).
        Assignment._base_manager.filter(campaign=campaign).update(
            department=org["UW"], position=org["analyst"])
        run = score_now(campaign)
        assert run.status == "finished"
        return campaign

    return make


@pytest.fixture
def second_hr(org):
    """A second HR reviewer (a contest is decided by someone other than the first)."""
    from talent.roles import HR_GROUP
    from tests.conftest import make_user

    return make_user("second_hr", org, department="HQ", group=HR_GROUP, staff=True)
