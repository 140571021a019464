"""Properties that must hold for any data: relabelling persons or items changes nothing,
reflecting every answer mirrors the results."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    Layout,
    Spec,
    build_norms,
    cronbach_alpha,
    demo_layout,
    omega_total,
    score,
    simulate,
    standardized_alpha,
)

LAYOUT = demo_layout()
NUMERIC = ("raw", "z", "t", "percentile", "band_low", "band_high", "probability_execution",
           "completeness", "alignment", "acquiescence", "speed", "mahalanobis",
           "person_fit", "agreement")
# Six derandomised data sets of 600 people each: every example builds two norm groups,
# each with its null (about 1.5 s an example).
SETTINGS = settings(max_examples=6, deadline=None, derandomize=True)


def _data(seed: int, n: int = 600):
    sim = simulate(LAYOUT, n, np.random.default_rng(seed), missing_rate=0.03)
    return sim.X, sim.seconds


def _assert_same(a, b, fields=NUMERIC, rows=None):
    for name in fields:
        x, y = getattr(a, name), getattr(b, name)
        if rows is not None:
            y = y[rows]
        np.testing.assert_allclose(x, y, rtol=1e-9, atol=1e-9, err_msg=name)
    for name in ("role_family", "profile_note", "validity", "flags", "scorable"):
        y = getattr(b, name)
        if rows is not None:
            y = y[rows]
        assert (getattr(a, name) == y).all(), name


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), perm_seed=st.integers(0, 2**31 - 1))
def test_permuting_persons_changes_nothing(seed, perm_seed):
    X, T = _data(seed)
    spec = Spec()
    perm = np.random.default_rng(perm_seed).permutation(X.shape[0])
    norms = build_norms(X, LAYOUT, spec, T)
    norms_p = build_norms(X[perm], LAYOUT, spec, T[perm])
    np.testing.assert_allclose(norms_p.mean, norms.mean, rtol=1e-12)
    np.testing.assert_allclose(norms_p.reliability, norms.reliability, rtol=1e-9)
    assert norms_p.mahalanobis_cutoff == np.float64(norms.mahalanobis_cutoff) or np.isclose(
        norms_p.mahalanobis_cutoff, norms.mahalanobis_cutoff, rtol=1e-9)
    a = score(X[perm], LAYOUT, norms_p, spec, T[perm])
    b = score(X, LAYOUT, norms, spec, T)
    _assert_same(a, b, rows=perm)


def _permuted_layout(order):
    d = LAYOUT.to_dict()
    items = [d["items"][i] for i in order]
    return Layout.build(items, d["scales"], d["pairs"])


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1), perm_seed=st.integers(0, 2**31 - 1))
def test_permuting_items_within_a_scale_changes_nothing_but_longstring(seed, perm_seed):
    """Item order is administration order, so only the run-length index and the order
    screens (segment test, sequence statistic) may change; the longstring screen is
    switched off so that both norm groups hold the same people, and so are the order
    screens, the likelihood against random answering, its random side and the twin
    alignment (a declared level below any null rate leaves them without a cut, alignment
    with a soft limit below any null rate too; the null's draws depend on the items'
    order)."""
    X, T = _data(seed)
    rng = np.random.default_rng(perm_seed)
    order = np.arange(LAYOUT.k)
    for s in range(LAYOUT.n_scales):
        idx = LAYOUT.scale_items(s)
        order[idx] = rng.permutation(idx)
    layout_p = _permuted_layout(order)
    spec = Spec(max_longstring_share=1.0, max_tail_share=2.0, late_misfit_false_flag=1e-300,
                zigzag_false_flag=1e-300, random_like_false_flag=1e-300,
                misaligned_false_flag=1e-300, soft_false_flag_rate=1e-300,
                random_side_null_rate=0.0)
    a = score(X[:, order], layout_p, build_norms(X[:, order], layout_p, spec, T[:, order]),
              spec, T[:, order])
    b = score(X, LAYOUT, build_norms(X, LAYOUT, spec, T), spec, T)
    _assert_same(a, b)
    for s in range(LAYOUT.n_scales):
        cols = LAYOUT.scale_items(s)
        Xs = X[:, cols]
        shuffled = Xs[:, rng.permutation(cols.size)]
        assert np.isclose(cronbach_alpha(shuffled), cronbach_alpha(Xs), rtol=1e-12)
        assert np.isclose(standardized_alpha(shuffled), standardized_alpha(Xs), rtol=1e-12)
        assert np.isclose(omega_total(shuffled), omega_total(Xs), rtol=1e-8)


@SETTINGS
@given(seed=st.integers(0, 2**31 - 1))
def test_reflecting_every_answer_negates_z_and_swaps_families(seed):
    """x -> min + max - x on every answer, with norms rebuilt on the reflected data.
    Acquiescence is direction-bound by definition (agreeing becomes disagreeing), so its
    screen is off here to keep the two norm groups identical.  So are person fit, pattern
    fit and the segment test: a score that ties with a band edge falls in the upper band,
    which is direction-bound too; and the sequence statistic and the longstring cuts,
    whose null draws (one uniform number per answer against the cumulative table) are
    not mirror images (the longstring cuts then fall back to a tail entirely of one
    answer and a whole form of one answer, in both directions), and the likelihood
    against random answering, its random side and the twin alignment, whose cuts come
    from the same draws (alignment's soft limit too, so that it has no cut)."""
    X, T = _data(seed)
    Xr = LAYOUT.minimum + LAYOUT.maximum - X
    spec = Spec(max_acquiescence=1.0, acquiescence_robust_z=1e6, misfit_false_flag=1e-300,
                unpatterned_false_flag=1e-300, late_misfit_false_flag=1e-300,
                zigzag_false_flag=1e-300, longstring_false_flag=1e-300,
                random_like_false_flag=1e-300, misaligned_false_flag=1e-300,
                soft_false_flag_rate=1e-300, random_side_null_rate=0.0)
    a = score(X, LAYOUT, build_norms(X, LAYOUT, spec, T), spec, T)
    b = score(Xr, LAYOUT, build_norms(Xr, LAYOUT, spec, T), spec, T)
    np.testing.assert_allclose(b.z, -a.z, atol=1e-9)
    np.testing.assert_allclose(b.percentile, 100.0 - a.percentile, atol=1e-9)
    np.testing.assert_allclose(b.probability_execution, 1.0 - a.probability_execution,
                               atol=1e-9)
    swap = {"execution": "compression", "compression": "execution",
            "undetermined": "undetermined", "": ""}
    assert [swap[f] for f in a.role_family] == b.role_family.tolist()
    assert (a.role_family != "undetermined").any()
    note_swap = {"both_elevated": "both_low", "both_low": "both_elevated", "": ""}
    assert [note_swap[f] for f in a.profile_note] == b.profile_note.tolist()
    np.testing.assert_allclose(b.alignment, a.alignment)
    np.testing.assert_allclose(b.mahalanobis, a.mahalanobis, rtol=1e-9)
    assert (a.validity == b.validity).all()
