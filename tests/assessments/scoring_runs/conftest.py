"""A published 48-item bank and campaigns of simulated respondents, for the scoring runs."""

import numpy as np
import pytest
from django.utils import timezone

from assessments import scoring
from assessments.models import (
    Answer,
    Assignment,
    BankVersion,
    Campaign,
    Item,
    QuestionBank,
    Scale,
    TwinPair,
)
from config.celery import app as celery_app
from talent.models import Employee


@pytest.fixture(autouse=True)
def eager_tasks(request):
    """Tasks run in-process unless the test drives a real worker."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    # Failures are not propagated, as on a worker: the tasks' failure handlers run and
    # the tests look at the run and the results, which is what a user would notice.
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def small_chunks(settings):
    # Several chunks even for a few dozen people, so chunking is exercised everywhere.
    settings.SCORING_CHUNK_SIZE = 7


@pytest.fixture
def bank_version(db):
    layout = scoring.demo_layout()
    bank = QuestionBank.objects.create(code="CORE", name={"en": "Core"})
    # Content goes into a draft (published versions are locked); published last.
    version = BankVersion.objects.create(bank=bank, number=1)
    scales = {
        code: Scale.objects.create(version=version, code=code, role=role or "")
        for code, role in zip(layout.scale_codes, layout.scale_roles, strict=True)
    }
    items = [
        Item.objects.create(
            version=version, scale=scales[layout.scale_codes[s]], code=code, order=j,
            reverse=bool(rev), min_value=1, max_value=5, text={"en": code},
        )
        for j, (code, s, rev) in enumerate(
            zip(layout.item_codes, layout.item_scale, layout.reverse, strict=True)
        )
    ]
    for (a, b), opposite in zip(layout.pairs, layout.pair_opposite, strict=True):
        TwinPair.objects.create(
            version=version, item_a=items[a], item_b=items[b],
            relation="opposite" if opposite else "same",
        )
    BankVersion.objects.filter(pk=version.pk).update(
        status=BankVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    version.refresh_from_db()
    version.layout = layout
    version.item_list = items
    return version


@pytest.fixture
def make_campaign(bank_version, org):
    """make_campaign(name, submitted=N, pending=M, seed=S) -> Campaign with N simulated
    submissions (with timings) and M assignments not submitted yet."""

    def make(name="Spring review", submitted=40, pending=0, seed=1, **simulate):
        campaign = Campaign.objects.create(
            name=name, bank_version=bank_version, status=Campaign.Status.OPEN
        )
        sim = scoring.simulate(
            bank_version.layout, submitted, np.random.default_rng(seed), **simulate
        )
        for i in range(submitted + pending):
            employee = Employee.objects.create(
                employee_id=f"{name[:3].upper()}-{i:04d}", name=f"Person {i}",
                department=org["UW"],
            )
            assignment = Assignment.objects.create(campaign=campaign, employee=employee)
            if i < submitted:
                submit(assignment, sim.X[i], sim.seconds[i] if sim.seconds is not None else None)
        return campaign

    return make


def submit(assignment, answers, seconds=None):
    """Save one person's answers (NaN = unanswered) and submit the assignment."""
    items = assignment.campaign.bank_version.items.order_by("order", "pk")
    Answer.objects.bulk_create(
        Answer(
            assignment=assignment, item=item, value=int(value),
            seconds=None if seconds is None or np.isnan(seconds[j]) else float(seconds[j]),
        )
        for j, (item, value) in enumerate(zip(items, answers, strict=True))
        if not np.isnan(value)
    )
    assignment.status = Assignment.Status.SUBMITTED
    assignment.submitted_at = assignment.started_at = timezone.now()
    assignment.save()
