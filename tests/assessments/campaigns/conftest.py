"""Fixtures for the campaign tests: HR's campaigns (the small bank and the people are in
tests/assessments/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services import campaigns

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
HR_ONLY = {"hr", "superuser"}


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
