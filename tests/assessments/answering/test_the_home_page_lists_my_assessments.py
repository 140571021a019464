from django.utils import timezone

from assessments.models import Assignment, Campaign
from assessments.services import answering
from tests.factories import make_campaign, submit_answers


def test_open_assignments_show_due_date_and_progress_and_past_ones_their_status(
    client_for, employee, ready, items, version
):
    Campaign.objects.filter(pk=ready.campaign_id).update(
        closes_at=timezone.now() + timezone.timedelta(days=5))
    for i, item in enumerate(items[:6], start=1):
        answering.save_answer(ready, item, 3, i)
    old = make_campaign(version, name="Autumn 2025")
    submit_answers(old, employee.employee)
    Campaign.objects.filter(pk=old.pk).update(status=Campaign.Status.CLOSED)
    text = client_for(employee).get("/").content.decode()
    assert "Answering 2026" in text
    assert "6 of 24 answered" in text
    assert "Due " in text
    assert 'value="25"' in text
    past = text.split('data-list="past-assignments"')[1]
    assert "Autumn 2025" in past and "Submitted" in past
    assert "You have no open assessments" not in text


def test_a_person_without_assignments_is_told_so(client_for, employee):
    assert "You have no open assessments" in client_for(employee).get("/").content.decode()


def test_a_draft_campaign_is_not_listed(client_for, employee, version):
    draft = make_campaign(version, name="Not yet", status=Campaign.Status.DRAFT)
    Assignment.objects.create(campaign=draft, employee=employee.employee)
    assert "Not yet" not in client_for(employee).get("/").content.decode()
