"""One small, complete world for the whole-product proofs: the named cast, a manager of
another unit with a person of their own, a published bank, an open campaign with pending
assignments, a closed campaign with released results, a scoring run and HR's export.

`world` names every object a URL can take; `swaps` names, for each object a person or a
unit owns, the same kind of object belonging to someone else (the IDOR probes).
"""

import numpy as np
import pytest
from django.test import Client
from django.utils import timezone

from assessments import engine_io, scoring
from assessments.models import (
    Assignment,
    BankVersion,
    Campaign,
    Criterion,
    ExportJob,
    Item,
    NormGroup,
    Result,
    Scale,
    ScoringRun,
    ScoringSpec,
)
from talent.models import OrgImport, OrgSync
from tests.conftest import make_user
from tests.factories import make_bank

ROLES = ["anonymous", "employee", "other_employee", "manager", "other_manager", "hr",
         "bank_admin", "superuser"]


def released_result(campaign, employee, norms, spec, fields):
    assignment = Assignment.objects.create(
        campaign=campaign, employee=employee, department=employee.department,
        position=employee.position, status=Assignment.Status.SUBMITTED,
        started_at=timezone.now(), submitted_at=timezone.now())
    return Result.objects.create(
        assignment=assignment, spec=spec, norm_group=norms, bank_version=campaign.bank_version,
        **fields, review_state=Result.ReviewState.RELEASED,
        released_family=fields["role_family"] or "undetermined", computed_at=timezone.now())


@pytest.fixture
def other_manager(org):
    """Heads Investment, another unit than the cast's Underwriting."""
    user = make_user("other_manager", org, department="INV")
    org["INV"].head = user.employee
    org["INV"].save()
    return user


@pytest.fixture
def investor(org):
    """A plain employee of Investment (the other unit)."""
    return make_user("investor", org, department="INV")


@pytest.fixture
def users(cast, other_manager):
    return {**cast, "other_manager": other_manager, "anonymous": None}


@pytest.fixture
def client_as(users):
    def make(role, **options):
        client = Client(**options)
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return make


@pytest.fixture
def bank_text():
    """Text put before every item's and scale's text (a test overrides it by parametrizing
    `bank_text`): published content is locked, so it goes in before publishing."""
    return ""


@pytest.fixture
def world(users, investor, org, bank_text):
    version = make_bank("SEC", published=False)
    if bank_text:
        for item in Item.objects.filter(version=version):
            Item.objects.filter(pk=item.pk).update(
                text={"en": f"{bank_text} item", "zh-hans": f"{bank_text} 题目"})
        Scale.objects.filter(version=version).update(
            name={"en": f"{bank_text} scale", "zh-hans": f"{bank_text} 量表"})
    BankVersion.objects.filter(pk=version.pk).update(status=BankVersion.Status.PUBLISHED,
                                                     published_at=timezone.now())
    version.refresh_from_db()
    spec = ScoringSpec.objects.current()
    layout = engine_io.bank_layout(version).layout
    X = scoring.simulate(layout, 200, np.random.default_rng(5)).X
    built = scoring.build_norms(X, layout, scoring.Spec())
    rows = engine_io.result_fields_of(scoring.score(X, layout, built, scoring.Spec()))
    fields = next(row for row in rows if row["validity"] == "valid")
    norms = NormGroup.objects.create(bank_version=version, name="Norms", n=200, spec=spec,
                                     data=built.to_dict(), provisional=False)
    open_campaign = Campaign.objects.create(name="Open", bank_version=version,
                                            status=Campaign.Status.OPEN)
    closed = Campaign.objects.create(name="Closed", bank_version=version,
                                     status=Campaign.Status.CLOSED)
    pending = {
        who: Assignment.objects.create(campaign=open_campaign, employee=users[who].employee)
        for who in ("employee", "other_employee")
    }
    pending["investor"] = Assignment.objects.create(campaign=open_campaign,
                                                    employee=investor.employee)
    results = {who: released_result(closed, users[who].employee, norms, spec, fields)
               for who in ("employee", "other_employee")}
    results["investor"] = released_result(closed, investor.employee, norms, spec, fields)
    run = ScoringRun.objects.create(campaign=closed, spec=spec, norm_group=norms,
                                    status=ScoringRun.Status.FINISHED)
    hr_job = ExportJob.objects.create(owner=users["hr"], format="csv", total=1)
    root_job = ExportJob.objects.create(owner=users["superuser"], format="csv", total=1)
    org_upload = OrgImport.objects.create(
        uploaded_by=users["hr"], filename="org.csv", file="org-imports/waiting.csv", size=10,
        status=OrgImport.Status.READY, summary={"rows": 1, "employees": {"create": 1}})
    allocator = org["analyst"].__class__.objects.create(
        code="INV-ALLOC", title="Capital allocator", department=org["INV"],
        function="capital_allocation", need_execution=1, need_compression=3)
    sync = OrgSync.objects.create(status=OrgSync.Status.PAUSED, source=OrgSync.Source.API,
                                  sha256="0" * 64, file_name="absent.csv")
    return {
        "sync": sync,
        "version": version, "open": open_campaign, "closed": closed, "pending": pending,
        "results": results, "run": run, "hr_job": hr_job, "root_job": root_job,
        "org_upload": org_upload,
        "position": org["analyst"], "allocator": allocator, "investor": investor,
        "criterion": Criterion.objects.create(code="ops", name={"en": "Operations"}),
    }


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Export files go to the test's own directory, not the checkout's var/.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
