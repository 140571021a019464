"""Norm groups: the reference sample a run's z, T and percentiles are computed against.

A norm group belongs to a bank version and a spec. It is built from the submitted
answers of every campaign on that bank version (all of them, or a reproducible random
sample of SCORING_NORM_SAMPLE = 20,000, see `norm_sample`; which respondents the engine
keeps is decided in `scoring.build_norms`, docs/scoring.md). A group resting on fewer
than the spec's `provisional_norm_n` people is provisional, and a provisional group is
rebuilt as data grows (`outgrown`): it is never frozen at the first small campaign. A
group that is no longer provisional is kept: stable norms are what make results
comparable over time. Every result names the group it used, so rescoring against a
newer group is a comparable new result, not a silent change.

A small campaign is never refused for want of people (`ensure_norm_group`): a new
version that asks the same questions in the same way as the version it was copied from
borrows that version's norms until it has enough people of its own; otherwise it is
scored against its own group, however small, and its results are provisional."""

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from .. import engine_io, scoring
from ..models import Assignment, NormGroup, ScoringRun


class NormsUnavailable(Exception):
    """The engine could not fit its norms at all (a safety net: it never raises on
    degenerate data). The message starts with the code ScoringRun.NORMS_UNAVAILABLE,
    which the run page turns into words (ScoringRun.problem)."""


# A provisional group is rebuilt once the bank version has this many more submissions
# than the group read: at least a quarter more and at least REBUILD_MIN_NEW new ones, so
# that a handful of late answers does not renumber the norms of a whole campaign.
REBUILD_GROWTH = 1.25
REBUILD_MIN_NEW = 20


def _submissions(bank_version_id):
    return Assignment.objects.filter(campaign__bank_version_id=bank_version_id).submitted()


def outgrown(group, available):
    """Has a provisional group been outgrown by the `available` submissions?"""
    return group.provisional and available >= max(
        REBUILD_GROWTH * group.sample_size, group.sample_size + REBUILD_MIN_NEW
    )


def norm_sample(ids, seed):
    """All the ids, or a reproducible random sample of SCORING_NORM_SAMPLE of them.

    Norms are estimates; past some tens of thousands of people more data no longer moves
    them (at 20,000 the standard error of a mean is 0.7% of an SD, and 100 people lie
    beyond the 99.5th percentile used for the Mahalanobis cut-off), while reading and
    analysing everyone would double the cost of scoring a large campaign.
    """
    size = settings.SCORING_NORM_SAMPLE
    if len(ids) <= size:
        return ids
    return np.sort(np.random.default_rng(seed).choice(ids, size, replace=False))


def minimum_people(spec) -> int:
    """How many people a norm group needs before it is no longer provisional."""
    return spec.engine().provisional_norm_n


def ensure_norm_group(campaign, spec, bank=None) -> NormGroup:
    """The norm group a campaign is scored against under this spec, never refused:

    - its bank version's own group, once that rests on enough people;
    - until then, the group of a version it was copied from when the two have the same
      form (`borrowable_group`): a reworded version keeps the norms it was built on;
    - otherwise its own group, however small: provisional, so nobody is given a family
      or a probability from it (docs/scoring.md, "Small campaigns").
    """
    version = campaign.bank_version
    own = NormGroup.objects.for_scoring(version.pk, spec)
    available = _submissions(version.pk).count()
    enough = available >= minimum_people(spec)
    if (own is None and enough) or (own is not None and _due_for_rebuild(own, available, spec)):
        own = _build_group(version, spec, campaign, bank)
    if own is not None and not own.provisional:
        return own
    borrowed = borrowable_group(version, spec, bank)
    if borrowed is not None:
        return borrowed
    return own or _build_group(version, spec, campaign, bank)


def _due_for_rebuild(group, available, spec):
    # Outgrown, or the version has just reached the minimum its group was short of.
    return outgrown(group, available) or (
        group.provisional and group.sample_size < minimum_people(spec) <= available)


def borrowable_group(version, spec, bank=None):
    """The newest settled norm group of a version this one was copied from (nearest
    first) whose form is the same as this one's (`Layout.same_form`: same items, order,
    keying, ranges, scale roles and twins); None when there is none.

    A group is built for such an earlier version if it has enough submissions and none
    was built under this spec yet (the spec changed since its campaigns were scored).
    """
    layout = (bank or engine_io.bank_layout(version)).layout
    seen = {version.pk}
    base = version.based_on
    while base is not None and base.pk not in seen:
        seen.add(base.pk)
        base_bank = engine_io.bank_layout(base)
        if base_bank.layout.same_form(layout):
            group = NormGroup.objects.for_scoring(base.pk, spec)
            available = _submissions(base.pk).count()
            if (group is None or _due_for_rebuild(group, available, spec)) and (
                    available >= minimum_people(spec)):
                source = base.campaigns.order_by("-pk").first()
                try:
                    group = _build_group(base, spec, source, base_bank)
                except NormsUnavailable:
                    group = None  # nothing to lend; the campaign's own group follows
            if group is not None and not group.provisional:
                return group
        base = base.based_on
    return None


def _build_group(version, spec, campaign, bank=None) -> NormGroup:
    """A new norm group from every submission on the version (or a sample of them).

    Built even from a single person: a group too small to norm a scale says so in its
    `scale_problems` and is provisional, and the results scored against it carry no
    standard score for that scale, no family and no probability.
    """
    ids = _submissions(version.pk).sorted_ids()
    bank = bank or engine_io.bank_layout(version)
    sample = norm_sample(ids, version.pk)
    matrix = engine_io.load_answers(sample, bank, chunk=settings.SCORING_CHUNK_SIZE,
                                    orders=True)
    try:
        norms = scoring.build_norms(matrix.X, bank.layout, spec.engine(),
                                    seconds=matrix.timed_seconds, order=matrix.order)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError) as exc:
        # The engine never raises on degenerate data; this is a safety net.
        raise NormsUnavailable(f"{ScoringRun.NORMS_UNAVAILABLE}: {exc}") from exc
    del matrix
    expected = scoring.engine.expected_retest(norms, bank.layout, spec.engine())
    # A group in which no scale could be normed is never a basis for comparison, however
    # many people it read (everyone left a scale unanswered, say).
    provisional = norms.provisional or set(norms.scale_problems) >= set(bank.layout.scale_codes)
    label = f"{version} / {campaign.name}" if campaign is not None else str(version)
    name = label[:200]
    # Numbered across the bank version, so the newest group is always the highest.
    number = (
        NormGroup.objects.filter(bank_version_id=version.pk)
        .aggregate(top=Max("number"))["top"] or 0
    ) + 1
    try:
        with transaction.atomic():
            return NormGroup.objects.create(
                bank_version_id=version.pk, name=name, number=number,
                n=norms.n, sample_size=len(sample), provisional=provisional, spec=spec,
                data=norms.to_dict(), source_campaign=campaign,
                expected_retest={} if expected is None else expected.to_dict(),
            )
    except IntegrityError:
        # Another run built the same group at the same moment: use theirs.
        return NormGroup.objects.for_scoring(version.pk, spec)
