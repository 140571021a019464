"""A small organisation with a known campaign: results written directly, so every count
on the dashboards is known in advance.

HQ (Head office) > UW (Underwriting) > UW-A (Motor), and HQ > INV (Investment).
`known_campaign` puts, per department at launch:
  UW:   8 scored (4 execution, 2 undetermined, 1 compression, 1 invalid), 1 submitted
        and not scored, 2 in progress, 1 not started
  UW-A: 6 scored (3 execution, 3 compression), one flagged misaligned and outlier
  INV:  2 scored (both compression), 1 not started
"""

import pytest
from django.db.models import F
from django.utils import timezone

from assessments.models import Assignment, Campaign, NormGroup, Result, ScoringSpec
from assessments.services import sharing
from talent import stamps
from talent.models import Department, Employee
from tests.factories import make_bank

PLAN = {
    "UW": {"execution": 4, "undetermined": 2, "compression": 1, "invalid": 1,
           "unscored": 1, "in_progress": 2, "not_started": 1},
    "UW-A": {"execution": 3, "compression": 3},
    "INV": {"compression": 2, "not_started": 1},
}


def make_result(assignment, spec, norm_group, family, *, flags=(), t=(50.0, 50.0)):
    invalid = family == "invalid"
    p = {"execution": 0.9, "compression": 0.1, "undetermined": 0.5}.get(family)
    return Result.objects.create(
        assignment=assignment, spec=spec, norm_group=norm_group,
        bank_version=norm_group.bank_version,
        scores={"EXE": {"t": t[0]}, "CMP": {"t": t[1]}},
        probability_execution=None if invalid else p,
        role_family="" if invalid else family,
        validity="invalid" if invalid else ("questionable" if flags else "valid"),
        indices={}, flags=list(flags),
    )


def fill_campaign(campaign, plan, org, *, prefix="K", flags_in=None, share=True):
    """Assignments and results per `plan` ({department code: {category: n}}); with
    `share`, every result is released and the figures shared with managers."""
    spec = ScoringSpec.objects.current()
    norm_group = NormGroup.objects.create(
        bank_version=campaign.bank_version, name=f"Known {prefix}", n=200, provisional=False,
        spec=spec, data={})
    now = timezone.now()
    i = 0
    for code, counts in plan.items():
        for category, n in counts.items():
            for _ in range(n):
                i += 1
                employee = Employee.objects.create(
                    employee_id=f"{prefix}{i:04d}", name=f"Person {i}", department=org[code])
                status = {"not_started": "not_started", "in_progress": "in_progress"}.get(
                    category, "submitted")
                assignment = Assignment.objects.create(
                    campaign=campaign, employee=employee, department=org[code],
                    status=status, started_at=None if status == "not_started" else now,
                    submitted_at=now if status == "submitted" else None)
                if status == "submitted" and category != "unscored":
                    flags = ("misaligned", "outlier") if flags_in == (code, i) else ()
                    make_result(assignment, spec, norm_group, category, flags=flags,
                                t=(40.0 + i, 60.0 - i))
    stamps.bump(stamps.campaign(campaign.pk))  # rows written here send no bump of their own
    if share:
        release_all(campaign)
        if Result.objects.filter(assignment__campaign=campaign).exists():
            sharing.share_with_managers(campaign.pk)
    return campaign


def release_all(campaign, **filters):
    """Release the campaign's pending results (as a reviewer's confirm would)."""
    Result.objects.filter(assignment__campaign=campaign, review_state="pending",
                          **filters).update(review_state="released",
                                            released_family=F("role_family"))
    stamps.bump(stamps.campaign(campaign.pk))


@pytest.fixture
def tree_org(org):
    org["UW-A"] = Department.objects.create(code="UW-A", name="Motor", parent=org["UW"])
    return org


@pytest.fixture
def known_campaign(tree_org):
    campaign = Campaign.objects.create(name="Known", bank_version=make_bank("KNOWN"),
                                       status=Campaign.Status.OPEN)
    # The first UW-A person scored is i = 13 (12 UW people come first).
    return fill_campaign(campaign, PLAN, tree_org, flags_in=("UW-A", 13))


@pytest.fixture(autouse=True)
def fresh_cache():
    """The dashboards cache their counts; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
