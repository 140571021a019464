from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Answer, Assignment, Campaign
from tests.factories import make_bank, make_campaign, make_employees, submit_answers


@pytest.fixture
def version(db):
    return make_bank()


def test_open_campaigns_are_those_open_and_inside_their_window(version):
    now = timezone.now()
    day = timedelta(days=1)
    make_campaign(version, name="open, no window")
    make_campaign(version, name="open, in window", opens_at=now - day, closes_at=now + day)
    make_campaign(version, name="open, not yet", opens_at=now + day)
    make_campaign(version, name="open, over", closes_at=now - day)
    make_campaign(version, name="draft", status=Campaign.Status.DRAFT)
    make_campaign(version, name="closed", status=Campaign.Status.CLOSED)

    names = set(Campaign.objects.open().values_list("name", flat=True))

    assert names == {"open, no window", "open, in window"}
    assert set(Campaign.objects.closed().values_list("name", flat=True)) == {"closed"}


def test_submitted_and_pending_assignments(version):
    campaign = make_campaign(version)
    first, second, third = make_employees(3)
    submit_answers(campaign, first)
    Assignment.objects.create(campaign=campaign, employee=second,
                              status=Assignment.Status.IN_PROGRESS)
    Assignment.objects.create(campaign=campaign, employee=third)

    assert [a.employee for a in Assignment.objects.submitted()] == [first]
    assert {a.employee for a in Assignment.objects.pending()} == {second, third}
    assert Answer.objects.submitted().count() == version.items.count()
    assert Answer.objects.for_campaign(campaign).count() == version.items.count()


def test_campaign_counts_come_in_one_query(version, django_assert_num_queries):
    campaign = make_campaign(version)
    first, second = make_employees(2)
    submit_answers(campaign, first)
    Assignment.objects.create(campaign=campaign, employee=second)

    with django_assert_num_queries(1):
        counted = Campaign.objects.with_counts().get()

    assert (counted.n_assignments, counted.n_submitted) == (2, 1)


def test_a_campaign_on_a_draft_bank_version_is_invalid(db):
    campaign = Campaign(name="Too early", bank_version=make_bank(published=False))

    with pytest.raises(ValidationError, match="published bank version"):
        campaign.full_clean()
