"""The engine against a simulated truth: calibration, accuracy, detection, false flags."""

import numpy as np
import pytest
from scipy.stats import rankdata

from assessments.scoring import Spec, build_norms, demo_layout, score, simulate

N_NORM = 20_000
N_TEST = 60_000
MIN_BIN = 500


@pytest.fixture(scope="module")
def world():
    layout = demo_layout()
    norm_sample = simulate(layout, N_NORM, np.random.default_rng(101))
    test_sample = simulate(layout, N_TEST, np.random.default_rng(202))
    return layout, norm_sample, test_sample


@pytest.fixture(scope="module")
def scored(world):
    """Scores of the test sample for each reliability method, norms from the norm sample."""
    layout, norm_sample, test_sample = world
    out = {}
    for method in ("parcel_omega", "parcel_alpha", "alpha"):
        spec = Spec(reliability_method=method, keying_split_guard=method != "alpha")
        norms = build_norms(norm_sample.X, layout, spec, norm_sample.seconds)
        out[method] = score(test_sample.X, layout, norms, spec, test_sample.seconds)
    return out


def _auc(score_values, positive, negative):
    """Probability that a positive scores above a negative (ties count half)."""
    s = np.concatenate([score_values[positive], score_values[negative]])
    keep = ~np.isnan(s)
    pos = np.concatenate([np.ones(positive.sum()), np.zeros(negative.sum())])[keep]
    r = rankdata(s[keep])
    n1, n0 = pos.sum(), (1 - pos).sum()
    return (r[pos == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def _calibration_errors(sc, sim, edges=None):
    """mean P - share truly execution-higher, per probability bin with >= MIN_BIN people.

    Evaluated on attentive respondents whose result is not invalid.
    """
    p = sc.probability_execution
    use = (sim.kind == "attentive") & (sc.validity != "invalid") & ~np.isnan(p)
    p = p[use]
    truth = sim.traits[use, 0] > sim.traits[use, 1]
    if edges is None:
        edges = np.linspace(0.0, 1.0, 11)
    bins = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, len(edges) - 2)
    errors = []
    for b in range(len(edges) - 1):
        inside = bins == b
        if inside.sum() >= MIN_BIN:
            errors.append(p[inside].mean() - truth[inside].mean())
    return np.array(errors)


def test_the_demo_layout_has_the_promised_structure():
    layout = demo_layout()
    assert layout.k == 48 and layout.classifies
    for s in range(2):
        assert layout.scale_items(s).size == 24
    assert 20 <= int(layout.reverse.sum()) <= 28
    assert layout.pairs.shape[0] >= 16
    assert layout.pair_opposite.sum() >= layout.pairs.shape[0] / 3
    # opposite pairs join a forward and a reverse item; same pairs share their keying
    rev = layout.reverse[layout.pairs]
    assert np.all((rev[:, 0] != rev[:, 1]) == layout.pair_opposite)


@pytest.mark.parametrize("method", ["parcel_omega", "parcel_alpha"])
def test_probability_is_calibrated_within_003_in_every_tenth_with_500_people(scored, world,
                                                                            method):
    errors = _calibration_errors(scored[method], world[2])
    assert errors.size >= 8
    assert np.max(np.abs(errors)) <= 0.03, errors.round(4)


def test_probability_is_calibrated_within_003_in_every_quantile_decile(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    p = sc.probability_execution
    use = (sim.kind == "attentive") & (sc.validity != "invalid") & ~np.isnan(p)
    edges = np.quantile(p[use], np.linspace(0, 1, 11))
    edges[0], edges[-1] = 0.0, 1.0 + 1e-12
    errors = _calibration_errors(sc, sim, edges)
    assert errors.size == 10
    assert np.max(np.abs(errors)) <= 0.03, errors.round(4)


def test_alpha_based_probability_is_overconfident_by_more_than_003(scored, world):
    """Twin items share specific variance, so alpha overstates the trait reliability and
    the posterior is too sure of itself: too high above .5, too low below it."""
    errors = _calibration_errors(scored["alpha"], world[2])
    assert np.max(np.abs(errors)) > 0.03, errors.round(4)
    low, high = errors[: errors.size // 2], errors[-(errors.size // 2):]
    assert low.min() < -0.03 and high.max() > 0.03


def test_clear_cases_are_mostly_classified_and_classified_accurately(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    diff = sim.traits[:, 0] - sim.traits[:, 1]
    clear = (sim.kind == "attentive") & (np.abs(diff) >= diff[sim.kind == "attentive"].std())
    decided = clear & np.isin(sc.role_family, ["execution", "compression"])
    right = ((sc.role_family == "execution") & (diff > 0)) | (
        (sc.role_family == "compression") & (diff < 0))
    # measured: 98.0 % decided, 99.994 % of them right
    assert decided.sum() / clear.sum() >= 0.97
    assert right[decided].mean() >= 0.999


def test_random_responders_are_detected_by_alignment_alone(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    auc = _auc(-sc.alignment, sim.kind == "random", sim.kind == "attentive")
    assert auc >= 0.97


def test_yea_sayers_are_detected_by_acquiescence(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    auc = _auc(sc.acquiescence, sim.kind == "yea", sim.kind == "attentive")
    assert auc >= 0.97


def test_longstring_catches_every_straight_liner(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    col = sc.flag_names.index("longstring")
    straight = sim.kind == "straight"
    assert straight.sum() > 500
    assert sc.flags[straight, col].all()
    assert (sc.validity[straight] == "invalid").all()


def test_attentive_respondents_are_rarely_flagged(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    attentive = sim.kind == "attentive"
    # measured: 1.25 % flagged, 0.77 % invalid
    assert (sc.validity[attentive] != "valid").mean() <= 0.02
    assert (sc.validity[attentive] == "invalid").mean() <= 0.01


def test_incomplete_respondents_are_invalid_and_get_no_role_family(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    gone = sim.kind == "incomplete"
    assert gone.sum() > 500
    assert (sc.validity[gone] == "invalid").all()
    assert (sc.role_family[gone] == "").all()


def test_mahalanobis_flags_about_half_a_percent_of_attentive_people(scored, world):
    sc, sim = scored["parcel_omega"], world[2]
    col = sc.flag_names.index("outlier")
    rate = sc.flags[sim.kind == "attentive", col].mean()
    assert 0.001 <= rate <= 0.012
