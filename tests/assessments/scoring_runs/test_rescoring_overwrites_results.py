from assessments import tasks
from assessments.models import Result


def _run(campaign, capture):
    with capture(execute=True):
        run = tasks.start_run(campaign)
    run.refresh_from_db()
    return run


def _snapshot():
    return {
        r.assignment_id: (r.scores, r.probability_execution, r.role_family, r.validity, r.indices)
        for r in Result.objects.all()
    }


def test_scoring_a_campaign_twice_gives_the_same_rows_not_duplicates(
    simulated_campaign, django_capture_on_commit_callbacks
):
    campaign = simulated_campaign(submitted=20)
    first = _run(campaign, django_capture_on_commit_callbacks)
    before = _snapshot()
    second = _run(campaign, django_capture_on_commit_callbacks)
    assert Result.objects.count() == 20
    assert _snapshot() == before
    assert set(Result.objects.values_list("run", flat=True)) == {second.pk}
    assert first.pk != second.pk and second.done == 20


def test_rescoring_reuses_the_norm_group_built_by_the_first_run(
    simulated_campaign, django_capture_on_commit_callbacks
):
    campaign = simulated_campaign(submitted=20)
    first = _run(campaign, django_capture_on_commit_callbacks)
    second = _run(campaign, django_capture_on_commit_callbacks)
    assert first.norm_group_id == second.norm_group_id
