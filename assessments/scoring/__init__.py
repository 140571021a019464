"""Pure-numpy scoring engine: keying, reliability, norms, classification, validity."""

from . import drift
from .classify import probability_first_higher
from .drift import item_total_by_group
from .engine import PER_SCALE, Scores, score
from .keying import key, scale_scores
from .layout import Layout
from .normal import erf, erfc, ndtr, ndtri
from .norms import Norms, build_norms
from .reliability import (
    cronbach_alpha,
    item_analysis,
    omega_total,
    pairwise_corr,
    pairwise_cov,
    parcels,
    reliability_report,
    standardized_alpha,
)
from .simulate import ItemParameters, Simulation, demo_layout, item_parameters, simulate
from .spec import FLAG_NAMES, Spec, code_spec_hash

__all__ = [
    "FLAG_NAMES", "PER_SCALE", "ItemParameters", "Layout", "Norms", "Scores", "Spec", "Simulation",
    "build_norms", "code_spec_hash", "cronbach_alpha", "demo_layout", "erf", "erfc",
    "item_analysis", "item_parameters", "item_total_by_group", "drift",
    "key", "ndtr", "ndtri", "omega_total", "pairwise_corr", "pairwise_cov", "parcels",
    "probability_first_higher", "reliability_report", "scale_scores", "score",
    "simulate", "standardized_alpha",
]
