"""A web server killed mid-way (SIGKILL, saves in flight) and started again loses no
answer it had acknowledged, and the client's retries of the saves it had not (same
sequence numbers, as the page's script sends them) write each answer exactly once.

A real gunicorn on a loopback port, against pytest-django's test database (a file on
SQLite, test_<name> on PostgreSQL, as the real-worker tests use it); the client is
`requests` with a cookie jar, logging in through the form as a browser does. DEBUG stays
on so that the session cookie works over plain http.
"""

import re
import threading

import pytest
import requests
from django.conf import global_settings
from django.db.models import Count, Max

from assessments.models import Answer, Assignment
from talent.models import Employee
from tests.conftest import PASSWORD, make_user
from tests.factories import make_bank, make_campaign
from tests.processes import (
    Server,
    database_url,
    free_port,
    site_environment,
    terminate_other_sessions,
)

# The server sees committed rows.
pytestmark = [pytest.mark.drill, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(org, settings):
    # The server checks the password with the site's own hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    make_user("respondent", org)
    version = make_bank("RST", n_items_per_scale=8, n_pairs=2)
    assignment = Assignment.objects.create(
        campaign=make_campaign(version, name="Restart"),
        employee=Employee.objects.get(user__username="respondent"))
    server = Server(site_environment(database_url()), free_port())
    server.start()
    try:
        yield server, assignment, list(version.items.order_by("order")
                                       .values_list("pk", flat=True))
    finally:
        server.kill()
    terminate_other_sessions()


class Respondent:
    """What the page's script does, over HTTP: one save per choice with the next sequence
    number; a save that got no answer is sent again later with the same number."""

    def __init__(self, port, assignment):
        self.base = f"http://127.0.0.1:{port}"
        self.assignment = assignment
        self.http = requests.Session()
        self.sequence = 0
        self.acknowledged = {}  # item -> value the server said it saved
        self.unsent = []  # (item, value, sequence) with no acknowledgement

    def path(self, name):
        return f"{self.base}/assessments/assignments/{self.assignment}/{name}"

    def log_in(self, username):
        self.http.get(f"{self.base}/accounts/login/", timeout=10)
        response = self.http.post(f"{self.base}/accounts/login/", timeout=10, data={
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": self.http.cookies["csrftoken"]})
        assert response.url == f"{self.base}/", response.text[:500]

    def post(self, name, **data):
        return self.http.post(self.path(name), data=data, timeout=10, allow_redirects=False,
                              headers={"X-CSRFToken": self.http.cookies["csrftoken"],
                                       "HX-Request": "true"})

    def acknowledge_notice(self):
        assert self.post("notice/").status_code == 302
        assert self.http.get(self.path(""), timeout=10).url.endswith("/page/1/")

    def save(self, item, value, sequence=None):
        if sequence is None:
            self.sequence += 1
            sequence = self.sequence
        try:
            response = self.post("autosave/", item=item, value=value, sequence=sequence,
                                 seconds="4.0")
        except requests.RequestException:
            self.unsent.append((item, value, sequence))
            return False
        assert response.status_code == 200, response.text
        assert 'data-state="saved"' in response.text
        self.acknowledged[item] = value
        return True

    def retry_unsent(self):
        unsent, self.unsent = self.unsent, []
        for item, value, sequence in unsent:
            assert self.save(item, value, sequence)

    def shown(self):
        """{item: value} checked on the questionnaire's pages, as the person sees them."""
        shown, number = {}, 1
        while True:
            response = self.http.get(self.path(f"page/{number}/"), timeout=10)
            if response.status_code == 404:
                return shown
            for item, value in re.findall(
                    r'name="item-(\d+)" id="q\d+-\d+" value="(\d+)"\s*checked', response.text):
                shown[int(item)] = int(value)
            number += 1


def _stored(assignment):
    """{item: (value, how many rows)} in the database, and the assignment's status."""
    rows = (Answer.objects.filter(assignment=assignment).values("item_id")
            .annotate(n=Count("pk"), value=Max("value")).values_list("item_id", "value", "n"))
    assignment.refresh_from_db()
    return {item: (value, n) for item, value, n in rows}, assignment.status


def test_answers_acknowledged_before_a_kill_and_retried_after_it_are_all_kept_once(site):
    server, assignment, items = site
    respondent = Respondent(server.port, assignment.pk)
    respondent.log_in("respondent")
    respondent.acknowledge_notice()
    for item in items[:5]:
        assert respondent.save(item, item % 5 + 1)

    # Saves keep coming while the server is killed: some are acknowledged, some not.
    acknowledged_three = threading.Event()

    def answer_on():
        for n, item in enumerate(items[5:11], start=1):
            respondent.save(item, item % 4 + 1)
            if n == 3:
                acknowledged_three.set()
        acknowledged_three.set()

    saving = threading.Thread(target=answer_on)
    saving.start()
    assert acknowledged_three.wait(timeout=30)
    server.kill()
    saving.join(timeout=60)
    assert respondent.unsent, "the kill should have caught saves in flight"
    before_restart = dict(respondent.acknowledged)

    server.start()
    # The session and everything acknowledged survived: the pages show it.
    shown = respondent.shown()
    assert {i: shown.get(i) for i in before_restart} == before_restart
    unsent = list(respondent.unsent)
    respondent.retry_unsent()
    for item, value, sequence in unsent:  # a retry delivered twice is still one answer
        assert respondent.save(item, value, sequence)
    assert respondent.save(items[0], 1)  # a change of mind after the restart
    for item in items[11:]:
        assert respondent.save(item, 2)

    response = respondent.post("submit/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/submitted/")
    server.kill()

    stored, status = _stored(assignment)
    assert status == "submitted"
    assert set(respondent.acknowledged) == set(items)
    assert stored == {item: (value, 1) for item, value in respondent.acknowledged.items()}
    assert stored[items[0]] == (1, 1)
