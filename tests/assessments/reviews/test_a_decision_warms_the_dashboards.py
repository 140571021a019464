"""After a review decision the campaign's dashboards and people pages are warmed by a
worker (tasks.warm_reports), so HR's next visit does not pay for them; a burst of
decisions asks for one warm-up, and a failed decision asks for none."""

from django.core.cache import cache
from django.urls import reverse

from assessments import tasks

from .conftest import set_scored


def _record_warmups(monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.warm_reports, "apply_async",
                        lambda args, countdown: queued.append((args, countdown)))
    cache.clear()
    return queued


def test_a_decision_queues_one_warm_up_of_its_campaign(
        scored, hr, client_for, monkeypatch, django_capture_on_commit_callbacks):
    first, second = (set_scored(r) for r in scored(4)[:2])
    queued = _record_warmups(monkeypatch)
    client = client_for(hr)
    with django_capture_on_commit_callbacks(execute=True):
        for result in (first, second):
            response = client.post(reverse("assessments:review_decide", args=[result.pk]),
                                   {"decision": "confirm", "review_round": 0})
            assert response.status_code == 302
    assert queued == [((first.assignment.campaign_id,), tasks.WARM_DELAY_SECONDS)]


def test_a_refused_decision_queues_nothing(
        scored, hr, client_for, monkeypatch, django_capture_on_commit_callbacks):
    result = set_scored(scored(4)[0])
    queued = _record_warmups(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr).post(
            reverse("assessments:review_decide", args=[result.pk]),
            {"decision": "confirm", "review_round": 7})
    assert response.status_code == 409
    assert queued == []


def test_warming_fills_what_the_pages_read_and_a_gone_campaign_is_skipped(
        scored, django_assert_max_num_queries):
    from assessments.reports import dashboards

    campaign = scored(4)[0].assignment.campaign
    cache.clear()
    tasks.warm_reports(campaign.pk)
    with django_assert_max_num_queries(2):  # the cache key's run, then the cached figures
        dashboards.campaign_dashboard(campaign)
    tasks.warm_reports(10**9)  # no such campaign: nothing to do, no error
