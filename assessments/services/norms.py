"""Norm groups: the reference sample a run's z, T and percentiles are computed against.

A norm group belongs to a bank version and a spec. It is built from the submitted
answers of every campaign on that bank version (all of them, or a reproducible random
sample of SCORING_NORM_SAMPLE = 20,000, see `norm_sample`; which respondents the engine
keeps is decided in `scoring.build_norms`, docs/scoring.md). For a new bank that is the
only data there is, so the group is marked provisional while it rests on fewer than the
spec's `provisional_norm_n` people, and a provisional group is rebuilt as data grows
(`outgrown`): it is never frozen at the first small campaign. A group that is no longer
provisional is kept: stable norms are what make results comparable over time. Every
result names the group it used, so rescoring against a newer group is a comparable new
result, not a silent change.
"""

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from .. import engine_io, scoring
from ..models import Assignment, NormGroup


class NormsUnavailable(Exception):
    pass


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


def ensure_norm_group(campaign, spec, bank=None) -> NormGroup:
    """The bank version's norm group for this spec: the newest one, unless there is none
    or it is provisional and outgrown; then a new one is built from every submission on
    the bank version."""
    existing = NormGroup.objects.for_scoring(campaign.bank_version_id, spec)
    submissions = _submissions(campaign.bank_version_id)
    if existing is not None and not outgrown(existing, submissions.count()):
        return existing
    ids = submissions.sorted_ids()
    bank = bank or engine_io.bank_layout(campaign.bank_version)
    sample = norm_sample(ids, campaign.bank_version_id)
    matrix = engine_io.load_answers(sample, bank, chunk=settings.SCORING_CHUNK_SIZE)
    try:
        norms = scoring.build_norms(matrix.X, bank.layout, spec.engine(),
                                    seconds=matrix.timed_seconds)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError) as exc:
        # The engine cannot fit its models on a handful of people; say so plainly.
        raise NormsUnavailable(
            f"Norms could not be built from the {len(matrix.X)} submissions of "
            f"{campaign}: {exc}. Score again when more people have submitted."
        ) from exc
    del matrix
    if norms.scale_problems and set(norms.scale_problems) == set(bank.layout.scale_codes):
        # Nothing could be normed: say why, scale by scale, rather than score against it.
        reasons = "; ".join(f"{code}: {why}" for code, why in sorted(norms.scale_problems.items()))
        raise NormsUnavailable(
            f"Norms could not be built from the {len(sample)} submissions of {campaign}: "
            f"{reasons}. Score again when more people have submitted."
        )
    name = f"{campaign.bank_version} / {campaign.name}"[:200]
    # Numbered across the bank version, so the newest group is always the highest.
    number = (
        NormGroup.objects.filter(bank_version_id=campaign.bank_version_id)
        .aggregate(top=Max("number"))["top"] or 0
    ) + 1
    try:
        with transaction.atomic():
            return NormGroup.objects.create(
                bank_version_id=campaign.bank_version_id, name=name, number=number,
                n=norms.n, sample_size=len(sample), provisional=norms.provisional, spec=spec,
                data=norms.to_dict(), source_campaign=campaign,
            )
    except IntegrityError:
        # Another run built the same group at the same moment: use theirs.
        return NormGroup.objects.for_scoring(campaign.bank_version_id, spec)
