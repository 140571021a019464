"""The review queue: awaiting review by default, filters by campaign, department (with
sub-departments), validity, family, probability band and state, paginated."""

from django.urls import reverse

from assessments.models import Assignment, Result
from assessments.services import reviews

from .conftest import set_scored


def _listed(client, **query):
    response = client.get(reverse("assessments:review_queue"), query)
    assert response.status_code == 200
    return response.context["page"].paginator.object_list


def test_the_queue_lists_what_awaits_review_by_default(scored, hr, client_for):
    results = [set_scored(r) for r in scored(6)]
    reviews.confirm(results[0].pk, hr, 0)
    reviews.withhold(results[1].pk, hr, "Retake due.", 0)
    listed = {r.pk for r in _listed(client_for(hr))}
    assert listed == {r.pk for r in results[2:]}
    assert {r.pk for r in _listed(client_for(hr), state="released")} == {results[0].pk}
    assert len(_listed(client_for(hr), state="all")) == 6


def test_the_queue_filters_by_validity_family_and_band(scored, hr, client_for):
    a, b, c, d = scored(4)
    set_scored(a, validity="valid", family="execution", probability=0.91)
    set_scored(b, validity="questionable", family="compression", probability=0.1)
    set_scored(c, validity="invalid")
    set_scored(d, validity="valid", family="undetermined", probability=0.5)
    client = client_for(hr)
    assert [r.pk for r in _listed(client, validity="questionable")] == [b.pk]
    assert [r.pk for r in _listed(client, family="none")] == [c.pk]
    assert [r.pk for r in _listed(client, family="undetermined")] == [d.pk]
    assert [r.pk for r in _listed(client, band="80-100")] == [a.pk]
    assert [r.pk for r in _listed(client, band="0-20")] == [b.pk]
    assert [r.pk for r in _listed(client, band="40-60")] == [d.pk]


def test_the_queue_filters_by_campaign_and_department_with_sub_departments(
        scored, hr, client_for, org):
    first = scored(4, name="First")
    second = scored(4, name="Second", seed=5)
    client = client_for(hr)
    assert {r.pk for r in _listed(client, campaign=second[0].assignment.campaign_id)} == {
        r.pk for r in second}
    Assignment.objects.filter(pk=first[0].assignment_id).update(department=org["UW"])
    Assignment.objects.filter(pk=first[1].assignment_id).update(department=org["INV"])
    assert {r.pk for r in _listed(client, department=org["HQ"].pk)} == {
        first[0].pk, first[1].pk}
    assert [r.pk for r in _listed(client, department=org["INV"].pk)] == [first[1].pk]


def test_a_filter_that_cannot_be_read_is_a_400_with_the_default_list(scored, hr, client_for):
    scored(4)
    response = client_for(hr).get(reverse("assessments:review_queue"), {"band": "huge"})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert response.context["page"].paginator.count == Result.objects.count()


def test_an_empty_queue_says_so(scored, hr, client_for):
    for r in scored(4):
        Result.objects.filter(pk=r.pk).update(review_state="withheld")
    response = client_for(hr).get(reverse("assessments:review_queue"))
    assert 'data-empty="reviews"' in response.content.decode()


def test_the_queue_pages(scored, hr, client_for, settings):
    scored(30)
    client = client_for(hr)
    first = client.get(reverse("assessments:review_queue"))
    assert len(first.context["page"]) == 25
    assert "page=2" in first.content.decode()
    second = client.get(reverse("assessments:review_queue"), {"page": 2})
    assert len(second.context["page"]) == 5
