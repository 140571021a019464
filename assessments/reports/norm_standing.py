"""How settled the norms behind a run or a result are, in words for the pages.

A small campaign is never refused (services/norms.ensure_norm_group): its results are
either scored against the norms of the version its bank version was copied from, when
the two ask the same questions in the same way, or marked provisional. These functions
say which, and, for a provisional group, how many people are needed and how many there
are, so nobody has to read a code or guess the minimum.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import scoring
from ..models import Assignment
from ..scoring.spec import FAMILY_WITHHOLDING_FLAGS, FLAG_NAMES


def borrowed_from(group, version_id):
    """The number of the version whose norms `group` is, when that is not the version
    `version_id` the person answered; else None."""
    if group is None or group.bank_version_id == version_id:
        return None
    return group.bank_version.number


def run_norms(run):
    """{"borrowed_from", "provisional", "needed", "have", "text"} for a finished run's
    norms, or None when the run has none (yet)."""
    group = run.norm_group
    if group is None:
        return None
    version_id = run.campaign.bank_version_id
    needed = run.spec.engine().provisional_norm_n
    base = borrowed_from(group, version_id)
    if base is None and not group.provisional:
        return {"borrowed_from": None, "provisional": False, "needed": needed, "have": None,
                "text": ""}
    have = Assignment.objects.filter(campaign__bank_version_id=version_id).submitted().count()
    if base is not None:
        text = _("Scored against the norms of version %(number)s, which asks the same "
                 "questions in the same way: this version has %(have)s of the %(needed)s "
                 "people it needs for norms of its own.") % {
            "number": base, "have": have, "needed": needed}
    elif have < needed:
        text = ngettext(
            "Norms need at least %(needed)s people who answered this version; %(have)s has "
            "so far. Results stay provisional until then: nobody is given a family or a "
            "probability.",
            "Norms need at least %(needed)s people who answered this version; %(have)s "
            "have so far. Results stay provisional until then: nobody is given a family or "
            "a probability.", have) % {"needed": needed, "have": have}
    elif group.sample_size < needed:
        # Enough people now, but they answered after this run built its norms.
        text = _("Norms need at least %(needed)s people who answered this version; %(have)s "
                 "have now, but these norms were built when there were %(built)s. Score "
                 "again to build them from everyone.") % {
            "needed": needed, "have": have, "built": group.sample_size}
    else:
        # Enough submissions, but too many of them were left out of the norms (too
        # fast, incomplete, the same answer throughout) for the group to settle.
        text = _("Norms need at least %(needed)s people who answered this version carefully "
                 "and in full; these rest on %(n)s. Results stay provisional until more "
                 "people have answered: nobody is given a family or a probability.") % {
            "needed": needed, "n": group.n}
    return {"borrowed_from": base, "provisional": group.provisional and base is None,
            "needed": needed, "have": have, "text": text}


# --- The validity checks as this norm group set them -------------------------------------

# Where each derived check's cut comes from: simulated attentive people drawn from this
# group's fitted model (with their response styles), or the norm sample itself.
_FROM_NULL = ("longstring", "misaligned", "late_misfit", "zigzag", "random_like")
_FROM_SAMPLE = ("misfit", "unpatterned", "acquiescent")
# Checks whose `<name>_false_flag` is the level the spec declares; acquiescence's is the
# share of the group's attentive people its robust cut flagged, a measurement.
_DECLARED = ("longstring", "misaligned", "misfit", "unpatterned", "late_misfit", "zigzag",
             "random_like")
_MEASURED = {"acquiescent": "acquiescent_false_flag"}
_RANDOM = {"misaligned": "alignment_random_catch"}


def validity_checks(group, spec):
    """One row per validity check for the norm group's page: what a flag does with this
    group (makes the result invalid, withholds the family, or only marks the result
    questionable), where its cut was set, the share of attentive people it was set to
    flag at most and the share it flagged among attentive people (simulated ones, or the
    group's own for acquiescence), the share of
    uniform random answers it catches, and, for a check the spec makes decisive that
    this group made a flag only, why in words. None when the group holds no readable
    norms."""
    try:
        norms = group.norms()
    except (KeyError, TypeError, ValueError):
        return None
    engine_spec = spec.engine() if spec is not None else scoring.Spec()
    screens, hard = norms.screens, norms.hard_flags(engine_spec)
    rows = []
    for name in FLAG_NAMES:
        if name in hard:
            effect = "invalid"
        elif name in FAMILY_WITHHOLDING_FLAGS:
            effect = "no_family"
        else:
            effect = "questionable"
        made_soft = name in engine_spec.hard_flags and name not in hard
        rows.append({
            "name": name, "effect": effect,
            "source": "null" if name in _FROM_NULL else
                      "sample" if name in _FROM_SAMPLE else "rule",
            "declared": screens.get(f"{name}_false_flag") if name in _DECLARED else None,
            "measured": screens.get(_MEASURED.get(name, f"{name}_null_rate"))
            if name in _FROM_NULL or name in _MEASURED else None,
            "random": screens.get(_RANDOM.get(name, f"{name}_random_catch")),
            "why_soft": _why_soft(screens.get(f"{name}_soft_reason") or "", engine_spec)
            if made_soft else "",
        })
    return rows


def random_side(group):
    """How this norm group withholds a family without a flag (spec version 8): the share
    of simulated attentive people the random-side cut may reach at most, the share it
    reaches (held-out draws of the null) and the share of uniform random answer sheets
    on this questionnaire it reaches. None where the group stores no such cut (built
    before it, or no readable norms) or where the cut sits at or below the random-like
    flag's own (it then withholds nothing the flag does not)."""
    try:
        screens = group.norms().screens
    except (KeyError, TypeError, ValueError):
        return None
    cut, flag_cut = screens.get("random_like_family_cut"), screens.get("random_like_cut")
    if cut is None or (flag_cut is not None and cut <= flag_cut):
        return None
    return {"declared": screens.get("random_side_null_rate"),
            "measured": screens.get("random_like_family_null_rate"),
            "random": screens.get("random_like_family_random_rate")}


def _why_soft(reason, spec):
    limit = f"{100 * spec.hard_false_flag_rate:g}%"
    return {
        "style_extreme": _("It flagged more than %(limit)s of the simulated attentive people "
                           "who favour the extreme answers, so here it would mostly mark a "
                           "way of answering, not carelessness.") % {"limit": limit},
        "style_midpoint": _("It flagged more than %(limit)s of the simulated attentive "
                            "people who favour the middle answer, so here it would mostly "
                            "mark a way of answering, not carelessness.") % {"limit": limit},
        "null_narrower": _("This group's attentive people fit the questions less evenly "
                           "than the simulated ones, so the simulation cannot vouch for "
                           "how often it would mark attentive people here."),
        "no_cut": _("No cut at the declared level could be set on this group's answers."),
    }.get(reason, _("It flagged more than %(limit)s of the attentive people it was tried on "
                    "with this group.") % {"limit": limit})
