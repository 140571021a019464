"""The report and the contest, for each role in the cast: only the result's own employee
gets in; anyone else (manager, HR, bank admin, superuser) gets a 404, as for a report that
does not exist (HR reads results through the review queue); a login without an employee
record gets a 403; an anonymous visitor is sent to log in."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Contest

from .conftest import release, withhold

OTHERS = {"other_employee": 404, "manager": 404, "hr": 404, "bank_admin": 404,
          "outsider": 403, "superuser": 404}


@pytest.fixture
def mine(make_result, cast):
    return release(make_result("execution"))


def _urls(result):
    return {"report": reverse("assessments:my_report", args=[result.assignment_id]),
            "contest": reverse("assessments:contest_result", args=[result.assignment_id])}


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_reads_my_report(who, cast, client_for, mine):
    assert client_for(cast[who]).get(_urls(mine)["report"]).status_code == OTHERS[who]


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_contests_my_result(who, cast, client_for, mine):
    response = client_for(cast[who]).post(_urls(mine)["contest"], {"comment": "Mine now."})
    assert response.status_code == OTHERS[who]
    assert not Contest.objects.exists()


@pytest.mark.parametrize("page", ["report", "contest"])
def test_an_anonymous_visitor_is_sent_to_log_in(page, mine):
    client = Client()
    url = _urls(mine)[page]
    response = client.post(url, {"comment": "x"}) if page == "contest" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Contest.objects.exists()


def test_i_read_my_released_report(cast, client_for, mine):
    response = client_for(cast["employee"]).get(_urls(mine)["report"])
    assert response.status_code == 200
    text = response.content.decode()
    assert "What your answers say you do well" in text
    assert "Likely precise execution: about 86 in 100" in text
    assert 'id="report-chart"' in text and 'id="report-chart-data"' in text
    assert "Contest this result" in text


@pytest.mark.parametrize("who", ["manager", "hr", "bank_admin"])
def test_staff_read_their_own_report_like_anyone(who, cast, client_for, make_result):
    result = release(make_result("undetermined", who=cast[who]))
    response = client_for(cast[who]).get(_urls(result)["report"])
    assert response.status_code == 200
    assert "Undetermined is a valid and common answer" in response.content.decode()


def test_a_pending_result_shows_nothing_of_the_result(cast, client_for, make_result):
    result = make_result("execution")
    text = client_for(cast["employee"]).get(_urls(result)["report"]).content.decode()
    assert "Your result is being reviewed." in text
    for hidden in ("Precise execution", "86 in 100", "report-chart", "Contest this result",
                   "T-score"):
        assert hidden not in text


def test_a_withheld_result_shows_nothing_but_that_hr_will_be_in_touch(cast, client_for,
                                                                    make_result):
    result = withhold(make_result("execution"), reason="Retake due: answered in 3 minutes.")
    text = client_for(cast["employee"]).get(_urls(result)["report"]).content.decode()
    assert "Your result is withheld for now. HR will contact you about it." in text
    assert "Retake due" not in text and "86 in 100" not in text


def test_an_assignment_without_a_result_yet_is_being_reviewed(cast, client_for, make_result):
    result = make_result("execution")
    assignment = result.assignment
    result.delete()
    response = client_for(cast["employee"]).get(
        reverse("assessments:my_report", args=[assignment.pk]))
    assert response.status_code == 200
    assert "Your result is being reviewed." in response.content.decode()


def test_an_assignment_that_does_not_exist_is_a_404(cast, client_for, db):
    response = client_for(cast["employee"]).get(reverse("assessments:my_report", args=[999]))
    assert response.status_code == 404


def test_the_report_is_read_with_get_and_the_contest_with_post(cast, client_for, mine):
    client = client_for(cast["employee"])
    assert client.post(_urls(mine)["report"]).status_code == 405
    assert client.get(_urls(mine)["contest"]).status_code == 405
