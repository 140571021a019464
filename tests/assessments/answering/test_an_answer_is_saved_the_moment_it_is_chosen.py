from assessments.models import Assignment

from .conftest import autosave, stored


def test_the_autosave_writes_the_answer_and_says_saved(client_for, employee, ready, items):
    response = autosave(client_for(employee), ready, items[0], 4, 1, seconds="3.5")
    assert response.status_code == 200
    assert 'data-state="saved"' in response.content.decode()
    assert stored(ready) == {items[0].pk: (4, 1, 3.5, "en")}


def test_the_first_answer_moves_the_assignment_to_in_progress(client_for, employee, ready,
                                                              items):
    assert ready.status == Assignment.Status.NOT_STARTED
    autosave(client_for(employee), ready, items[0], 2, 1)
    ready.refresh_from_db()
    assert ready.status == Assignment.Status.IN_PROGRESS
    assert ready.started_at is not None
    assert ready.sequence == 1


def test_a_changed_answer_replaces_the_first(client_for, employee, ready, items):
    client = client_for(employee)
    autosave(client, ready, items[0], 2, 1)
    autosave(client, ready, items[0], 5, 2)
    assert stored(ready)[items[0].pk][:2] == (5, 2)
