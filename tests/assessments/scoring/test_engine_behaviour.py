import json

import numpy as np
import pytest

from assessments.scoring import (
    FLAG_NAMES,
    Layout,
    Spec,
    build_norms,
    demo_layout,
    key,
    ndtri,
    score,
    simulate,
)


@pytest.fixture(scope="module")
def setup():
    layout = demo_layout()
    spec = Spec()
    norm_sim = simulate(layout, 5000, np.random.default_rng(31))
    norms = build_norms(norm_sim.X, layout, spec, norm_sim.seconds)
    return layout, spec, norms


def test_reverse_keyed_items_are_scored_as_min_plus_max_minus_answer():
    layout = Layout.build(
        [{"code": "a", "scale": "S", "reverse": False, "min": 1, "max": 5},
         {"code": "b", "scale": "S", "reverse": True, "min": 1, "max": 5},
         {"code": "c", "scale": "S", "reverse": True, "min": 0, "max": 10}],
        [{"code": "S", "role": None}], [])
    X = np.array([[1.0, 1.0, 0.0], [5.0, np.nan, 10.0]])
    np.testing.assert_array_equal(key(X, layout), [[1, 5, 10], [5, np.nan, 0]])


def test_scale_score_is_the_mean_of_answered_items_and_needs_80_percent(setup):
    layout, spec, norms = setup
    X = np.full((3, layout.k), 3.0)
    exe = layout.scale_items(0)
    X[1, exe[:4]] = np.nan           # 20 of 24 answered: 83% -> scorable
    X[2, exe[:5]] = np.nan           # 19 of 24: 79% -> not scorable
    X[0, exe[0]] = 5.0 if not layout.reverse[exe[0]] else 1.0
    sc = score(X, layout, norms, spec)
    assert sc.raw[0, 0] == pytest.approx((23 * 3 + 5) / 24)
    assert sc.scorable[1, 0] and sc.raw[1, 0] == 3.0 and sc.n_missing[1, 0] == 4
    assert not sc.scorable[2, 0] and np.isnan(sc.raw[2, 0]) and np.isnan(sc.z[2, 0])
    assert sc.n_answered[2, 0] == 19 and sc.n_missing[2, 0] == 5
    assert sc.validity[2] == "invalid"     # all answers equal: a longstring
    lenient = score(X, layout, norms, Spec(hard_flags=()))
    assert np.isnan(lenient.probability_execution[2])
    assert lenient.role_family[2] == ""                 # no probability, no family
    assert lenient.unclassified_reason[2] == "not_scorable"


def test_z_t_and_band_follow_the_norms(setup):
    layout, spec, norms = setup
    sim = simulate(layout, 2000, np.random.default_rng(32))
    sc = score(sim.X, layout, norms, spec, sim.seconds)
    np.testing.assert_allclose(sc.z, (sc.raw - norms.mean) / norms.sd)
    np.testing.assert_allclose(sc.t, 50 + 10 * sc.z)
    full = (sc.n_missing == 0)
    half_width = ndtri(0.95) * 10 * np.sqrt(1 - norms.reliability)
    width = (sc.band_high - sc.band_low) / 2
    np.testing.assert_allclose(width[full[:, 0], 0], half_width[0])
    # fewer answered items -> wider band
    part = sc.scorable[:, 0] & (sc.n_missing[:, 0] > 0)
    assert np.all(width[part, 0] > half_width[0])


def test_role_family_follows_the_probability_cut_offs_and_invalid_results_get_none(setup):
    layout, spec, norms = setup
    sim = simulate(layout, 4000, np.random.default_rng(33))
    sc = score(sim.X, layout, norms, spec, sim.seconds)
    p = sc.probability_execution
    ok = sc.validity != "invalid"
    assert (sc.role_family[ok & (p >= 0.8)] == "execution").all()
    assert (sc.role_family[ok & (p <= 0.2)] == "compression").all()
    assert (sc.role_family[ok & (p > 0.2) & (p < 0.8)] == "undetermined").all()
    assert (sc.role_family[~ok] == "").all() and (~ok).any()
    assert np.isnan(p[~ok]).all() and (sc.profile_note[~ok] == "").all()
    assert (sc.unclassified_reason[~ok] == "invalid").all()
    assert set(np.unique(sc.validity)) <= {"valid", "questionable", "invalid"}


def test_profile_notes_mark_both_elevated_and_both_low(setup):
    layout, spec, norms = setup
    sim = simulate(layout, 4000, np.random.default_rng(34))
    sc = score(sim.X, layout, norms, spec, sim.seconds)
    ok = sc.validity != "invalid"
    hi = ok & (sc.z[:, 0] >= 1) & (sc.z[:, 1] >= 1)
    lo = ok & (sc.z[:, 0] <= -1) & (sc.z[:, 1] <= -1)
    assert hi.any() and lo.any()
    assert (sc.profile_note[hi] == "both_elevated").all()
    assert (sc.profile_note[lo] == "both_low").all()
    assert (sc.profile_note[ok & ~hi & ~lo] == "").all()


def test_a_bank_without_both_roles_gets_no_probability_and_no_family():
    layout = demo_layout()
    d = layout.to_dict()
    d["scales"][1]["role"] = None
    plain = Layout.build(d["items"], d["scales"], d["pairs"])
    assert not plain.classifies
    sim = simulate(plain, 1500, np.random.default_rng(35))
    spec = Spec()
    norms = build_norms(sim.X, plain, spec, sim.seconds)
    sc = score(sim.X, plain, norms, spec, sim.seconds)
    assert np.isnan(sc.probability_execution).all()
    assert (sc.role_family == "").all() and (sc.profile_note == "").all()
    assert (sc.unclassified_reason == "bank_does_not_classify").all()
    # the screens still run: speed is the median of the timings actually passed
    expected = np.nanmedian(sim.seconds, axis=1)
    np.testing.assert_allclose(sc.speed, expected)
    assert np.isfinite(sc.speed).all()


def test_hard_flags_make_invalid_and_soft_flags_questionable(setup):
    layout, _, norms = setup
    X = np.full((1, layout.k), 3.0)        # one long run of the middle answer
    soft = Spec(hard_flags=())
    assert score(X, layout, norms, soft).validity[0] == "questionable"
    assert score(X, layout, norms, Spec()).validity[0] == "invalid"
    assert score(np.full((1, layout.k), np.nan), layout, norms,
                 Spec()).validity[0] == "invalid"


def test_rows_are_plain_json_with_none_for_missing(setup):
    layout, spec, norms = setup
    sim = simulate(layout, 200, np.random.default_rng(36))
    sc = score(sim.X, layout, norms, spec, sim.seconds)
    rows = sc.rows()
    assert len(rows) == 200
    json.dumps(rows, allow_nan=False)
    r = rows[0]
    assert set(r["z"]) == set(layout.scale_codes)
    assert isinstance(r["flags"], list) and set(r["flags"]) <= set(FLAG_NAMES)
    unscorable = [row for row in rows if not all(row["scorable"].values())]
    for row in unscorable:
        assert None in row["z"].values()


def test_answers_outside_the_item_range_are_rejected(setup):
    layout, spec, norms = setup
    X = np.full((1, layout.k), 3.0)
    X[0, 0] = 9
    with pytest.raises(ValueError):
        score(X, layout, norms, spec)
    with pytest.raises(ValueError):
        score(np.ones((2, 3)), layout, norms, spec)
