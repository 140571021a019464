"""A stale or replayed save never overwrites a newer answer; two tabs end with the later
choice."""

from assessments.services import answering

from .conftest import autosave, stored


def test_a_stale_save_is_ignored_and_says_so(client_for, employee, ready, items):
    client = client_for(employee)
    autosave(client, ready, items[0], 5, 7)
    response = autosave(client, ready, items[0], 1, 6)
    assert response.status_code == 200
    assert 'data-state="kept"' in response.content.decode()
    assert stored(ready)[items[0].pk][:2] == (5, 7)


def test_a_replayed_save_changes_nothing_and_is_still_saved(client_for, employee, ready,
                                                            items):
    client = client_for(employee)
    autosave(client, ready, items[0], 4, 3, seconds="10")
    again = autosave(client, ready, items[0], 4, 3, seconds="10")
    assert 'data-state="saved"' in again.content.decode()
    assert stored(ready)[items[0].pk][:3] == (4, 3, 10.0)  # seconds not counted twice


def test_saves_of_different_items_arriving_out_of_order_are_all_kept(ready, items):
    answering.save_answer(ready, items[1], 2, 2)
    answering.save_answer(ready, items[0], 4, 1)  # sent first, arrived last
    assert {k: v[0] for k, v in stored(ready).items()} == {items[0].pk: 4, items[1].pk: 2}
    ready.refresh_from_db()
    assert ready.sequence == 2


def test_two_tabs_end_with_the_later_choice_whatever_order_the_saves_arrive(
    client_for, employee, ready, items
):
    # Both tabs continue the shared counter: tab A chose first (8), tab B later (9).
    tab_a, tab_b = client_for(employee), client_for(employee)
    autosave(tab_b, ready, items[0], 2, 9)
    autosave(tab_a, ready, items[0], 5, 8)  # A's save was slow
    assert stored(ready)[items[0].pk][0] == 2


def test_the_server_numbers_a_save_sent_without_a_sequence(ready, items):
    answering.save_answer(ready, items[0], 3, 5)
    result = answering.save_answer(ready, items[1], 3, None)
    assert result.outcome == answering.Outcome.SAVED
    assert stored(ready)[items[1].pk][1] == 6


def test_a_page_form_resends_a_scripted_save_without_overtaking_a_later_one(
    client_for, employee, ready, items
):
    from .conftest import url

    client = client_for(employee)
    autosave(client, ready, items[0], 2, 11)  # another tab, later
    client.post(url("assignment_page", ready, 1), {
        f"item-{items[0].pk}": 5, f"seq-{items[0].pk}": 10, f"shown-{items[0].pk}": "",
        "go": "next"})
    assert stored(ready)[items[0].pk][:2] == (2, 11)


def test_a_page_form_without_script_saves_what_changed(client_for, employee, ready, items):
    from .conftest import url

    client = client_for(employee)
    answering.save_answer(ready, items[1], 4, 1)
    response = client.post(url("assignment_page", ready, 1), {
        f"item-{items[0].pk}": 3, f"shown-{items[0].pk}": "",
        f"item-{items[1].pk}": 4, f"shown-{items[1].pk}": "4", "go": "next"})
    assert response.status_code == 302
    assert response["Location"] == url("assignment_page", ready, 2)
    values = stored(ready)
    assert values[items[0].pk][:2] == (3, 2)
    assert values[items[1].pk][:2] == (4, 1)  # unchanged, not rewritten
