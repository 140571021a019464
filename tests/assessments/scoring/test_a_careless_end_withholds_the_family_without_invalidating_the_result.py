"""The segment test (late_misfit) is soft and withholds the family: its null has no
response styles, so attentive people with an extreme style raise it above its declared
rate (0.9-1.2 % against 0.2 %; real bfi people 0.36 %). A person it misjudges therefore
loses only the probability and the family, with their scores still reported and a
sentence that says why, never the whole result ("invalid"). A random last third, the
pattern it is built for, gets no family either way."""

from types import SimpleNamespace

import numpy as np

from assessments.reports.person_report import _unclassified_reason
from assessments.scoring import FLAG_NAMES, Spec, build_norms, score

from .stress_models import BY_NAME, generate

LATE = FLAG_NAMES.index("late_misfit")


def _campaign():
    model = BY_NAME["core_v2_grm"]
    layout = model.layout()
    rng = np.random.default_rng(21)
    campaign = generate(model, 3000, rng, {"partial": 30})
    spec = Spec()
    norms = build_norms(campaign.X, layout, spec)
    careless = generate(model, 0, rng, {"partial": 300})
    return spec, norms, score(careless.X, layout, norms, spec)


def test_a_random_last_third_is_questionable_with_scores_but_no_family():
    spec, norms, sc = _campaign()
    assert "late_misfit" not in norms.hard_flags(spec)
    assert "zigzag" in norms.hard_flags(spec)
    hard = [FLAG_NAMES.index(f) for f in norms.hard_flags(spec)]
    only_late = sc.flags[:, LATE] & ~sc.flags[:, hard].any(axis=1)
    # core_v2_grm: 69 % of them raise it (test_partially_careless_responders_are_caught)
    assert sc.flags[:, LATE].mean() >= 0.6
    assert only_late.sum() >= 35  # measured 44 of 300: misfit makes the others invalid
    assert (sc.validity[only_late] == "questionable").all()
    assert (sc.role_family[only_late] == "").all()
    assert np.isnan(sc.probability_execution[only_late]).all()
    assert np.isfinite(sc.z[only_late]).all()
    unpatterned = sc.flags[:, FLAG_NAMES.index("unpatterned")]
    assert (sc.unclassified_reason[only_late & ~unpatterned] == "late_misfit").all()


def test_the_person_reads_why_no_family_is_named():
    result = SimpleNamespace(
        norm_group=SimpleNamespace(provisional=False, n=3000),
        spec=SimpleNamespace(engine=Spec), flags=["late_misfit"])
    sentence = str(_unclassified_reason(result))
    assert sentence.startswith("No family is named: your answers towards the end")
    assert "feels long" in sentence
