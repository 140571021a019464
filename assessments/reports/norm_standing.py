"""How settled the norms behind a run or a result are, in words for the pages.

A small campaign is never refused (services/norms.ensure_norm_group): its results are
either scored against the norms of the version its bank version was copied from, when
the two ask the same questions in the same way, or marked provisional. These functions
say which, and, for a provisional group, how many people are needed and how many there
are, so nobody has to read a code or guess the minimum.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Assignment


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
