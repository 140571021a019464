"""Bulk confirmation: the preview lists exactly the pending, valid results with a family
under the filter; confirming releases exactly those, and if anything changed meanwhile
nothing is released and the new preview is shown."""

from django.urls import reverse

from assessments.models import Result, ReviewDecision
from assessments.services import reviews

from .conftest import set_scored


def _mixed(scored, hr):
    """Two eligible results, one of each kind that is read one by one, one released."""
    ok1, ok2, questionable, invalid, undetermined, released = scored(6)
    set_scored(ok1, family="execution")
    set_scored(ok2, family="compression", probability=0.1)
    set_scored(questionable, validity="questionable")
    set_scored(invalid, validity="invalid")
    set_scored(undetermined, family="undetermined", probability=0.5)
    set_scored(released)
    reviews.confirm(released.pk, hr, 0)
    return {"eligible": [ok1, ok2], "released": released,
            "single": [questionable, invalid, undetermined]}


def _preview(client, **query):
    response = client.get(reverse("assessments:review_bulk_preview"), query)
    assert response.status_code == 200
    return response


def test_the_preview_lists_only_what_would_be_released(scored, hr, client_for):
    results = _mixed(scored, hr)
    response = _preview(client_for(hr))
    assert response.context["count"] == 2
    assert [r.pk for r in response.context["page"]] == [r.pk for r in results["eligible"]]
    assert "2 results will be released as scored." in response.content.decode()


def test_confirming_releases_exactly_the_preview(scored, hr, client_for):
    results = _mixed(scored, hr)
    client = client_for(hr)
    preview = _preview(client)
    response = client.post(reverse("assessments:review_bulk_confirm"), {
        "state": "awaiting", "fingerprint": preview.context["fingerprint"]})
    assert response.status_code == 302
    released = set(Result.objects.filter(review_state="released").values_list("pk", flat=True))
    assert released == {r.pk for r in results["eligible"]} | {results["released"].pk}
    for r in results["eligible"]:
        r.refresh_from_db()
        assert r.released_family == r.role_family and r.review_round == 1
    assert ReviewDecision.objects.filter(decision="confirm", reviewer=hr).count() == 3
    assert set(Result.objects.filter(pk__in=[r.pk for r in results["single"]])
               .values_list("review_state", flat=True)) == {"pending"}


def test_the_confirmation_keeps_the_filter(scored, hr, client_for):
    results = _mixed(scored, hr)
    client = client_for(hr)
    preview = _preview(client, family="compression")
    assert preview.context["count"] == 1
    client.post(reverse("assessments:review_bulk_confirm"), {
        "state": "awaiting", "family": "compression",
        "fingerprint": preview.context["fingerprint"]})
    assert set(Result.objects.filter(review_state="released").values_list("pk", flat=True)) == {
        results["eligible"][1].pk, results["released"].pk}


def test_a_change_after_the_preview_releases_nothing_and_shows_the_new_list(
        scored, hr, client_for):
    results = _mixed(scored, hr)
    client = client_for(hr)
    preview = _preview(client)
    # Another reviewer withholds one of the previewed results meanwhile.
    reviews.withhold(results["eligible"][0].pk, hr, "A retake is due.", 0)
    response = client.post(reverse("assessments:review_bulk_confirm"), {
        "state": "awaiting", "fingerprint": preview.context["fingerprint"]})
    assert response.status_code == 409
    assert "changed since your preview" in response.content.decode()
    assert response.context["count"] == 1
    assert Result.objects.filter(review_state="released").count() == 1
    assert ReviewDecision.objects.count() == 2


def test_a_confirmation_without_a_fingerprint_releases_nothing(scored, hr, client_for):
    _mixed(scored, hr)
    response = client_for(hr).post(reverse("assessments:review_bulk_confirm"),
                                   {"state": "awaiting"})
    assert response.status_code == 400
    assert "could not be read; nothing was released" in response.content.decode()
    assert ReviewDecision.objects.count() == 1


def test_a_preview_with_nothing_eligible_says_so(scored, hr, client_for):
    for r in scored(4):
        set_scored(r, validity="questionable")
    response = _preview(client_for(hr))
    assert 'data-empty="preview"' in response.content.decode()


def test_confirm_many_skips_and_counts_what_it_may_not_release(scored, hr):
    results = _mixed(scored, hr)
    ids = [r.pk for r in results["eligible"] + results["single"]] + [999_999]
    outcome = reviews.confirm_many(ids, hr)
    assert outcome.confirmed == 2
    assert outcome.skipped == {"not_found": 1, "not_valid": 2, "no_family": 1}
    assert reviews.confirm_many([results["released"].pk], hr).skipped == {"not_pending": 1}
