"""Norm groups: the reference sample a run's z, T and percentiles are computed against.

When no norm group exists for the campaign's bank version under the run's spec, one is
built from the submitted answers of the campaign being scored (all of them, or a
reproducible random sample of SCORING_NORM_SAMPLE = 20,000 in a larger campaign, see
`norm_sample`; the engine keeps only respondents who raise none of the norm-free
validity flags). For a new bank that is the only data there is. The group is marked
provisional while it rests on fewer than the spec's `provisional_norm_n` (500) people.
Every result names the group it used, so rescoring against a larger group later is a
comparable new result, not a silent change.
"""

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from .. import engine_io, scoring
from ..models import Assignment, NormGroup


class NormsUnavailable(Exception):
    pass


def submitted_ids(campaign):
    """Sorted ids of the campaign's submitted assignments."""
    ids = Assignment.objects.filter(
        campaign=campaign, status=Assignment.Status.SUBMITTED
    ).values_list("pk", flat=True)
    return np.array(sorted(ids), dtype=np.int64)


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
    """The bank version's norm group for this spec, built from the campaign if none exists."""
    existing = NormGroup.objects.for_scoring(campaign.bank_version_id, spec)
    if existing is not None:
        return existing
    bank = bank or engine_io.bank_layout(campaign.bank_version)
    matrix = engine_io.load_answers(
        norm_sample(submitted_ids(campaign), campaign.pk), bank,
        chunk=settings.SCORING_CHUNK_SIZE,
    )
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
    name = f"{campaign.bank_version} / {campaign.name}"[:200]
    number = (
        NormGroup.objects.filter(bank_version_id=campaign.bank_version_id, name=name)
        .aggregate(top=Max("number"))["top"] or 0
    ) + 1
    try:
        with transaction.atomic():
            return NormGroup.objects.create(
                bank_version_id=campaign.bank_version_id, name=name, number=number,
                n=norms.n, provisional=norms.provisional, spec=spec,
                data=norms.to_dict(), source_campaign=campaign,
            )
    except IntegrityError:
        # Another run built the same group at the same moment: use theirs.
        return NormGroup.objects.for_scoring(campaign.bank_version_id, spec)
