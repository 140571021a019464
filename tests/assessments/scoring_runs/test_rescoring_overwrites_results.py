from assessments.models import Result


def _snapshot():
    return {
        r.assignment_id: (r.scores, r.probability_execution, r.role_family, r.validity, r.indices)
        for r in Result.objects.all()
    }


def test_scoring_a_campaign_twice_gives_the_same_rows_not_duplicates(
    simulated_campaign, score_now
):
    campaign = simulated_campaign(submitted=20)
    first = score_now(campaign)
    before = _snapshot()
    second = score_now(campaign)
    assert Result.objects.count() == 20
    assert _snapshot() == before
    assert set(Result.objects.values_list("run", flat=True)) == {second.pk}
    assert first.pk != second.pk and second.done == 20


def test_rescoring_reuses_the_norm_group_built_by_the_first_run(
    simulated_campaign, score_now
):
    campaign = simulated_campaign(submitted=20)
    first = score_now(campaign)
    second = score_now(campaign)
    assert first.norm_group_id == second.norm_group_id
