import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.models import TwinPair
from assessments.services import answering
from assessments.services.answering import TWIN_DISTANCE, pages, shuffle_apart


def test_the_order_is_stored_at_the_first_visit_and_kept(client_for, employee, assignment,
                                                        version):
    from .conftest import url

    answering.acknowledge_notice(assignment)
    client = client_for(employee)
    client.get(url("assignment", assignment))
    assignment.refresh_from_db()
    order = assignment.item_order
    assert sorted(order) == sorted(version.items.values_list("pk", flat=True))
    assert order != list(version.items.order_by("order").values_list("pk", flat=True))
    client.get(url("assignment_page", assignment, 2))
    assignment.refresh_from_db()
    assert assignment.item_order == order


def test_the_order_is_seeded_by_the_assignment(assignment, version):
    first = answering.item_order_for(version.pk, "1:2")
    assert answering.item_order_for(version.pk, "1:2") == first
    assert answering.item_order_for(version.pk, "1:3") != first


def test_twins_of_the_bank_are_at_least_eight_apart(ready, version):
    where = {pk: i for i, pk in enumerate(ready.item_order)}
    pairs = TwinPair.objects.filter(version=version)
    assert pairs.count() == 6
    for pair in pairs:
        assert abs(where[pair.item_a_id] - where[pair.item_b_id]) >= TWIN_DISTANCE


@st.composite
def banks(draw):
    n = draw(st.integers(min_value=2 * TWIN_DISTANCE, max_value=90))
    n_pairs = draw(st.integers(min_value=0, max_value=n // 2))
    ids = list(range(1, n + 1))
    chosen = draw(st.permutations(ids))[: 2 * n_pairs]
    pairs = list(zip(chosen[::2], chosen[1::2], strict=True))
    return ids, pairs, draw(st.integers(min_value=0, max_value=2**32))


@settings(max_examples=150, deadline=None)
@given(banks())
def test_any_bank_of_sixteen_items_or_more_gets_its_twins_apart(bank):
    ids, pairs, seed = bank
    order = shuffle_apart(ids, pairs, random.Random(seed))
    assert sorted(order) == ids
    where = {pk: i for i, pk in enumerate(order)}
    for a, b in pairs:
        assert abs(where[a] - where[b]) >= TWIN_DISTANCE


@given(st.integers(min_value=1, max_value=200))
def test_pages_hold_six_to_eight_items_for_real_banks(n):
    split = pages(list(range(n)))
    assert [i for page in split for i in page] == list(range(n))
    assert max(map(len, split)) - min(map(len, split)) <= 1
    assert max(map(len, split)) <= 8
    if n >= 18:
        assert min(map(len, split)) >= 6
