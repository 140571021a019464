"""Attentive people marked invalid <= 2 % and flagged at all <= 5 % on every generating
model.  Where a model misses the target, the bound is the measured figure plus a small
margin (docs/scoring.md, "Limits", states it)."""

import pytest

from .stress_models import MODELS, screens_of

# measured (seed 3): invalid / flagged
# method_factor: strong acquiescence misfits: measured 2.5 % invalid, 4.3 % flagged at
# spec version 6 (2.6 % / 5.2 % at version 5, when misaligned was soft at the random
# answers' cut; 2.5 % / 4.8 % before the segment and sequence screens)
INVALID_LIMIT = {"method_factor": 0.028}
FLAGGED_LIMIT: dict = {}


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_attentive_invalid_and_flagged_rates(name):
    r = screens_of(name)["attentive"]
    assert r["invalid"] <= INVALID_LIMIT.get(name, 0.02), r
    assert r["flagged"] <= FLAGGED_LIMIT.get(name, 0.05), r
