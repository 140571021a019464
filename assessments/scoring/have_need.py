"""Have and need: does a person's score meet the level a position needs on a family?

A position needs each family at a level: 1 low, 2 medium, 3 high. A need is met when the
person's true T score is at or above the level's cut-off (`NEED_CUTOFFS`). The observed
T carries measurement error; its standard error comes from the 90% band the engine
reports, SE = (band_high - band_low) / (2 * 1.645). With the true score taken as normal
around the observed one,

    P(meets the need) = Phi((T - cut-off) / SE).

A low need is no requirement (P = 1). Whether a person *has* a family the position does
not need is read against the high cut-off, so "surplus" means "likely high although the
position asks little of it".

Quadrant per family (a probability of at least one half decides):
    fit          the position needs it (medium or high) and they likely meet it
    gap          the position needs it and they likely do not meet it
    surplus      the position needs little of it and they likely have it at a high level
    out_of_scope neither needed nor had
Everything works elementwise on arrays; nothing here knows about Django.
"""

from __future__ import annotations

import numpy as np

from .normal import ndtr

LOW, MEDIUM, HIGH = 1, 2, 3
# T cut-offs of the need levels: half a standard deviation either side of the mean.
NEED_CUTOFFS = {MEDIUM: 45.0, HIGH: 55.0}
# The z of a 90% two-sided band (the engine's band_level), to recover the SE.
BAND_Z = 1.6448536269514722

FIT, GAP, SURPLUS, OUT_OF_SCOPE = "fit", "gap", "surplus", "out_of_scope"
QUADRANTS = (FIT, GAP, SURPLUS, OUT_OF_SCOPE)


def standard_error(band_low, band_high, band_z=BAND_Z):
    """The SE of T from its band (NaN where the band is missing)."""
    return (np.asarray(band_high, dtype=float) - np.asarray(band_low, dtype=float)) / (
        2.0 * band_z
    )


def probability_at_least(t, se, cutoff):
    """P(true T >= cutoff) given observed T and its SE (elementwise; NaN if T is NaN).

    A zero SE (no error known) gives a step: 1 at or above the cut-off, 0 below.
    """
    t = np.asarray(t, dtype=float)
    se = np.asarray(se, dtype=float)
    cutoff = np.asarray(cutoff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (t - cutoff) / se
    step = np.where(t >= cutoff, 1.0, 0.0)
    out = np.where(se > 0, ndtr(np.where(np.isfinite(z), z, 0.0)), step)
    return np.where(np.isfinite(t) & np.isfinite(se), out, np.nan)


def meet_probability(t, se, level, cutoffs=None):
    """P(the person meets a need of `level`): 1 for a low need, else P(T >= cut-off)."""
    cutoffs = cutoffs or NEED_CUTOFFS
    level = np.asarray(level)
    cut = np.where(level >= HIGH, cutoffs[HIGH], cutoffs[MEDIUM])
    p = probability_at_least(t, se, cut)
    return np.where(level <= LOW, 1.0, p)


def have_probability(t, se, cutoffs=None):
    """P(the person has the family at a high level), for needs a position does not have."""
    cutoffs = cutoffs or NEED_CUTOFFS
    return probability_at_least(t, se, cutoffs[HIGH])


def quadrant(t, se, level, cutoffs=None):
    """(quadrant, probability) per person for one family.

    The probability is P(meets the need) for a needed family and P(has it at a high
    level) for one the position needs little of: the number the quadrant rests on.
    Missing scores give quadrant "" and probability NaN.
    """
    level = np.asarray(level)
    needed = level >= MEDIUM
    p = np.where(needed, meet_probability(t, se, level, cutoffs), have_probability(t, se, cutoffs))
    likely = p >= 0.5
    out = np.where(needed, np.where(likely, FIT, GAP), np.where(likely, SURPLUS, OUT_OF_SCOPE))
    out = np.where(np.isnan(p), "", out)
    return out, p


def probability_both(t_exe, se_exe, need_exe, t_cmp, se_cmp, need_cmp, cutoffs=None):
    """P(the person meets both needs), taking the two scales' errors as independent."""
    return meet_probability(t_exe, se_exe, need_exe, cutoffs) * meet_probability(
        t_cmp, se_cmp, need_cmp, cutoffs
    )
