import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from assessments.scoring import (
    cronbach_alpha,
    item_analysis,
    pairwise_corr,
    pairwise_cov,
    standardized_alpha,
)


def _correlated_with_holes(seed: int, n: int = 400, k: int = 8, holes: float = 0.1):
    rng = np.random.default_rng(seed)
    trait = rng.standard_normal((n, 1))
    X = np.clip(np.round(3.5 + trait * rng.uniform(0.5, 1.2, k) + rng.standard_normal((n, k))),
                1, 6)
    X[rng.random((n, k)) < holes] = np.nan
    return X


@pytest.mark.parametrize("seed", range(5))
def test_alpha_matches_pingouin_on_random_data_with_missing_values(seed):
    X = _correlated_with_holes(seed)
    df = pd.DataFrame(X)
    assert cronbach_alpha(X) == pytest.approx(pg.cronbach_alpha(df)[0], abs=1e-10)
    assert cronbach_alpha(X, pairwise=False) == pytest.approx(
        pg.cronbach_alpha(df.dropna())[0], abs=1e-10)
    assert cronbach_alpha(X, pairwise=False) == pytest.approx(
        pg.cronbach_alpha(df, nan_policy="listwise")[0], abs=1e-10)


def test_pairwise_covariance_and_correlation_equal_pandas():
    X = _correlated_with_holes(11, holes=0.2)
    df = pd.DataFrame(X)
    np.testing.assert_allclose(pairwise_cov(X), df.cov().to_numpy(), atol=1e-12)
    np.testing.assert_allclose(pairwise_corr(X), df.corr().to_numpy(), atol=1e-12)


def test_standardized_alpha_is_the_spearman_brown_of_the_mean_pairwise_correlation():
    X = _correlated_with_holes(3)
    R = pd.DataFrame(X).corr().to_numpy()
    k = R.shape[0]
    rbar = R[np.triu_indices(k, 1)].mean()
    assert standardized_alpha(X) == pytest.approx(k * rbar / (1 + (k - 1) * rbar), abs=1e-12)


def test_item_analysis_matches_recomputing_alpha_without_each_item():
    X = _correlated_with_holes(5)
    ia = item_analysis(X)
    for i in range(X.shape[1]):
        rest = np.delete(X, i, axis=1)
        assert ia["alpha_if_deleted"][i] == pytest.approx(cronbach_alpha(rest), abs=1e-12)
    # without missing values r_drop is the plain correlation of the item with the rest sum
    Xc = _correlated_with_holes(5, holes=0.0)
    ia = item_analysis(Xc)
    for i in range(Xc.shape[1]):
        rest = np.delete(Xc, i, axis=1).sum(axis=1)
        assert ia["r_drop"][i] == pytest.approx(np.corrcoef(Xc[:, i], rest)[0, 1], abs=1e-12)


def test_uniform_random_answers_give_alpha_near_zero():
    rng = np.random.default_rng(2024)
    X = rng.integers(1, 6, size=(40_000, 10)).astype(float)
    X[rng.random(X.shape) < 0.05] = np.nan
    assert abs(cronbach_alpha(X)) < 0.02
    assert abs(cronbach_alpha(X, pairwise=False)) < 0.02
    assert abs(standardized_alpha(X)) < 0.02
