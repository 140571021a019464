"""For every assessments test: tasks run in-process, small scoring chunks, and a published
48-item bank with campaigns of simulated respondents (`simulated_campaign`)."""

import numpy as np
import pytest
from django.utils import timezone

from assessments import scoring, tasks
from assessments.demo import bank_from_layout
from assessments.models import Answer, Assignment, Campaign
from config.celery import app as celery_app
from talent.models import Employee
from tests.factories import make_bank, make_employees


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
def bank(db):
    """A small bank, TEST v1, published: EXE and CMP, 6 items each (EXE01, CMP01, ...),
    2 twin pairs."""
    return make_bank("TEST")


@pytest.fixture
def people(db):
    """Employees P001, P002, P003."""
    return make_employees(3)


@pytest.fixture
def score_now(django_capture_on_commit_callbacks):
    """score_now(campaign, **start_run_options) -> the run, scored in-process as a worker
    would (the run is queued after commit, the tasks run eagerly), refreshed."""

    def score(campaign, **options):
        with django_capture_on_commit_callbacks(execute=True):
            run = tasks.start_run(campaign, **options)
        run.refresh_from_db()
        return run

    return score


@pytest.fixture
def bank_version(db):
    """The engine's 48-item demo layout as a published bank "CORE" (items coded by the
    layout; `version.layout` is the layout)."""
    layout = scoring.demo_layout()
    version = bank_from_layout(layout, "CORE", name="Core")
    version.layout = layout
    return version


@pytest.fixture
def simulated_campaign(bank_version, org):
    """simulated_campaign(name, submitted=N, pending=M, seed=S) -> Campaign with N simulated
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
