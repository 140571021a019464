"""The people pages ask the database the same number of questions for 100 people as
for 1,000: no query per person (speed itself is a benchmark's business, never a test's)."""

import pytest
from django.urls import reverse

from talent.models import Department
from tests.queries import first_visit_queries


def count_queries(client, url):
    # A first visit (nothing cached): the most a page asks. Results made here come from
    # no scoring run, so the cache key would not see them.
    return first_visit_queries(client, url)


def populate(make_result, positions, org, n, start):
    desk = Department.objects.create(code=f"D{start}", name=f"Desk {start}", parent=org["UW"])
    for i in range(start, start + n):
        make_result(f"P{i:04d}", position=positions["analyst" if i % 2 else "allocator"],
                    department=desk if i % 3 else org["INV"], exe_t=40.0 + i % 30,
                    cmp_t=70.0 - i % 30)


@pytest.mark.parametrize("name", ["people", "have_need", "two_functions", "position"])
def test_a_page_asks_as_many_queries_for_100_people_as_for_1000(name, hr, client_for,
                                                            make_result, positions, org):
    client = client_for(hr)
    url = (reverse("assessments:position_have_need", args=[positions["analyst"].pk])
           if name == "position" else reverse(f"assessments:{name}"))
    populate(make_result, positions, org, 100, 0)
    few = count_queries(client, url)
    populate(make_result, positions, org, 900, 1000)
    assert count_queries(client, url) == few


def test_a_persons_page_does_not_grow_with_the_organisation(hr, client_for, make_result,
                                                            positions, org):
    client = client_for(hr)
    ann = make_result("Ann", position=positions["analyst"])
    url = reverse("assessments:person", args=[ann.assignment.employee_id])
    populate(make_result, positions, org, 100, 0)
    few = count_queries(client, url)
    populate(make_result, positions, org, 900, 1000)
    assert count_queries(client, url) == few
