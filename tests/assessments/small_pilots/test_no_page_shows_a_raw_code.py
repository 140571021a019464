import pytest
from django.urls import reverse

from assessments.models import ScoringRun
from assessments.services import scoring_runs

from .conftest import read

CODES = ["no_scores", "too_few_people", "CMP:", "stalled", "norms_unavailable",
         "division by zero"]


@pytest.mark.parametrize("error, words", [
    ("stalled: closed by the sweep, no progress after 3 resumes",
     "The run stopped making progress and was closed."),
    ("norms_unavailable: CMP: no_scores: nobody answered enough",
     "The comparison group could not be computed from these answers."),
    ("division by zero", "Some assessments could not be scored because of a fault"),
])
def test_a_failed_run_is_explained_in_words_never_by_its_stored_error(
    simulated_campaign, hr, client_for, error, words
):
    campaign = simulated_campaign("Failing", submitted=2)
    run = scoring_runs.create_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(status="failed", total=2, failed=2, error=error)
    for url in (reverse("assessments:campaign_detail", args=[campaign.pk]),
                reverse("assessments:run_progress", args=[campaign.pk, run.pk])):
        html = read(client_for(hr), url, "en")
        assert words in html
        assert not [code for code in CODES if code in html]
        chinese = read(client_for(hr), url, "zh-hans")
        assert not [code for code in CODES if code in chinese]
        assert words not in chinese  # said in Chinese, not left in English


def test_the_one_person_pilot_of_the_issue_shows_no_code(
    score_now, new_version, pilot, hr, client_for
):
    run = score_now(pilot(new_version()))
    for language in ("en", "zh-hans"):
        html = read(client_for(hr), reverse("assessments:campaign_detail",
                                            args=[run.campaign_id]), language)
        assert not [code for code in CODES if code in html]
        assert "The last run failed" not in html
