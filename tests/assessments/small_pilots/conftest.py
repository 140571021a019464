"""Small pilots on a newly published bank version: the 48-item CORE v1 of the assessments
fixtures, a v2 copied from it (`new_version`), and campaigns of a few simulated people
on either (`pilot`). `lenient` is a scoring spec whose norms need 20 people rather than
100, so that "enough people" stays a small test."""

import dataclasses
from itertools import count

import numpy as np
import pytest
from django.utils import timezone

from assessments import engine_io, scoring
from assessments.models import Assignment, BankVersion, Campaign, ScoringSpec
from assessments.services.banks import start_draft_from
from talent.models import Employee

from ..conftest import submit

MINIMUM = 20


@pytest.fixture
def lenient(db):
    return ScoringSpec.objects.for_engine(
        dataclasses.replace(scoring.Spec(), provisional_norm_n=MINIMUM))


def reword_an_item(draft):
    item = draft.items.order_by("order", "pk").first()
    item.text = {"en": "I finish what I start, whatever it takes.",
                 "zh-hans": "无论如何，我都会把开始的事情做完。"}
    item.save()


def flip_an_items_keying(draft):
    item = draft.items.filter(scale__code="CMP").order_by("order", "pk").first()
    item.reverse = not item.reverse
    item.save()


@pytest.fixture
def new_version(bank_version):
    """new_version(change=reword_an_item) -> CORE v2, copied from v1, changed by
    `change(draft)` and published (the publish checks are skipped as for v1: the
    simulated layout is not meant for people)."""

    def make(change=reword_an_item):
        draft = start_draft_from(bank_version)
        change(draft)
        BankVersion.objects.filter(pk=draft.pk).update(
            status=BankVersion.Status.PUBLISHED, published_at=timezone.now())
        draft.refresh_from_db()
        return draft

    return make


@pytest.fixture
def pilot(org):
    """pilot(version, n=1, name="Pilot", seed=3) -> an open campaign on `version` with n
    simulated submissions."""
    numbers = count(1)

    def make(version, n=1, name="Pilot", seed=3):
        number = next(numbers)
        campaign = Campaign.objects.create(name=name, bank_version=version,
                                           status=Campaign.Status.OPEN)
        layout = engine_io.bank_layout(version).layout
        sim = scoring.simulate(layout, n, np.random.default_rng(seed))
        for i in range(n):
            employee = Employee.objects.create(
                employee_id=f"P{number}-{i:04d}", name=f"Pilot person {i}",
                department=org["UW"])
            assignment = Assignment.objects.create(campaign=campaign, employee=employee)
            submit(assignment, sim.X[i], sim.seconds[i] if sim.seconds is not None else None)
        return campaign

    return make


def read(client, url, language):
    from django.urls import reverse

    client.post(reverse("set_language"), {"language": language})
    return client.get(url).content.decode()
