import pytest

from assessments import scoring
from assessments.models import Result, ScoringRun
from assessments.services import scoring_runs


@pytest.fixture
def campaign(simulated_campaign):
    return simulated_campaign(submitted=20)  # 3 chunks of 7, 7, 6


def test_a_chunk_that_raises_is_counted_as_failed_and_the_run_still_finishes(
    campaign, score_now, monkeypatch
):
    real_score = scoring.score
    calls = []

    def score_but_fail_second_chunk(X, *args, **kwargs):
        calls.append(len(X))
        if len(calls) == 2:
            raise ValueError("engine exploded")
        return real_score(X, *args, **kwargs)

    monkeypatch.setattr(scoring, "score", score_but_fail_second_chunk)
    score_now(campaign)
    run = ScoringRun.objects.get()
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed) == (13, 7)
    assert "engine exploded" in run.error
    assert Result.objects.count() == 13


def test_a_run_whose_every_chunk_fails_ends_failed(
    campaign, score_now, monkeypatch
):
    def always_fail(*args, **kwargs):
        raise ValueError("no")

    monkeypatch.setattr(scoring, "score", always_fail)
    score_now(campaign)
    run = ScoringRun.objects.get()
    assert run.status == ScoringRun.Status.FAILED
    assert (run.done, run.failed) == (0, 20)


def test_a_database_error_is_retried_and_the_chunk_then_succeeds(
    campaign, score_now, monkeypatch
):
    monkeypatch.setenv("SCORING_FAIL_CHUNK_ATTEMPTS", "2")
    run = score_now(campaign)
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed) == (20, 0)


def test_a_database_error_that_outlasts_the_retries_fails_the_chunk(
    campaign, score_now, monkeypatch
):
    monkeypatch.setenv("SCORING_FAIL_CHUNK_ATTEMPTS", "99")
    score_now(campaign)
    run = ScoringRun.objects.get()
    assert run.status == ScoringRun.Status.FAILED
    assert run.failed == 20 and "injected failure" in run.error


def test_sync_scoring_survives_a_failing_chunk(campaign, monkeypatch):
    real_score = scoring.score
    calls = []

    def fail_first(X, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("first chunk")
        return real_score(X, *args, **kwargs)

    monkeypatch.setattr(scoring, "score", fail_first)
    run = scoring_runs.run_sync(scoring_runs.create_run(campaign))
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed) == (13, 7)
