"""Stamps live in the cache: one that is missing (a cleared or restarted cache, an evicted
key) starts again from the clock, so an entry cached under an older value of it is never
found again, and a page never shows figures older than the last write."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.reports import page_cache
from assessments.reports import people as report
from assessments.services import reviews
from talent import stamps


def _table(campaign, **filters):
    rows = report.people_rows(**{**report.DEFAULT_TABLE, "campaign": campaign, **filters})
    return len(rows)


def test_a_stamp_evicted_after_a_write_does_not_bring_back_the_figures_before_it(
        make_result, campaign, hr):
    pending = make_result("Pending", state="pending")
    make_result("Released")
    assert _table(campaign, review_state="released") == 1  # cached under the stamp now
    reviews.confirm(pending.pk, hr, pending.review_round)
    assert _table(campaign, review_state="released") == 2
    cache.delete(f"stamp:{stamps.campaign(campaign.pk)}")  # evicted, old entry kept
    assert _table(campaign, review_state="released") == 2


def test_a_stamp_started_again_never_takes_a_value_it_had_before(
        campaign, django_capture_on_commit_callbacks):
    kind = stamps.campaign(campaign.pk)
    (first,) = stamps.read(kind)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            stamps.bump(kind)
    (bumped,) = stamps.read(kind)
    assert bumped == first + 10  # each bump moves it now and again on commit
    cache.delete(f"stamp:{kind}")
    (again,) = stamps.read(kind)
    assert again > bumped


def test_an_entry_under_an_old_stamp_is_not_found_after_the_cache_was_cleared(
        make_result, campaign):
    make_result("Ann")
    key = page_cache.key_for("people-table", campaign=campaign, org=True)
    cache.clear()
    assert page_cache.key_for("people-table", campaign=campaign, org=True) != key


def test_a_key_costs_no_query_for_one_campaign_and_one_for_all(campaign):
    with CaptureQueriesContext(connection) as one:
        page_cache.key_for("x", campaign=campaign, org=True, outcomes=True, parts=(1, "a"))
    with CaptureQueriesContext(connection) as every:
        page_cache.key_for("x", campaign=page_cache.EVERY_CAMPAIGN, org=True)
    assert (len(one), len(every)) == (0, 1)
