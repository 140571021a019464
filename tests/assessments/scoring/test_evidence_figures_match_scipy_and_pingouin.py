"""The evidence figures (retest correlation and its interval, agreement and kappa, the
family difference in an outcome and its interval) equal what independent libraries
compute from the same data."""

import numpy as np
import pingouin
import pytest
from scipy import stats
from sklearn.metrics import cohen_kappa_score

from assessments.scoring import evidence


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    n = 300
    tau = rng.standard_normal((n, 2))
    first = tau + rng.standard_normal((n, 2)) * 0.6
    second = tau + rng.standard_normal((n, 2)) * 0.6
    first[rng.random(n) < 0.05, 0] = np.nan       # missing scores are left out per scale
    second[rng.random(n) < 0.05, 1] = np.nan
    return first, second


def test_retest_correlation_and_interval_equal_pingouin_per_scale(data):
    first, second = data
    r, n, lo, hi = evidence.retest_correlation(first, second)
    for j in range(2):
        ok = np.isfinite(first[:, j]) & np.isfinite(second[:, j])
        expected = pingouin.corr(first[ok, j], second[ok, j])
        assert n[j] == ok.sum() == expected["n"].iloc[0]
        assert r[j] == pytest.approx(expected["r"].iloc[0], abs=1e-12)
        # pingouin rounds its interval to two decimals: half a hundredth is its own
        # precision; scipy's unrounded interval is held to 1e-9 below
        assert (lo[j], hi[j]) == pytest.approx(tuple(expected["CI95"].iloc[0]), abs=5e-3)
        scipy_ci = stats.pearsonr(first[ok, j], second[ok, j]).confidence_interval(0.95)
        assert (lo[j], hi[j]) == pytest.approx((scipy_ci.low, scipy_ci.high), abs=1e-9)


def test_agreement_and_kappa_equal_scikit_learn():
    rng = np.random.default_rng(5)
    first = rng.choice(["execution", "undetermined", "compression", "", "invalid"], 500)
    second = np.where(rng.random(500) < 0.6, first,
                      rng.choice(["execution", "undetermined", "compression"], 500))
    table = evidence.family_table(first, second)
    agreement, kappa = evidence.kappa_from_table(table)
    both = np.isin(first, evidence.FAMILIES) & np.isin(second, evidence.FAMILIES)
    assert table.sum() == both.sum()
    assert agreement == pytest.approx(np.mean(first[both] == second[both]))
    assert kappa == pytest.approx(cohen_kappa_score(first[both], second[both]), abs=1e-12)


def test_kept_share_counts_only_people_determined_the_first_time():
    table = np.array([[8, 1, 1], [5, 5, 5], [0, 2, 18]])
    kept, n = evidence.kept_share(table)
    assert (kept, n) == (pytest.approx(26 / 30), 30)


@pytest.mark.parametrize("df", [5, 10, 30, 200, 5000])
def test_t_quantile_equals_scipy(df):
    # measured: 2.7e-4 below the exact quantile at df = 5, 8e-6 at df = 10, 3e-8 at 30
    bound = 3e-4 if df < 10 else 1e-5
    assert evidence.t_quantile(0.975, df) == pytest.approx(stats.t.ppf(0.975, df), abs=bound)


def test_family_difference_and_welch_interval_equal_scipy():
    rng = np.random.default_rng(11)
    families = rng.choice(["execution", "compression", "undetermined", ""], 400)
    outcome = rng.normal(3, 1, 400) + 0.3 * (families == "execution")
    outcome[rng.random(400) < 0.1] = np.nan
    t_diff = rng.normal(0, 10, 400) + 5 * (families == "execution")
    got = evidence.outcome_validity(families, t_diff, outcome, min_per_family=50)
    e = outcome[(families == "execution") & np.isfinite(outcome)]
    c = outcome[(families == "compression") & np.isfinite(outcome)]
    welch = stats.ttest_ind(e, c, equal_var=False)
    ci = welch.confidence_interval(0.95)
    assert got.n["execution"] == e.size and got.n["compression"] == c.size
    assert got.difference == pytest.approx(e.mean() - c.mean())
    # df is about 170 here, where the Cornish-Fisher quantile is exact to 1e-12
    assert (got.difference_low, got.difference_high) == pytest.approx((ci.low, ci.high),
                                                                      abs=1e-9)
    d = pingouin.compute_effsize(e, c, paired=False, eftype="cohen")
    assert got.effect_size == pytest.approx(d, abs=1e-9)
    ok = np.isfinite(outcome)
    expected = pingouin.corr(t_diff[ok], outcome[ok])
    assert got.r == pytest.approx(expected["r"].iloc[0], abs=1e-12)
    assert got.r_n == ok.sum()


@pytest.mark.parametrize("call", [
    lambda: evidence.outcome_validity(["execution"], [1.0, 2.0], [3.0]),
    lambda: evidence.outcome_validity(["execution"], [1.0], [3.0], min_per_family=1),
    lambda: evidence.retest_correlation(np.zeros((3, 2)), np.zeros((4, 2))),
    lambda: evidence.family_table(["execution"], ["execution", "compression"]),
    lambda: evidence.expected_retest(1.2, 0.8, 0.3, lambda a, b: a, 0.8, 0.2),
    lambda: evidence.expected_retest(0.8, 0.8, float("nan"), lambda a, b: a, 0.8, 0.2),
])
def test_bad_input_is_refused_with_a_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_too_few_people_give_no_numbers_rather_than_wrong_ones():
    r, n, lo, hi = evidence.retest_correlation([[1.0], [2.0]], [[1.0], [3.0]])
    assert n[0] == 2 and np.isnan(r[0]) and np.isnan(lo[0]) and np.isnan(hi[0])
    got = evidence.outcome_validity(["execution", "compression"], [1.0, -1.0], [3.0, 2.0])
    assert got.verdict == evidence.NOT_TESTED and np.isnan(got.difference_low)
    assert np.isnan(evidence.kappa_from_table(np.zeros((3, 3)))[1])
