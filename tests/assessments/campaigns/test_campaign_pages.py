import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign, ScoringRun
from assessments.services import scoring_runs

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
HR_ONLY = {"hr", "superuser"}
ANALYSTS = {"hr", "bank_admin", "superuser"}


@pytest.fixture
def campaign(simulated_campaign):
    return simulated_campaign("Winter", submitted=20, pending=2)


@pytest.fixture
def run(campaign):
    return scoring_runs.run_sync(scoring_runs.create_run(campaign))


def _pages(campaign, run):
    return {
        "list": (reverse("assessments:campaign_list"), HR_ONLY),
        "detail": (reverse("assessments:campaign_detail", args=[campaign.pk]), HR_ONLY),
        "progress": (reverse("assessments:run_progress", args=[campaign.pk, run.pk]), HR_ONLY),
        "item_analysis": (reverse("assessments:item_analysis", args=[campaign.pk]), ANALYSTS),
    }


@pytest.mark.parametrize("page", ["list", "detail", "progress", "item_analysis"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_the_campaign_pages_it_may(page, role, cast, client_for, campaign,
                                                        run):
    url, allowed = _pages(campaign, run)[page]
    response = client_for(cast[role]).get(url)
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("page", ["list", "detail", "progress", "item_analysis"])
def test_anonymous_visitors_are_sent_to_log_in(page, campaign, run):
    url, _ = _pages(campaign, run)[page]
    response = Client().get(url)
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("role", ROLES)
def test_only_hr_can_start_scoring(
    role, cast, client_for, campaign, django_capture_on_commit_callbacks
):
    url = reverse("assessments:score_campaign", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast[role]).post(url)
    if role in HR_ONLY:
        assert response.status_code == 302
        assert ScoringRun.objects.get().status == ScoringRun.Status.FINISHED
    else:
        assert response.status_code == 403
        assert not ScoringRun.objects.exists()


def test_anonymous_visitors_cannot_start_scoring(campaign):
    response = Client().post(reverse("assessments:score_campaign", args=[campaign.pk]))
    assert response.status_code == 302 and not ScoringRun.objects.exists()


def test_score_now_needs_a_csrf_token(hr, campaign):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    response = client.post(reverse("assessments:score_campaign", args=[campaign.pk]))
    assert response.status_code == 403 and not ScoringRun.objects.exists()


def test_score_now_is_post_only(hr, client_for, campaign):
    response = client_for(hr).get(reverse("assessments:score_campaign", args=[campaign.pk]))
    assert response.status_code == 405 and not ScoringRun.objects.exists()


def test_the_campaign_page_shows_counts_and_the_last_run(hr, client_for, campaign, run):
    page = client_for(hr).get(reverse("assessments:campaign_detail", args=[campaign.pk]))
    html = page.content.decode()
    assert page.context["counts"] == {"assigned": 22, "submitted": 20, "scored": 20}
    assert "Score now" in html and "Last run finished: 20 of 20 scored." in html
    assert "provisional" in html and "<progress" in html
    assert "hx-get" not in html  # the run has ended: nothing polls
    assert "style=" not in html and "<script>" not in html


def test_a_running_run_polls_its_progress_every_second(hr, client_for, campaign):
    run = scoring_runs.create_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(status="running", total=20, done=7)
    url = reverse("assessments:run_progress", args=[campaign.pk, run.pk])
    html = client_for(hr).get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert 'value="35"' in html and "Scoring: 7 of 20 done." in html
    detail = client_for(hr).get(reverse("assessments:campaign_detail", args=[campaign.pk]))
    assert b"disabled" in detail.content  # no second run while one is going


def test_pressing_score_now_during_a_run_does_not_start_another(hr, client_for, campaign):
    scoring_runs.create_run(campaign)
    response = client_for(hr).post(
        reverse("assessments:score_campaign", args=[campaign.pk]), follow=True
    )
    assert ScoringRun.objects.count() == 1
    assert b"already being scored" in response.content


def test_a_campaign_nobody_submitted_says_there_is_nothing_to_score(
    hr, client_for, simulated_campaign
):
    empty = simulated_campaign("Empty", submitted=0, pending=3)
    detail = reverse("assessments:campaign_detail", args=[empty.pk])
    html = client_for(hr).get(detail).content.decode()
    assert "Nobody has submitted an assessment yet" in html
    assert "This campaign has not been scored yet." in html
    response = client_for(hr).post(
        reverse("assessments:score_campaign", args=[empty.pk]), follow=True
    )
    assert not ScoringRun.objects.exists()
    assert b"Nobody has submitted an assessment yet." in response.content
    analysis = client_for(hr).get(reverse("assessments:item_analysis", args=[empty.pk]))
    assert b"No submitted answers yet" in analysis.content


def test_the_campaign_list_says_when_there_are_none(hr, client_for):
    response = client_for(hr).get(reverse("assessments:campaign_list"))
    assert b"There are no campaigns yet." in response.content


def test_the_campaign_list_counts_assigned_and_submitted(hr, client_for, campaign):
    response = client_for(hr).get(reverse("assessments:campaign_list"))
    listed = {c.name: (c.assigned, c.submitted) for c in response.context["campaigns"]}
    assert listed == {"Winter": (22, 20)}


def test_the_item_analysis_table_lists_every_item_by_scale(bank_admin, client_for, campaign):
    response = client_for(bank_admin).get(reverse("assessments:item_analysis", args=[campaign.pk]))
    html = response.content.decode()
    assert [s["code"] for s in response.context["scales"]] == ["CMP", "EXE"]
    assert html.count("<tr") == 2 * (1 + 24)
    assert "Cronbach" in html and "Omega total" in html


def test_unknown_campaigns_and_runs_are_not_found(
    hr, client_for, campaign, run, simulated_campaign
):
    client = client_for(hr)
    assert client.get(reverse("assessments:campaign_detail", args=[9999])).status_code == 404
    other = Campaign.objects.create(name="Other", bank_version=campaign.bank_version)
    url = reverse("assessments:run_progress", args=[other.pk, run.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("assessments:score_campaign", args=[9999])).status_code == 404
