"""A small world for the evidence pages: a bank with real norms (built by the engine
from simulated answers), two campaigns whose people keep their traits (new errors
each time), a published criterion and its ratings.

`evidence_world(n, effect)`: n people in both campaigns; the rating depends on the
execution trait with `effect` (0: on neither trait; below 0: people strong on it are
rated worse); `placed_only` publishes the criterion as rated only in role."""

import numpy as np
import pytest
from django.db.models import Case, Value, When
from django.utils import timezone

from assessments import engine_io, scoring
from assessments.models import (
    Assignment,
    Campaign,
    Criterion,
    CriterionVersion,
    NormGroup,
    OutcomeRecord,
    Result,
    ScoringSpec,
)
from assessments.scoring.engine import role_probability
from assessments.services.criteria import publish_criterion
from talent.models import Employee
from tests.factories import make_bank


def publish(code="ops", *, family="execution", low=1, high=5, placed_only=False):
    criterion = Criterion.objects.create(
        code=code, name={"en": f"Performance {code}", "zh-hans": f"绩效 {code}"})
    return publish_criterion(CriterionVersion.objects.create(
        criterion=criterion, number=1, scale_min=low, scale_max=high, family=family,
        placed_only=placed_only,
        definition={"en": "Rated by the line manager each year.",
                    "zh-hans": "由直属经理每年评定。"}))


def _results(campaign, people, z, norm_group, spec, norms, layout):
    e, c = layout.role_indices
    p = role_probability(z[:, 0], z[:, 1], np.ones(len(z)), np.ones(len(z)), norms,
                         layout, spec.engine())
    families = scoring.classify.role_family(p, 0.8, 0.2)
    now = timezone.now()
    for i, employee in enumerate(people):
        assignment = Assignment.objects.create(
            campaign=campaign, employee=employee, department=employee.department,
            status="submitted", started_at=now, submitted_at=now)
        Result.objects.create(
            assignment=assignment, spec=spec, norm_group=norm_group,
            bank_version=campaign.bank_version,
            scores={code: {"z": round(z[i, j], 4), "t": round(50 + 10 * z[i, j], 2),
                           "n_answered": 12, "n_missing": 0}
                    for j, code in enumerate(("EXE", "CMP"))},
            probability_execution=float(p[i]), role_family=families[i], validity="valid",
            indices={}, flags=[])


@pytest.fixture
def evidence_world(org):
    def build(n=60, effect=0.0, *, rated=None, seed=1, simulated=False,
              placed_only=False):
        rng = np.random.default_rng(seed)
        version = make_bank("EVD", n_items_per_scale=12, n_pairs=4)
        layout = engine_io.bank_layout(version).layout
        spec = ScoringSpec.objects.current()
        norms = scoring.build_norms(scoring.simulate(layout, 300, rng).X, layout,
                                    spec.engine())
        group = NormGroup.objects.create(bank_version=version, name="Norms", n=norms.n,
                                         provisional=False, spec=spec, data=norms.to_dict())
        e, c = layout.role_indices
        rel = norms.reliability[[e, c]]
        r = norms.role_correlation
        tau = rng.multivariate_normal([0, 0], [[rel[0], r], [r, rel[1]]], size=n)
        people = [Employee.objects.create(employee_id=f"E{i:04d}", name=f"Person {i}",
                                          department=org["UW"]) for i in range(n)]
        now = timezone.now()
        earlier = Campaign.objects.create(name="Demo 2025", bank_version=version,
                                          status="closed", launched_at=now)
        later = Campaign.objects.create(name="Demo 2026", bank_version=version,
                                        status="closed",
                                        launched_at=now + timezone.timedelta(days=1))
        for campaign in (earlier, later):
            z = tau + rng.standard_normal((n, 2)) * np.sqrt(1 - rel)
            _results(campaign, people, z, group, spec, norms, layout)
        version_ = publish("ops", placed_only=placed_only)
        values = np.clip(np.round(3 + effect * tau[:, 0] / np.sqrt(rel[0])
                                  + rng.normal(0, 0.8, n)), 1, 5)
        rated = n if rated is None else rated
        OutcomeRecord.objects.bulk_create(
            OutcomeRecord(employee=p, criterion=version_.criterion, version=version_,
                          date=now.date(), value=float(v), scale_min=1, scale_max=5,
                          simulated=simulated)
            for p, v in zip(people[:rated], values[:rated], strict=True))
        return {"earlier": earlier, "later": later, "criterion": version_.criterion,
                "version": version, "people": people, "norm_group": group}

    return build


def swap_families(campaign):
    """Everyone determined in `campaign` gets the other family (a retest in which people
    moved far more than measurement error allows)."""
    Result.objects.filter(assignment__campaign=campaign).update(role_family=Case(
        When(role_family="execution", then=Value("compression")),
        When(role_family="compression", then=Value("execution")),
        default="role_family"))


def an_execution_result(world):
    """A result of the later campaign of an evidence_world scored precise execution."""
    return Result.objects.filter(assignment__campaign=world["later"],
                                 role_family="execution").first()


def track_record_in(page, closing):
    """(html, the track-record sentence) of a page that shows exactly one; `closing` is
    the tag that ends the sentence's element (</dd> on HR's page, </p> on the report)."""
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("data-track-record") == 1
    return html, html.split("data-track-record>", 1)[1].split(closing, 1)[0]
