"""Campaigns answered in several languages, one item optionally translated backwards."""

import numpy as np
import pytest

from assessments import scoring
from assessments.models import Assignment, Campaign
from talent.models import Employee
from tests.assessments.conftest import submit


@pytest.fixture
def campaign_in_languages(bank_version, org):
    """campaign_in_languages(sizes={"en": 120, "zh-hans": 120}, reversed_item=None,
    unrecorded=0) -> a campaign on the CORE bank whose people answered in those
    languages; `reversed_item` (a code) is answered backwards by everyone but the first
    language's people; `unrecorded` more people have no recorded language. The languages
    answer alike otherwise."""

    def make(sizes=None, reversed_item=None, unrecorded=0, name="Bilingual", seed=11):
        sizes = dict(sizes or {"en": 120, "zh-hans": 120})
        layout = bank_version.layout
        campaign = Campaign.objects.create(name=name, bank_version=bank_version,
                                           status=Campaign.Status.OPEN)
        languages = [lang for lang, n in sizes.items() for __ in range(n)] + [""] * unrecorded
        # Every language answers as the same simulated people do (the first n of them), so
        # the languages agree exactly but for what a test changes: 100-odd people per
        # language would otherwise differ by more than .2 on some item by chance.
        people = scoring.simulate(layout, max(sizes.values()) + unrecorded,
                                  np.random.default_rng(seed)).X
        X = np.vstack([people[:n] for n in sizes.values()] + [people[:unrecorded]])
        if reversed_item is not None:
            j = layout.item_codes.index(reversed_item)
            first = next(iter(sizes))
            flip = np.array([lang != first for lang in languages])
            X[flip, j] = layout.minimum[j] + layout.maximum[j] - X[flip, j]
        for i, language in enumerate(languages):
            employee = Employee.objects.create(
                employee_id=f"{name[:3].upper()}-{i:04d}", name=f"Person {i}",
                department=org["UW"])
            assignment = Assignment.objects.create(campaign=campaign, employee=employee,
                                                   language=language)
            submit(assignment, X[i])
        return campaign

    return make
