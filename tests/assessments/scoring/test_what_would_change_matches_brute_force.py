"""The report's "what would change the call" is the smallest one-score move that changes
the family, as a brute-force walk along each score finds it."""

import functools

import numpy as np
import pytest

from assessments.scoring import Spec, build_norms, demo_layout, score, simulate
from assessments.scoring.change import first_change, what_would_change
from assessments.scoring.classify import role_family
from assessments.scoring.engine import role_probability

SPEC = Spec()


@functools.cache
def scored():
    layout = demo_layout()
    X = simulate(layout, 400, np.random.default_rng(7)).X
    norms = build_norms(X, layout, SPEC)
    return layout, norms, score(X, layout, norms, SPEC)


def _prob_of(share_e=1.0, share_c=1.0):
    layout, norms, _ = scored()
    return lambda ze, zc: role_probability(ze, zc, np.full(ze.shape, share_e),
                                           np.full(zc.shape, share_c), norms, layout, SPEC)


def _brute_force(prob_of, ze, zc, axis, direction, step=0.0005, max_shift=4.0):
    shifts = np.arange(0.0, max_shift, step)
    step_e = direction if axis in (0, -1) else 0
    step_c = direction if axis == 1 else -direction if axis == -1 else 0
    e = ze + step_e * shifts
    c = zc + step_c * shifts
    families = role_family(prob_of(e, c), SPEC.p_execution, SPEC.p_compression)
    changed = np.flatnonzero(families != families[0])
    return None if changed.size == 0 else (shifts[changed[0]], families[changed[0]])


def test_the_probability_the_report_recomputes_is_the_engines():
    layout, norms, sc = scored()
    e, c = layout.role_indices
    has = np.isfinite(sc.probability_execution)
    share = sc.n_answered / (sc.n_answered + sc.n_missing)
    again = role_probability(sc.z[has, e], sc.z[has, c], share[has, e], share[has, c],
                             norms, layout, SPEC)
    np.testing.assert_allclose(again, sc.probability_execution[has], atol=1e-12)


@pytest.mark.parametrize("person", range(0, 400, 23))
def test_each_move_is_the_first_change_a_fine_walk_finds(person):
    layout, _, sc = scored()
    e, c = layout.role_indices
    if not np.isfinite(sc.probability_execution[person]):
        pytest.skip("no probability for this simulated person")
    prob_of = _prob_of()
    ze, zc = float(sc.z[person, e]), float(sc.z[person, c])
    for axis in (0, 1, -1):
        for direction in (1, -1):
            found = first_change(prob_of, ze, zc, axis, direction,
                                 SPEC.p_execution, SPEC.p_compression)
            truth = _brute_force(prob_of, ze, zc, axis, direction)
            if truth is None:
                assert found is None or found.z > 4.0 - 0.001
                continue
            assert found is not None
            assert found.z == pytest.approx(truth[0], abs=0.001)
            assert found.family == truth[1]


def test_an_execution_call_changes_by_lowering_execution_or_raising_compression():
    prob_of = _prob_of()
    moves = what_would_change(prob_of, 1.5, -1.0, SPEC.p_execution, SPEC.p_compression)
    assert prob_of(np.array([1.5]), np.array([-1.0]))[0] >= SPEC.p_execution
    assert {(m.axis, m.direction) for m in moves} == {(0, -1), (1, 1)}
    assert all(m.family == "undetermined" for m in moves)
    assert [m.z for m in moves] == sorted(m.z for m in moves)
    assert moves[0].t == pytest.approx(10 * moves[0].z)


def test_an_undetermined_call_changes_either_way():
    prob_of = _prob_of()
    moves = what_would_change(prob_of, 0.0, 0.0, SPEC.p_execution, SPEC.p_compression)
    assert {m.family for m in moves} == {"execution", "compression"}
    assert {(m.axis, m.direction, m.family) for m in moves} >= {
        (0, 1, "execution"), (0, -1, "compression")}


def test_joint_moves_come_after_the_single_ones_and_are_shorter():
    prob_of = _prob_of()
    moves = what_would_change(prob_of, 1.5, -1.0, SPEC.p_execution, SPEC.p_compression,
                              joint=True)
    single = [m for m in moves if m.axis != -1]
    joint = [m for m in moves if m.axis == -1]
    assert moves == single + joint
    assert [(m.vector, m.family) for m in joint] == [((-1, 1), "undetermined")]
    assert joint[0].z < min(m.z for m in single)
