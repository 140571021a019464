"""Item analysis of a campaign: how well its items hang together, per scale."""

import numpy as np
from django.conf import settings

from .. import engine_io, scoring
from ..models import Assignment


def item_analysis(campaign) -> dict:
    """Per scale: alpha, standardized alpha, omega total, n; per item r.drop and alpha
    if deleted; from the campaign's submitted answers (reverse items keyed). Figures the
    engine cannot compute (too few people) are None."""
    bank = engine_io.bank_layout(campaign.bank_version)
    ids = Assignment.objects.filter(campaign=campaign).submitted().sorted_ids()
    matrix = engine_io.load_answers(ids, bank, chunk=settings.SCORING_CHUNK_SIZE)
    try:
        if not len(matrix.X):
            raise ValueError("no submissions")
        report = scoring.reliability_report(scoring.key(matrix.X, bank.layout), bank.layout)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError):
        # Too few people for the engine's models (or none): the statistics are unknown.
        report = _unknown_reliability(bank.layout, len(matrix.X))
    return {
        code: {
            "n": scale["n"],
            "k": scale["k"],
            "alpha": _finite(scale["alpha"]),
            "alpha_std": _finite(scale["alpha_std"]),
            "omega_total": _finite(scale["omega_total"]),
            "items": {
                item: {k: _finite(v) for k, v in stats.items()}
                for item, stats in scale["items"].items()
            },
        }
        for code, scale in report.items()
    }


def _unknown_reliability(layout, n):
    nan = float("nan")
    report = {}
    for s, code in enumerate(layout.scale_codes):
        items = layout.scale_items(s)
        report[code] = {
            "n": n, "k": len(items), "alpha": nan, "alpha_std": nan, "omega_total": nan,
            "items": {layout.item_codes[int(i)]: {"r_drop": nan, "alpha_if_deleted": nan}
                      for i in items},
        }
    return report


def _finite(x):
    x = float(x)
    return x if np.isfinite(x) else None
