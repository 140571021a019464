"""Item analysis of a campaign: how well its items hang together, per scale, and whether
an item behaves the same in every language it was answered in; each item's statement in
words and a plain verdict on its r.drop (`items_in_words`, `r_drop_verdict`)."""

import numpy as np
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .. import engine_io, scoring
from ..models import Assignment, Item

# The r.drop verdict's cut-offs (docs/scoring.md, "Reading the item analysis"): below
# .20 an item shares too little with the rest of its scale to add to it; .40 and above
# is what the items of a well-built scale usually reach. Below zero the item pulls the
# other way, which is most often a keying or translation slip.
WEAK_R_DROP = 0.20
STRONG_R_DROP = 0.40

VERDICTS = {
    "against": _("Works against its scale: check its keying"),
    "weak": _("Weak: says little about its scale"),
    "adequate": _("Adequate"),
    "strong": _("Strong"),
}


def r_drop_verdict(r_drop):
    """The verdict's key in VERDICTS for an item's r.drop; None when it is unknown."""
    if r_drop is None:
        return None
    if r_drop < 0:
        return "against"
    if r_drop < WEAK_R_DROP:
        return "weak"
    return "strong" if r_drop >= STRONG_R_DROP else "adequate"


def items_in_words(version, language):
    """{item code: its statement in `language`} for a bank version."""
    return {code: Item(text=text).text_in(language)
            for code, text in Item.objects.filter(version=version).values_list("code", "text")}


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


def keying_by_language(assignments, version) -> dict:
    """Corrected item-total correlation (r.drop) of every item per language answered in
    (`Assignment.language`), compared between languages by Fisher's z difference with a
    false-discovery-rate control across the items (`scoring.item_total_by_group`), once
    each language has the people the check needs (`min_n`, from its stated power).
    `assignments`: a queryset of assignments on `version`; only the submitted ones count,
    and those with no recorded language are counted in `unrecorded` but not compared.

    Returns compared / too_small (lists of {"code", "name", "n", "needed"}: people still
    missing), unrecorded (people), min_n, fdr (and fdr_in_100, power_in_100 for a page),
    tests (comparisons read together),
    and items: [{"code", "scale", "r_drop": [r per compared language, in order], "p", "q",
    "chance" (p in words), "flagged", "reasons": {"sign", "difference"} present}], in the
    bank's item order.
    """
    bank = engine_io.bank_layout(version)
    rows = sorted(assignments.submitted().values_list("pk", "language"))
    recorded = [(pk, language) for pk, language in rows if language]
    ids = np.array([pk for pk, __ in recorded], dtype=np.int64)
    matrix = engine_io.load_answers(ids, bank, chunk=settings.SCORING_CHUNK_SIZE)
    drift = scoring.item_total_by_group(
        scoring.key(matrix.X, bank.layout), [language for __, language in recorded],
        bank.layout)
    names = dict(settings.LANGUAGES)

    def described(codes):
        return [{"code": c, "name": names.get(c, c), "n": drift["sizes"][c],
                 "needed": drift["needed"].get(c, 0)} for c in codes]

    return {
        "compared": described(drift["compared"]),
        "too_small": described(drift["too_small"]),
        "unrecorded": len(rows) - len(recorded),
        "min_n": drift["min_n"],
        "fdr": drift["fdr"],
        "fdr_in_100": round(100 * drift["fdr"]),
        "power_in_100": round(100 * scoring.drift.POWER),
        "tests": drift["tests"],
        "items": [
            {"code": code, "scale": item["scale"],
             "r_drop": [item["r_drop"][c] for c in drift["compared"]],
             "p": item["p"], "q": item["q"], "chance": chance_in_words(item["p"]),
             "flagged": item["flagged"],
             "reasons": {reason for __, __, reason in item["pairs"]},
             "pairs": item["pairs"]}
            for code, item in drift["items"].items()
        ],
    }


def chance_in_words(p):
    """How often chance alone gives a difference this large, for a page: "less than once
    in 1,000", "about once in 40", "about every other time"; "" when unknown."""
    if p is None:
        return ""
    if p < 0.001:
        return _("less than once in %(n)s") % {"n": number_format(1000, force_grouping=True)}
    if p > 0.5:
        return _("about every other time or more often")
    return _("about once in %(n)s") % {"n": number_format(round(1 / p), force_grouping=True)}


def campaign_keying_by_language(campaign) -> dict:
    return keying_by_language(Assignment.objects.filter(campaign=campaign),
                              campaign.bank_version)


def version_keying_by_language(version) -> dict:
    """The same over every campaign on a bank version."""
    return keying_by_language(Assignment.objects.filter(campaign__bank_version=version),
                              version)
