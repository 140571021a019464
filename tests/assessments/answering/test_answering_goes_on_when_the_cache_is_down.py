"""Answering needs only the database: with the cache's server unreachable (a real
Redis client pointed at a port nobody listens on), a person's first answer, the next
ones and the submission all succeed and are stored, and the log says which stamps
could not be moved."""

import logging

from assessments.models import Assignment
from tests.cache import the_cache_down

from .conftest import autosave, stored, url


def test_answers_and_the_submission_are_stored_with_the_cache_down(
        client_for, employee, ready, items, caplog):
    client = client_for(employee)  # signed in while the cache was up
    with the_cache_down(), caplog.at_level(logging.WARNING, logger="talent.stamps"):
        responses = [autosave(client, ready, item, 3, i)
                     for i, item in enumerate(items, start=1)]
        submitted = client.post(url("assignment_submit", ready))

    assert [r.status_code for r in responses] == [200] * len(items)
    assert len(stored(ready)) == len(items)
    assert submitted.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Assignment.Status.SUBMITTED
    assert "cache unreachable, stamp campaign:" in caplog.text
