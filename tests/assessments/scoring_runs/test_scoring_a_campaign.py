import pytest

from assessments import engine_io, tasks
from assessments.models import Assignment, NormGroup, Result, ScoringRun
from tests.factories import submitted_ids


@pytest.fixture
def scored(simulated_campaign, django_capture_on_commit_callbacks):
    campaign = simulated_campaign(submitted=30, pending=3)
    with django_capture_on_commit_callbacks(execute=True):
        run = tasks.start_run(campaign)
    run.refresh_from_db()
    return campaign, run


def test_every_submitted_assessment_gets_one_result(scored):
    campaign, run = scored
    submitted = Assignment.objects.filter(campaign=campaign, status="submitted")
    assert Result.objects.filter(assignment__in=submitted).count() == 30
    assert Result.objects.count() == 30


def test_the_run_ends_finished_with_its_counts(scored):
    _, run = scored
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.total, run.done, run.failed) == (30, 30, 0)
    assert run.started_at and run.finished_at and run.percent == 100


def test_each_result_names_its_spec_norm_group_and_bank_version(scored):
    campaign, run = scored
    norm_group = NormGroup.objects.get()
    for result in Result.objects.all():
        assert result.spec_id == run.spec_id
        assert result.norm_group_id == norm_group.pk == run.norm_group_id
        assert result.bank_version_id == campaign.bank_version_id
        assert result.run_id == run.pk


def test_results_hold_scores_for_each_scale_and_every_validity_index(scored):
    result = Result.objects.filter(validity="valid").first()
    assert set(result.scores) == {"EXE", "CMP"}
    assert {"raw", "z", "t", "percentile", "band_low", "band_high"} <= set(result.scores["EXE"])
    assert set(result.indices) == set(Result.INDICES)
    # 30 people are far fewer than a norm group needs to carry a family (100): scores
    # only, marked provisional; no probability, no family.
    assert run_norms_are_provisional(result)
    assert result.role_family == "" and result.probability_execution is None


def test_results_match_the_engine_scoring_the_same_matrix(scored, bank_version):
    from assessments import scoring

    campaign, run = scored
    bank = engine_io.bank_layout(bank_version)
    ids = submitted_ids(campaign)
    matrix = engine_io.load_answers(ids, bank)
    expected = scoring.score(matrix.X, bank.layout, run.norm_group.norms(), run.spec.engine(),
                             seconds=matrix.timed_seconds)
    stored = {r.assignment_id: r for r in Result.objects.all()}
    exe = bank.layout.scale_codes.index("EXE")
    for i, assignment_id in enumerate(ids.tolist()):
        if expected.scorable[i, exe]:
            # T is stored to 2 decimals (engine_io._DECIMALS).
            stored_t = stored[assignment_id].scores["EXE"]["t"]
            assert stored_t == pytest.approx(expected.t[i, exe], abs=.005)
        assert stored[assignment_id].validity == expected.validity[i]


def test_stored_results_hold_exactly_what_the_engine_computed(scored, bank_version):
    from assessments import scoring

    campaign, run = scored
    bank = engine_io.bank_layout(bank_version)
    ids = submitted_ids(campaign)
    matrix = engine_io.load_answers(ids, bank)
    expected = engine_io.result_fields_of(scoring.score(
        matrix.X, bank.layout, run.norm_group.norms(), run.spec.engine(),
        seconds=matrix.timed_seconds,
    ))
    stored = {r.assignment_id: r for r in Result.objects.all()}
    for assignment_id, fields in zip(ids.tolist(), expected, strict=True):
        result = stored[assignment_id]
        assert {name: getattr(result, name) for name in fields} == fields


def test_every_result_names_the_bank_version_its_person_answered(scored):
    # The norm group's version is the same here; a new version may borrow the norms of
    # the one it was copied from (test_a_pilot_on_a_reworded_version_borrows_...).
    campaign, run = scored
    results = Result.objects.select_related("norm_group", "assignment__campaign")
    assert results.exists()
    for result in results:
        assert result.bank_version_id == result.assignment.campaign.bank_version_id
        assert result.bank_version_id == result.norm_group.bank_version_id


def run_norms_are_provisional(result):
    return result.norm_group.provisional and result.norm_group.n < 100
