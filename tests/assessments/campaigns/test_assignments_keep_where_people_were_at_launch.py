"""Each assignment keeps the person's department and position at launch."""

from assessments.models import Assignment
from assessments.services import campaigns
from talent.models import Position


def test_later_moves_in_the_organisation_do_not_change_where_a_person_was_assessed(
        draft, org, employee):
    campaign = draft()
    campaigns.launch(campaign)
    person = employee.employee
    actuary = Position.objects.create(code="INV-ACT", title="Actuary", department=org["INV"])
    person.department, person.position = org["INV"], actuary
    person.save()
    assignment = Assignment.objects.get(campaign=campaign, employee=person)
    assert assignment.department == org["UW"]
    assert assignment.position == org["analyst"]


def test_a_person_who_moves_into_the_audience_after_launch_is_not_added(draft, org, hr,
                                                                          employee):
    campaign = draft(departments=[org["UW"]])
    campaigns.launch(campaign)
    hr.employee.department = org["UW"]
    hr.employee.save()
    assert not Assignment.objects.filter(campaign=campaign, employee=hr.employee).exists()
