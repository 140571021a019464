"""People pages: results written directly (no scoring run), with the review fields set
as HR's review queue would leave them."""

import itertools

import pytest

from assessments.models import Assignment, Campaign, NormGroup, Result, ScoringSpec
from talent import stamps
from talent.models import Department, Employee, Position
from tests.factories import make_bank

_ids = itertools.count(1)


@pytest.fixture
def campaign(db):
    version = make_bank("PPL")
    return Campaign.objects.create(name="Spring", bank_version=version,
                                   status=Campaign.Status.CLOSED)


def scores(exe_t, cmp_t, se=3.0):
    half = 1.6448536269514722 * se
    out = {}
    for code, t in (("EXE", exe_t), ("CMP", cmp_t)):
        out[code] = None if t is None else {
            "t": t, "band_low": t - half, "band_high": t + half, "z": (t - 50) / 10}
    return {k: v for k, v in out.items() if v is not None}


@pytest.fixture
def make_result(campaign):
    """make_result(employee_or_name, exe_t=, cmp_t=, se=, family=, released=, state=,
    validity=, p=, department=, position=, campaign=) -> Result."""
    spec = ScoringSpec.objects.current()
    norms = {}

    def make(who, *, exe_t=50.0, cmp_t=50.0, se=3.0, family="execution", released=None,
             state=Result.ReviewState.RELEASED, validity="valid", p=0.9, department=None,
             position=None, campaign=campaign):
        if isinstance(who, str):
            who = Employee.objects.create(
                employee_id=f"E{next(_ids):05d}", name=who,
                department=department or Department.objects.get(code="UW"),
                position=position)
        group = norms.get(campaign.bank_version_id)
        if group is None:
            group = norms[campaign.bank_version_id] = NormGroup.objects.create(
                bank_version=campaign.bank_version, name="test", n=100, spec=spec,
                data={}, provisional=False)
        assignment = Assignment.objects.create(
            campaign=campaign, employee=who, department=who.department,
            position=who.position)
        if state in (Result.ReviewState.RELEASED, Result.ReviewState.CONTESTED):
            released = released if released is not None else family
        else:
            released = ""
        if validity == "invalid":
            family, p = "", None
        result = Result.objects.create(
            assignment=assignment, spec=spec, norm_group=group,
            bank_version=campaign.bank_version, scores=scores(exe_t, cmp_t, se),
            probability_execution=p, role_family=family, validity=validity, indices={},
            review_state=state, released_family=released)
        stamps.bump(stamps.campaign(campaign.pk))  # a direct write bumps as writers do
        return result

    return make


@pytest.fixture
def positions(org):
    """An operations position needing high execution (org's analyst, in UW) and a
    capital-allocation position needing high compression, in INV."""
    allocator = Position.objects.create(
        code="INV-ALLOC", title="Capital allocator", department=org["INV"],
        function=Position.Function.CAPITAL_ALLOCATION, need_execution=1, need_compression=3)
    return {"analyst": org["analyst"], "allocator": allocator}
