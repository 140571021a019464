"""Where forward and reverse items disagree (an acquiescence factor), the reliability
used for P is capped by the trait-only omega, which counts the method variance as error.

On a balanced scale the method factor cancels in the score and nothing needs to change;
on a scale keyed mostly one way it does not cancel, and parcel omega counts it as trait.
"""

import numpy as np

from assessments.scoring import Layout, Spec, build_norms, key, scale_scores


def _bank(n_reverse):
    items, k = [], 20
    for s in ("E", "C"):
        for j in range(k):
            items.append({"code": f"{s}{j:02d}", "scale": s, "reverse": j < n_reverse,
                          "min": 1, "max": 5})
    scales = [{"code": "E", "role": "execution"}, {"code": "C", "role": "compression"}]
    return Layout.build(items, scales, [])


def _answers(layout, n, method_sd, rng):
    trait = rng.standard_normal((n, 2))
    method = method_sd * rng.standard_normal(n)
    sign = np.where(layout.reverse, -1.0, 1.0)
    latent = sign * trait[:, layout.item_scale] * 0.8 + method[:, None] \
        + rng.standard_normal((n, layout.k))
    X = np.clip(np.rint(3 + 0.9 * latent), 1, 5)
    return X, trait


def _true_reliability(layout, X, trait, s):
    raw, *_ = scale_scores(key(X, layout), layout, 0.8)
    return np.corrcoef(raw[:, s], trait[:, s])[0, 1] ** 2


def test_trait_omega_removes_the_method_factor_from_an_unbalanced_scale():
    rng = np.random.default_rng(4)
    layout = _bank(n_reverse=4)
    X, trait = _answers(layout, 4000, 0.7, rng)
    guarded = build_norms(X, layout, Spec())
    plain = build_norms(X, layout, Spec(keying_split_guard=False))
    truth = _true_reliability(layout, X, trait, 0)
    assert plain.reliability[0] - truth > 0.04           # the method factor counted as trait
    assert abs(guarded.reliability[0] - truth) < 0.03
    np.testing.assert_allclose(guarded.reliability, guarded.trait_omega)


def test_without_a_method_factor_the_guard_changes_little():
    rng = np.random.default_rng(5)
    layout = _bank(n_reverse=8)
    X, trait = _answers(layout, 4000, 0.0, rng)
    guarded = build_norms(X, layout, Spec())
    plain = build_norms(X, layout, Spec(keying_split_guard=False))
    assert np.all(plain.reliability - guarded.reliability < 0.02)
    assert abs(guarded.reliability[0] - _true_reliability(layout, X, trait, 0)) < 0.03
