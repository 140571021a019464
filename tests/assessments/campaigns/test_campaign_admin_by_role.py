import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_bank, make_campaign, submit_answers

PAGES = ["admin:assessments_campaign_changelist", "admin:assessments_assignment_changelist"]

# Non-staff are sent to the admin login; staff without the campaign permissions are refused.
EXPECTED = {
    "anonymous": 302, "employee": 302, "other_employee": 302, "manager": 302, "outsider": 302,
    "bank_admin": 403, "hr": 200, "superuser": 200,
}


@pytest.fixture
def campaign(cast):
    campaign = make_campaign(make_bank(), name="Spring 2026")
    submit_answers(campaign, cast["employee"].employee)
    return campaign


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role, status", EXPECTED.items())
def test_campaign_admin_pages_by_role(cast, campaign, client_for, page, role, status):
    client = Client() if role == "anonymous" else client_for(cast[role])

    response = client.get(reverse(page))

    assert response.status_code == status


def test_hr_sees_each_campaigns_assignment_and_submission_counts(cast, campaign, client_for):
    response = client_for(cast["hr"]).get(reverse(PAGES[0]))

    row = response.content.decode()
    assert "Spring 2026" in row
    assert '<td class="field-assignment_count">1</td>' in row
    assert '<td class="field-submitted_count">1</td>' in row


def test_hr_cannot_start_a_campaign_on_a_draft(cast, client_for):
    draft = make_bank("DRAFT", published=False)
    published = make_bank("PUB")

    response = client_for(cast["hr"]).get(reverse("admin:assessments_campaign_add"))

    choices = response.context["adminform"].form.fields["bank_version"].queryset
    assert list(choices) == [published]
    assert draft not in choices
