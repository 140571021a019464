"""Random answers around the scale midpoint carry no trait signal, but their keyed scale
means sit near the midpoint on both scales while the norm means differ, so their
z-difference looks systematic ("compression" where execution statements are easy to
agree with).  The soft ``unpatterned`` screen (pattern fit: the answers do not follow
the items' pull) withholds their probability and family; the result is questionable.

Bounds are the measured figures (seed 3, docs/scoring.md section 12) less a small
margin, on every stress model:
  midpoint caught      75-86 %  (it was 1-8 %)
  midpoint family      7.5-16.5 % (it was 25-75 %), every family at most the attentive
                       people's own rate of it (31-40 % compression), and at most the
                       measured rate + 3 points
  attentive withheld   0.3-1.1 % (target <= 2 %); attentive flagged at all <= 5 %
"""

import pytest

from assessments.scoring import FLAG_NAMES

from .stress_models import MODELS, screens_of

# model -> (midpoint caught, midpoint given a family, midpoint given compression)
MEASURED = {
    "core_v2_grm": (0.748, 0.117, 0.102),
    "core_v1_weak": (0.782, 0.075, 0.070),
    "seven_point_skewed_mnar": (0.812, 0.102, 0.102),
    "method_factor": (0.800, 0.098, 0.098),
    "self_enhancement": (0.858, 0.113, 0.113),
    "five_point_unequal": (0.795, 0.165, 0.165),
}
MARGIN = 0.03


def test_unpatterned_is_appended_to_the_flag_names():
    assert FLAG_NAMES[:7] == ("incomplete", "longstring", "misaligned", "acquiescent",
                              "too_fast", "outlier", "misfit")
    assert FLAG_NAMES[7] == "unpatterned"


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_midpoint_random_responders_are_caught(name):
    caught, _, _ = MEASURED[name]
    assert screens_of(name)["midpoint"]["flagged"] >= caught - MARGIN, screens_of(name)["midpoint"]


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_uncaught_midpoint_responders_get_no_systematic_family(name):
    r = screens_of(name)
    mid, att = r["midpoint"], r["attentive"]
    _, family, compression = MEASURED[name]
    assert mid["family"] <= family + MARGIN, mid
    assert mid["compression"] <= compression + MARGIN, mid
    for fam in ("execution", "compression"):          # not more often than attentive people
        assert mid[fam] <= att[fam], (fam, mid, att)


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_the_screen_rarely_withholds_the_family_of_attentive_people(name):
    att = screens_of(name)["attentive"]
    assert att["withheld"] <= 0.015, att
    # method_factor: 5.1 % (4.8 % before the order screens; docs/scoring.md section 11)
    assert att["flagged"] <= (0.053 if name == "method_factor" else 0.05), att


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_withheld_results_are_questionable_with_scores_but_no_probability(name):
    import numpy as np

    sc = screens_of(name)["scores"]
    w = sc.unclassified_reason == "unpatterned"
    assert w.any()
    assert (sc.validity[w] == "questionable").all()
    assert np.isnan(sc.probability_execution[w]).all() and (sc.role_family[w] == "").all()
    assert np.isfinite(sc.z[w]).all()
    assert sc.flags[w, FLAG_NAMES.index("unpatterned")].all()
