"""`Layout.same_form` decides whether a new bank version may borrow the norms of the
version it was copied from (services/norms.borrowable_group): only when norms built on
one mean the same on the other."""

import pytest

from assessments.scoring import Layout, demo_layout


def _rebuilt(change=None):
    d = demo_layout().to_dict()
    if change:
        change(d)
    return Layout.build(d["items"], d["scales"], d["pairs"])


def _flip_keying(d):
    d["items"][3]["reverse"] = not d["items"][3]["reverse"]


def _move_to_other_scale(d):
    item = d["items"][0]
    item["scale"] = next(s["code"] for s in d["scales"] if s["code"] != item["scale"])


def _reorder(d):
    d["items"][0], d["items"][1] = d["items"][1], d["items"][0]


def _widen_range(d):
    d["items"][5]["max"] = 7.0


def _rename_item(d):
    old = d["items"][2]["code"]
    d["items"][2]["code"] = "NEW"
    for pair in d["pairs"]:
        pair["a"], pair["b"] = ("NEW" if c == old else c for c in (pair["a"], pair["b"]))


def _drop_a_twin(d):
    d["pairs"].pop()


def _swap_roles(d):
    roles = [s["role"] for s in d["scales"]]
    for s, role in zip(d["scales"], reversed(roles), strict=True):
        s["role"] = role


def test_a_copy_with_the_same_items_keying_ranges_and_twins_has_the_same_form():
    assert _rebuilt().same_form(demo_layout())
    # Twins listed in another order are the same twins.
    d = demo_layout().to_dict()
    assert Layout.build(d["items"], d["scales"], d["pairs"][::-1]).same_form(demo_layout())


@pytest.mark.parametrize("change", [_flip_keying, _move_to_other_scale, _reorder,
                                    _widen_range, _rename_item, _drop_a_twin, _swap_roles])
def test_any_change_to_what_is_scored_makes_another_form(change):
    assert not _rebuilt(change).same_form(demo_layout())
    assert not demo_layout().same_form(_rebuilt(change))
