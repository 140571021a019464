import numpy as np
import pytest

from assessments.scoring import Layout, demo_layout


def test_layout_build_turns_dicts_into_index_arrays():
    lay = Layout.build(
        [{"code": "x1", "scale": "E", "reverse": False, "min": 1, "max": 5},
         {"code": "y1", "scale": "C", "reverse": True, "min": 1, "max": 7},
         {"code": "x2", "scale": "E", "reverse": True, "min": 1, "max": 5}],
        [{"code": "E", "role": "execution"}, {"code": "C", "role": "compression"}],
        [{"a": "x1", "b": "x2", "relation": "opposite"}],
    )
    np.testing.assert_array_equal(lay.item_scale, [0, 1, 0])
    np.testing.assert_array_equal(lay.reverse, [False, True, True])
    np.testing.assert_array_equal(lay.maximum, [5, 7, 5])
    np.testing.assert_array_equal(lay.pairs, [[0, 2]])
    np.testing.assert_array_equal(lay.pair_opposite, [True])
    assert lay.classifies and lay.role_indices == (0, 1)


def test_layout_classifies_only_with_exactly_one_execution_and_one_compression_scale():
    items = [{"code": "a", "scale": "A", "min": 1, "max": 5},
             {"code": "b", "scale": "B", "min": 1, "max": 5}]
    two_exec = Layout.build(items, [{"code": "A", "role": "execution"},
                                    {"code": "B", "role": "execution"}], [])
    none = Layout.build(items, [{"code": "A", "role": None}, {"code": "B", "role": None}], [])
    assert not two_exec.classifies and not none.classifies
    with pytest.raises(ValueError):
        _ = none.role_indices


def test_layout_rejects_unknown_references_and_bad_ranges():
    scales = [{"code": "A", "role": None}]
    with pytest.raises(ValueError):
        Layout.build([{"code": "a", "scale": "Z", "min": 1, "max": 5}], scales, [])
    with pytest.raises(ValueError):
        Layout.build([{"code": "a", "scale": "A", "min": 5, "max": 5}], scales, [])
    with pytest.raises(ValueError):
        Layout.build([{"code": "a", "scale": "A", "min": 1, "max": 5}], scales,
                     [{"a": "a", "b": "nope", "relation": "same"}])
    with pytest.raises(ValueError):
        Layout.build([{"code": "a", "scale": "A", "min": 1, "max": 5}],
                     [{"code": "A", "role": "boss"}], [])


def test_layout_round_trips_through_its_dict_form():
    lay = demo_layout()
    d = lay.to_dict()
    again = Layout.build(d["items"], d["scales"], d["pairs"])
    assert again.to_dict() == d
