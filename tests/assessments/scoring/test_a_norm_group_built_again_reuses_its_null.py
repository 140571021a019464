"""The order screens' null (40,000 simulated attentive people per norm group) is a pure
function of the norm sample, its fitted tables, the layout and the spec. A norm group
built again from the same answers reuses the cuts already drawn, and gets exactly what
drawing them afresh gives; any change in the answers draws a new null."""

import numpy as np

from assessments.scoring import Spec, build_norms, demo_layout, simulate
from assessments.scoring import null as null_module

ORDER_KEYS = ("late_misfit_cut", "late_misfit_null_rate", "late_misfit_hard",
              "late_misfit_norm_share", "zigzag_cut", "zigzag_null_rate", "zigzag_hard",
              "zigzag_norm_share")


def _screens(norms):
    return {k: norms.screens.get(k) for k in ORDER_KEYS}


def test_the_same_answers_reuse_the_null_and_get_the_fresh_cuts():
    layout, spec = demo_layout(), Spec()
    X = simulate(layout, 300, np.random.default_rng(5)).X
    null_module._NULL_MEMO.clear()
    first = _screens(build_norms(X, layout, spec))
    assert first["zigzag_cut"] is not None and first["late_misfit_cut"] is not None
    assert len(null_module._NULL_MEMO) == 1
    again = _screens(build_norms(X.copy(), layout, spec))
    assert again == first and len(null_module._NULL_MEMO) == 1

    null_module._NULL_MEMO.clear()
    assert _screens(build_norms(X, layout, spec)) == first


def test_a_changed_answer_draws_a_new_null():
    layout, spec = demo_layout(), Spec()
    X = simulate(layout, 300, np.random.default_rng(6)).X
    null_module._NULL_MEMO.clear()
    build_norms(X, layout, spec)
    changed = X.copy()
    row, col = 0, int(np.flatnonzero(np.isfinite(changed[0]))[0])
    changed[row, col] = layout.maximum[col] if changed[row, col] != layout.maximum[col] \
        else layout.minimum[col]
    build_norms(changed, layout, spec)
    assert len(null_module._NULL_MEMO) == 2
