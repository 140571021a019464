import pytest
from django.urls import reverse

from assessments.models import NormGroup, Result

from .conftest import flip_an_items_keying, read


@pytest.fixture
def pilot_run(simulated_campaign, score_now, lenient, new_version, pilot):
    """Version 1 has settled norms; version 2 reversed the keying of one CMP item, so
    they do not apply to it. One person answered version 2, scored under the project's
    own spec (100 people needed)."""
    score_now(simulated_campaign("Base", submitted=30), spec=lenient)
    v2 = new_version(flip_an_items_keying)
    return score_now(pilot(v2))


def test_the_run_finishes_with_provisional_results_and_no_family_or_probability(pilot_run):
    run = pilot_run
    assert run.status == "finished" and run.done == 1 and run.failed == 0 and not run.error
    group = run.norm_group
    assert group.bank_version_id == run.campaign.bank_version_id and group.provisional
    result = Result.objects.get(run=run)
    assert result.role_family == "" and result.probability_execution is None
    # One person cannot be compared with anybody: no standard score is made up.
    assert all(values["t"] is None for values in result.scores.values())


@pytest.mark.parametrize("language, words", [
    ("en", "Norms need at least 100 people who answered this version; 1 has so far. "
           "Results stay provisional until then: nobody is given a family or a probability."),
    ("zh-hans", "常模至少需要 100 人作答本版本，目前已有 1 人。在此之前，结果均为暂定：不会给出"
                "任何人的类型或概率。"),
])
def test_the_campaign_page_says_how_many_people_are_needed_and_how_many_there_are(
    pilot_run, hr, client_for, language, words
):
    html = read(client_for(hr), reverse("assessments:campaign_detail",
                                        args=[pilot_run.campaign_id]), language)
    assert words in html
    progress = read(client_for(hr), reverse(
        "assessments:run_progress", args=[pilot_run.campaign_id, pilot_run.pk]), language)
    assert words in progress


def test_a_base_version_with_too_few_people_lends_nothing(
    simulated_campaign, score_now, new_version, pilot
):
    base = score_now(simulated_campaign("Base", submitted=30))  # 30 of the 100 needed
    assert base.norm_group.provisional
    run = score_now(pilot(new_version()))
    assert run.status == "finished"
    assert run.norm_group.bank_version_id == run.campaign.bank_version_id
    assert run.norm_group.provisional
    assert NormGroup.objects.filter(bank_version=base.campaign.bank_version).count() == 1
