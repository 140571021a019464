"""The home page's past assessments say where each result stands: a link to the report
once it is released (or contested), "being reviewed" or "withheld" otherwise."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import release, withhold


def test_past_assessments_link_to_released_reports_only(make_result, employee, client_for):
    released = release(make_result("execution", name="Released one"))
    contested = release(make_result("compression", name="Contested one"))
    type(contested).objects.filter(pk=contested.pk).update(review_state="contested")
    make_result("undetermined", name="Pending one")
    withhold(make_result("execution", name="Withheld one"))
    text = client_for(employee).get(reverse("home")).content.decode()
    for result in (released, contested):
        assert reverse("assessments:my_report", args=[result.assignment_id]) in text
    assert text.count("Read your report") == 2
    assert text.count("Your result is being reviewed") == 1
    assert text.count("Result withheld: HR will contact you") == 1


def test_the_home_page_asks_one_query_for_the_report_states_however_many(
        make_result, employee, client_for):
    for i in range(3):
        release(make_result("execution", name=f"Campaign {i}"))
    client = client_for(employee)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for i in range(3, 8):
        release(make_result("execution", name=f"Campaign {i}"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(few)
