from assessments.demo import OPEN_DEMO_CAMPAIGN, seed_open_campaign
from assessments.models import Answer, Assignment, Campaign
from talent.models import Employee
from tests.factories import make_bank, make_employees


def test_the_open_demo_campaign_has_a_half_finished_and_a_fresh_assignment(db):
    version = make_bank("CORE", n_items_per_scale=12, n_pairs=4)
    dept = make_employees(1)[0].department
    Employee.objects.create(employee_id="E00001", name="Employee", department=dept)
    Employee.objects.create(employee_id="E00002", name="Employee 2", department=dept)

    line = seed_open_campaign(version)

    campaign = Campaign.objects.open().get(name=OPEN_DEMO_CAMPAIGN)
    assert campaign.assignments.count() == 3
    half = campaign.assignments.get(employee__employee_id="E00001")
    assert half.status == Assignment.Status.IN_PROGRESS
    assert half.notice_acknowledged_at is not None
    assert half.answers.count() == 12  # half of 24
    fresh = campaign.assignments.get(employee__employee_id="E00002")
    assert fresh.status == Assignment.Status.NOT_STARTED and not fresh.answers.exists()
    assert "3 assignments added" in line

    before = list(Answer.objects.values_list("pk", "value"))
    seed_open_campaign(version)
    assert campaign.assignments.count() == 3
    assert list(Answer.objects.values_list("pk", "value")) == before
