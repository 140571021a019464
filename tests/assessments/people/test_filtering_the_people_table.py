"""HR narrows the people table by each filter; rows outside it disappear."""

import pytest
from django.urls import reverse

from assessments.models import Campaign, Result
from talent.models import Department, Employee


def names(response):
    return {r.assignment.employee.name for r in response.context["results"]}


@pytest.fixture
def table(hr, client_for):
    client = client_for(hr)
    return lambda **query: client.get(reverse("assessments:people"), query)


def test_the_table_shows_everyone_without_a_filter(table, make_result):
    make_result("Ann")
    make_result("Bob", family="compression", p=0.1)
    assert names(table()) == {"Ann", "Bob"}


def test_filtering_by_campaign(table, make_result, campaign):
    other = Campaign.objects.create(name="Autumn", bank_version=campaign.bank_version)
    make_result("Ann")
    make_result("Bob", campaign=other)
    assert names(table(campaign=other.pk)) == {"Bob"}


def test_filtering_by_department_includes_its_sub_departments(table, make_result, org):
    desk = Department.objects.create(code="UW-D", name="Desk", parent=org["UW"])
    make_result("Ann", department=desk)
    make_result("Bob", department=org["INV"])
    assert names(table(department=org["UW"].pk)) == {"Ann"}
    assert names(table(department=org["HQ"].pk)) == {"Ann", "Bob"}


def test_filtering_by_position(table, make_result, positions):
    make_result("Ann", position=positions["analyst"])
    make_result("Bob", position=positions["allocator"])
    assert names(table(position=positions["allocator"].pk)) == {"Bob"}


def test_filtering_by_family(table, make_result):
    make_result("Ann", family="execution")
    make_result("Bob", family="compression", p=0.1)
    make_result("Cy", family="undetermined", p=0.5)
    assert names(table(family="compression")) == {"Bob"}
    assert names(table(family="undetermined")) == {"Cy"}


def test_filtering_by_validity(table, make_result):
    make_result("Ann")
    make_result("Bob", validity="invalid", state=Result.ReviewState.PENDING)
    assert names(table(validity="invalid")) == {"Bob"}
    assert names(table(family="none")) == {"Bob"}


def test_filtering_by_probability_range(table, make_result):
    make_result("Ann", p=0.95)
    make_result("Bob", p=0.5, family="undetermined")
    make_result("Cy", p=0.05, family="compression")
    assert names(table(p_min="0.4", p_max="0.6")) == {"Bob"}
    assert names(table(p_min="0.9")) == {"Ann"}


def test_filtering_by_review_state(table, make_result):
    make_result("Ann", state=Result.ReviewState.PENDING)
    make_result("Bob", state=Result.ReviewState.WITHHELD)
    make_result("Cy", state=Result.ReviewState.CONTESTED)
    assert names(table(review_state="withheld")) == {"Bob"}
    assert names(table(review_state="contested")) == {"Cy"}


def test_a_re_scored_result_shows_once(table, make_result):
    result = make_result("Ann")
    newer = Result.objects.get(pk=result.pk)
    newer.pk = None
    newer.spec = type(result.spec).objects.create(version="x", params={}, hash="other")
    newer.save()
    assert table().context["page"].paginator.count == 1
    assert [r.pk for r in table().context["results"]] == [newer.pk]


def test_the_people_table_links_each_person_to_their_page(table, make_result):
    result = make_result("Ann")
    url = reverse("assessments:person", args=[result.assignment.employee_id])
    assert url.encode() in table().content


def test_filters_combine(table, make_result, org):
    make_result("Ann", department=org["INV"], family="compression", p=0.1)
    make_result("Bob", department=org["INV"])
    make_result("Cy", family="compression", p=0.1)
    assert names(table(department=org["INV"].pk, family="compression")) == {"Ann"}
    assert Employee.objects.count() >= 3
