"""Only incomplete, longstring and too_fast take a person out of the norm sample;
misaligned, misfit, acquiescent and outlier people stay, so the screens cannot reshape
the distribution that defines the scores."""

import numpy as np

from assessments.scoring import Spec, build_norms, key, scale_scores, score
from assessments.scoring.spec import NORM_EXCLUDING_FLAGS

from .stress_models import BY_NAME, generate

MODEL = BY_NAME["core_v1_weak"]


def test_norm_mean_and_sd_are_those_of_everybody_not_raising_a_trait_independent_flag():
    layout = MODEL.layout()
    sample = generate(MODEL, 3000, np.random.default_rng(2),
                      {"uniform": 60, "straight": 60, "midpoint": 60})
    spec = Spec()
    norms = build_norms(sample.X, layout, spec)
    sc = score(sample.X, layout, norms, spec)
    cols = [sc.flag_names.index(f) for f in NORM_EXCLUDING_FLAGS]
    keep = ~sc.flags[:, cols].any(axis=1)
    assert norms.n == keep.sum()
    raw, *_ = scale_scores(key(sample.X[keep], layout), layout, spec.min_answered)
    np.testing.assert_allclose(norms.mean, np.nanmean(raw, axis=0))
    np.testing.assert_allclose(norms.sd, np.nanstd(raw, axis=0, ddof=1))
    # people flagged by the content-related screens are part of the norm group
    content = [sc.flag_names.index(f) for f in ("misaligned", "misfit", "outlier")]
    kept_flagged = keep & sc.flags[:, content].any(axis=1)
    assert kept_flagged.sum() > 30
