"""Fixtures for the campaign tests: a small published bank and HR's campaigns."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services import campaigns
from tests.factories import make_bank, make_employees

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
HR_ONLY = {"hr", "superuser"}


@pytest.fixture
def bank(db):
    """TEST v1, published: EXE and CMP, 6 items each (EXE01, CMP01, ...), 2 twin pairs."""
    return make_bank("TEST")


@pytest.fixture
def people(db):
    """Employees P001, P002, P003 (no login, no email)."""
    return make_employees(3)


@pytest.fixture
def draft(bank, org):
    """draft(**fields) -> a draft campaign made by the service (audience: all by default)."""

    def make(name="Autumn 2026", **fields):
        fields.setdefault("audience_all", not (fields.get("departments")
                                               or fields.get("positions")))
        fields.setdefault("closes_at", timezone.now() + timedelta(days=14))
        return campaigns.create_campaign(name=name, bank_version=bank, **fields)

    return make


@pytest.fixture
def launched(draft, django_capture_on_commit_callbacks):
    """launched(**fields) -> (campaign, outcome): a campaign launched through the task
    door, its invitations sent in-process (mail.outbox)."""
    from assessments import tasks

    def make(**fields):
        campaign = draft(**fields)
        with django_capture_on_commit_callbacks(execute=True):
            outcome = tasks.launch(campaign)
        campaign.refresh_from_db()
        return campaign, outcome

    return make
