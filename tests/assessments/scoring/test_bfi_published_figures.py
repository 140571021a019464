"""Reproduce the reliability figures R psych and pingouin print for the bfi data."""

import csv
from pathlib import Path

import numpy as np
import pytest

from assessments.scoring import (
    Layout,
    cronbach_alpha,
    item_analysis,
    key,
    omega_total,
    reliability_report,
    standardized_alpha,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "bfi.csv"
TRAITS = "ACENO"
ITEMS = [f"{t}{i}" for t in TRAITS for i in range(1, 6)]
REVERSE = {"A1", "C4", "C5", "E1", "E2", "O2", "O5"}

ALPHA_PAIRWISE = dict(zip(TRAITS, (0.703, 0.727, 0.762, 0.814, 0.600), strict=True))
ALPHA_LISTWISE = dict(zip(TRAITS, (0.704, 0.729, 0.761, 0.813, 0.603), strict=True))
ALPHA_STD = dict(zip(TRAITS, (0.713, 0.730, 0.762, 0.815, 0.608), strict=True))
OMEGA_TWO_FACTOR = dict(zip(TRAITS, (0.75, 0.77, 0.82, 0.85, 0.70), strict=True))
R_DROP = {"C": (0.450, 0.505, 0.464, 0.553, 0.477), "O": (0.391, 0.332, 0.451, 0.218, 0.416)}
ALPHA_DROP = {"C": (0.694, 0.674, 0.689, 0.654, 0.690), "O": (0.532, 0.567, 0.497, 0.611, 0.512)}
TOL = 0.0005


@pytest.fixture(scope="module")
def bfi():
    with DATA.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    X = np.array([[float(r[c]) if r[c] != "" else np.nan for c in ITEMS] for r in rows])
    layout = Layout.build(
        [{"code": c, "scale": c[0], "reverse": c in REVERSE, "min": 1, "max": 6} for c in ITEMS],
        [{"code": t, "role": None} for t in TRAITS],
        [],
    )
    return X, key(X, layout), layout


def _scale(Xk, trait):
    s = TRAITS.index(trait)
    return Xk[:, 5 * s:5 * s + 5]


def test_bfi_file_has_2800_people_and_508_missing_item_answers(bfi):
    X, _, _ = bfi
    assert X.shape == (2800, 25)
    assert int(np.isnan(X).sum()) == 508
    assert int((~np.isnan(X).any(axis=1)).sum()) == 2436


@pytest.mark.parametrize("trait", TRAITS)
def test_pairwise_alpha_reproduces_psych_and_pingouin(bfi, trait):
    assert cronbach_alpha(_scale(bfi[1], trait)) == pytest.approx(ALPHA_PAIRWISE[trait], abs=TOL)


@pytest.mark.parametrize("trait", TRAITS)
def test_listwise_alpha_within_the_scale_reproduces_the_published_value(bfi, trait):
    got = cronbach_alpha(_scale(bfi[1], trait), pairwise=False)
    assert got == pytest.approx(ALPHA_LISTWISE[trait], abs=TOL)


@pytest.mark.parametrize("trait", TRAITS)
def test_standardized_alpha_reproduces_psych(bfi, trait):
    assert standardized_alpha(_scale(bfi[1], trait)) == pytest.approx(ALPHA_STD[trait], abs=TOL)


@pytest.mark.parametrize("trait", ["C", "O"])
def test_corrected_item_total_and_alpha_if_deleted_reproduce_psych(bfi, trait):
    ia = item_analysis(_scale(bfi[1], trait))
    np.testing.assert_allclose(ia["r_drop"], R_DROP[trait], atol=TOL)
    np.testing.assert_allclose(ia["alpha_if_deleted"], ALPHA_DROP[trait], atol=TOL)


@pytest.mark.parametrize("trait", TRAITS)
def test_one_factor_omega_lies_between_alpha_and_the_two_factor_omega(bfi, trait):
    """A one-factor omega counts the minor group factors in each scale as error, so it
    lands below psych's two-factor omega total but not below alpha (within .01)."""
    Xs = _scale(bfi[1], trait)
    om = omega_total(Xs)
    assert cronbach_alpha(Xs) - 0.01 <= om <= OMEGA_TWO_FACTOR[trait]
    assert OMEGA_TWO_FACTOR[trait] - om < 0.10


def test_reliability_report_collects_the_same_figures_per_scale(bfi):
    _, Xk, layout = bfi
    rep = reliability_report(Xk, layout)
    assert set(rep) == set(TRAITS)
    assert rep["C"]["alpha"] == pytest.approx(ALPHA_PAIRWISE["C"], abs=TOL)
    assert rep["O"]["alpha_listwise"] == pytest.approx(ALPHA_LISTWISE["O"], abs=TOL)
    assert rep["E"]["alpha_std"] == pytest.approx(ALPHA_STD["E"], abs=TOL)
    assert rep["C"]["items"]["C4"]["r_drop"] == pytest.approx(0.553, abs=TOL)
    assert rep["O"]["items"]["O4"]["alpha_if_deleted"] == pytest.approx(0.611, abs=TOL)
    # no twin pairs here: parcels are the items themselves
    assert rep["N"]["parcel_alpha"] == pytest.approx(rep["N"]["alpha"], abs=1e-12)


def test_on_real_data_the_empirical_cut_off_flags_half_a_percent_and_chi_square_more(bfi):
    """The Mahalanobis cut-off is the norm sample's own 99.5th percentile distance; a
    chi-square quantile with the same nominal rate flags clearly more real people."""
    from scipy.stats import chi2

    from assessments.scoring import Spec, build_norms, score

    X, _, layout = bfi
    spec = Spec()
    norms = build_norms(X, layout, spec)
    sc = score(X, layout, norms, spec)
    clean = ~sc.flags[:, :5].any(axis=1) & sc.scorable.all(axis=1)
    outlier = sc.flags[clean, sc.flag_names.index("outlier")]
    assert outlier.mean() == pytest.approx(0.005, abs=0.0015)
    d = sc.mahalanobis[clean]
    chi_rate = (d ** 2 > chi2.ppf(0.995, df=5)).mean()
    assert chi_rate > 2 * outlier.mean()
