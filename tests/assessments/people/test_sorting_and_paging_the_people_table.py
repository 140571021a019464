"""The people table sorts by its whitelisted columns, both ways, and pages."""

import pytest
from django.urls import reverse

from assessments.views.people import PEOPLE_PER_PAGE


@pytest.fixture
def table(hr, client_for):
    client = client_for(hr)
    return lambda **query: client.get(reverse("assessments:people"), query)


def order(response):
    return [r.assignment.employee.name for r in response.context["results"]]


def test_the_table_is_sorted_by_name_by_default(table, make_result):
    for name in ("Cy", "Ann", "Bob"):
        make_result(name)
    assert order(table()) == ["Ann", "Bob", "Cy"]


def test_sorting_by_probability_both_ways(table, make_result):
    make_result("Ann", p=0.5)
    make_result("Bob", p=0.9)
    make_result("Cy", p=0.1)
    assert order(table(sort="probability")) == ["Cy", "Ann", "Bob"]
    assert order(table(sort="-probability")) == ["Bob", "Ann", "Cy"]


def test_the_column_header_links_reverse_the_current_sort(table, make_result):
    make_result("Ann")
    content = table(sort="name").content.decode()
    assert 'aria-sort="ascending"' in content
    assert "sort=-name" in content


def test_an_unknown_sort_column_is_a_bad_request_not_an_error(table, make_result):
    make_result("Ann")
    response = table(sort="assignment__employee__user__password")
    assert response.status_code == 400
    assert response.context["results"] == []


def test_the_table_pages(table, make_result):
    for i in range(PEOPLE_PER_PAGE + 3):
        make_result(f"Person {i:03d}")
    first, second = table(), table(page=2)
    assert len(first.context["results"]) == PEOPLE_PER_PAGE
    assert len(second.context["results"]) == 3
    assert b"page=2" in first.content


def test_a_page_past_the_end_shows_the_last_page(table, make_result):
    make_result("Ann")
    assert order(table(page=99)) == ["Ann"]
