"""The twin-consistency tolerance is a share of each item's answer range, held in the
spec: one point on a 1-5 item, two on a 1-7 item with the default .34."""

import numpy as np

from assessments.scoring import Layout, Spec
from assessments.scoring.validity import alignment


def _layout(points):
    items = [{"code": f"i{j}", "scale": "S", "reverse": False, "min": 1, "max": points}
             for j in range(2)]
    return Layout.build(items, [{"code": "S", "role": None}],
                        [{"a": "i0", "b": "i1", "relation": "same"}])


def test_tolerance_follows_the_range():
    spec = Spec()
    X = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 4.0]])
    five, _ = alignment(X, _layout(5), 1, spec.twin_tolerance)
    seven, _ = alignment(X, _layout(7), 1, spec.twin_tolerance)
    np.testing.assert_array_equal(five, [1, 0, 0])
    np.testing.assert_array_equal(seven, [1, 1, 0])
    assert spec.tolerance(1, 5) < 1.5 <= spec.tolerance(1, 7) + 0.5
    assert Spec(twin_tolerance=0.5).hash() != spec.hash()
