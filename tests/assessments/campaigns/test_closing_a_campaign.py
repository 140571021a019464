"""Close: by HR or by beat at closes_at; further answers are refused; scoring starts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Assignment, Campaign, ScoringRun
from assessments.services import campaigns
from assessments.services.campaigns import CampaignRefused
from tests.conftest import make_user
from tests.factories import submit_answers


@pytest.fixture
def open_campaign(launched, org, cast):
    campaign, _ = launched()
    return campaign


def _submit_one(campaign, user):
    Assignment.objects.filter(campaign=campaign, employee=user.employee).delete()
    return submit_answers(campaign, user.employee)


def test_hr_closes_a_campaign_and_its_scoring_starts(
        hr, client_for, open_campaign, employee, django_capture_on_commit_callbacks):
    _submit_one(open_campaign, employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr).post(
            reverse("assessments:close_campaign", args=[open_campaign.pk]), follow=True)
    html = response.content.decode()
    assert "no more answers are accepted. Scoring started." in html
    open_campaign.refresh_from_db()
    assert open_campaign.status == Campaign.Status.CLOSED and open_campaign.closed_at
    run = ScoringRun.objects.get(campaign=open_campaign)
    assert run.status != ScoringRun.Status.QUEUED, run.error
    assert not Campaign.objects.open().filter(pk=open_campaign.pk).exists()


def test_closing_with_no_submission_starts_no_run(hr, client_for, open_campaign):
    response = client_for(hr).post(
        reverse("assessments:close_campaign", args=[open_campaign.pk]), follow=True)
    assert "nothing to score" in response.content.decode()
    assert not ScoringRun.objects.exists()


def test_closing_twice_is_refused_with_a_message(hr, client_for, open_campaign, employee):
    _submit_one(open_campaign, employee)
    client = client_for(hr)
    url = reverse("assessments:close_campaign", args=[open_campaign.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "This campaign is already closed." in response.content.decode()
    assert ScoringRun.objects.count() == 1


def test_a_draft_cannot_be_closed(draft):
    campaign = draft()
    with pytest.raises(CampaignRefused, match="not been launched"):
        campaigns.close(campaign)
    assert Campaign.objects.get().status == Campaign.Status.DRAFT


def test_beat_closes_campaigns_past_their_closing_time_and_scores_them(
        open_campaign, employee, bank, django_capture_on_commit_callbacks):
    _submit_one(open_campaign, employee)
    Campaign.objects.filter(pk=open_campaign.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    later = Campaign.objects.create(name="Later", bank_version=bank,
                                    status=Campaign.Status.OPEN,
                                    closes_at=timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        closed = tasks.close_due_campaigns.delay().get()
    assert closed == [open_campaign.pk]
    assert Campaign.objects.get(pk=later.pk).status == Campaign.Status.OPEN
    assert ScoringRun.objects.get().campaign_id == open_campaign.pk
    # Run again (a second beat tick): nothing more is closed or scored.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.close_due_campaigns.delay().get() == []
    assert ScoringRun.objects.count() == 1


def test_closing_leaves_answers_already_submitted_untouched_and_new_people_out(
        open_campaign, org, employee):
    submitted = _submit_one(open_campaign, employee)
    campaigns.close(open_campaign)
    make_user("latecomer", org)
    assert Assignment.objects.get(pk=submitted.pk).is_submitted
    assert not Assignment.objects.filter(employee__employee_id="ID-latecomer").exists()
