"""A filter value that cannot be read gives a 400 with a message and no rows; an export
with a bad filter writes nothing."""

import pytest
from django.urls import reverse

from assessments.models import AccessRecord, ExportJob


@pytest.mark.parametrize("query", [
    {"campaign": "999999"}, {"campaign": "abc"}, {"department": "-1"},
    {"position": "x"}, {"family": "wizard"}, {"validity": "maybe"},
    {"p_min": "lots"}, {"p_max": "2"}, {"p_min": "-0.5"}, {"review_state": "lost"},
    {"p_min": "0.8", "p_max": "0.2"}, {"sort": "nope"},
])
def test_a_bad_filter_value_is_a_400_with_a_message(query, hr, client_for, make_result):
    make_result("Ann")
    response = client_for(hr).get(reverse("assessments:people"), query)
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert b"Ann" not in response.content


def test_an_empty_probability_range_says_why(hr, client_for):
    response = client_for(hr).get(reverse("assessments:people"), {"p_min": "0.8",
                                                                   "p_max": "0.2"})
    assert "“from” is above “to”" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_a_bad_filter_exports_nothing(fmt, hr, client_for, make_result):
    make_result("Ann")
    response = client_for(hr).get(reverse(f"assessments:people_export_{fmt}"),
                                  {"p_max": "banana"})
    assert response.status_code == 400
    assert not AccessRecord.objects.exists()
    assert not ExportJob.objects.exists()


def test_an_unknown_export_format_is_not_found(hr, client_for):
    url = reverse("assessments:people_export_csv").replace(".csv", ".pdf")
    response = client_for(hr).get(url)
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_an_unknown_person_or_position_is_not_found(hr, client_for):
    client = client_for(hr)
    assert client.get(reverse("assessments:person", args=[999999])).status_code == 404
    assert client.get(
        reverse("assessments:position_have_need", args=[999999])).status_code == 404
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("name", ["have_need", "two_functions"])
def test_an_unknown_campaign_on_the_have_need_pages_is_a_400(name, hr, client_for):
    response = client_for(hr).get(reverse(f"assessments:{name}"), {"campaign": "nope"})
    assert response.status_code == 400
    assert "does not exist" in response.content.decode()
