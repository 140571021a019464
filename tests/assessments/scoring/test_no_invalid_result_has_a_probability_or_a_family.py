"""An invalid result has no probability, no family and no profile note, on every model."""

import numpy as np
import pytest

from .stress_models import MODELS, screens_of


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_invalid_results_carry_nothing(name):
    sc = screens_of(name)["scores"]
    bad = sc.validity == "invalid"
    assert bad.sum() > 500
    assert np.isnan(sc.probability_execution[bad]).all()
    assert (sc.role_family[bad] == "").all()
    assert (sc.profile_note[bad] == "").all()
    assert (sc.unclassified_reason[bad] == "invalid").all()
    # and the converse: a family exactly where there is a probability
    has_p = np.isfinite(sc.probability_execution)
    assert ((sc.role_family != "") == has_p).all()
