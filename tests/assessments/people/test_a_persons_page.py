"""HR reads a person's page: results over campaigns, review decisions and contests, where
they sit now, and the positions that fit them; every read is recorded."""

from django.urls import reverse

from assessments.models import AccessRecord, Campaign, Contest, Result, ReviewDecision


def test_reading_a_persons_page_is_recorded(hr, client_for, make_result):
    employee = make_result("Ann").assignment.employee
    client_for(hr).get(reverse("assessments:person", args=[employee.pk]))
    record = AccessRecord.objects.get()
    assert (record.actor, record.employee, record.action) == (
        hr, employee, AccessRecord.Action.VIEW_PERSON)


def test_the_page_shows_results_over_campaigns_with_decisions_and_contests(
    hr, client_for, make_result, campaign
):
    first = make_result("Ann", state=Result.ReviewState.CONTESTED)
    employee = first.assignment.employee
    autumn = Campaign.objects.create(name="Autumn", bank_version=campaign.bank_version)
    make_result(employee, campaign=autumn, state=Result.ReviewState.PENDING)
    ReviewDecision.objects.create(result=first, reviewer=hr, decision="confirm")
    Contest.objects.create(result=first, employee=employee, comment="I plan, not execute")
    content = client_for(hr).get(reverse("assessments:person", args=[employee.pk])
                                 ).content.decode()
    assert "Spring" in content and "Autumn" in content
    assert "Released as scored" in content
    assert "I plan, not execute" in content


def test_the_page_shows_the_current_position_and_its_have_need(
    hr, client_for, make_result, positions
):
    result = make_result("Ann", position=positions["analyst"], exe_t=61.0, se=5.0)
    response = client_for(hr).get(
        reverse("assessments:person", args=[result.assignment.employee_id]))
    content = response.content.decode()
    assert "Underwriting analyst" in content
    assert ("Needs high precise execution; their precise execution score is 61 ± 5: "
            "about 88 in 100 that they meet it.") in content


def test_positions_are_ranked_for_the_person(hr, client_for, make_result, positions):
    result = make_result("Ann", exe_t=40.0, cmp_t=65.0, family="compression", p=0.1)
    response = client_for(hr).get(
        reverse("assessments:person", args=[result.assignment.employee_id]))
    ranked = [position for position, _ in response.context["positions"]]
    assert ranked == [positions["allocator"], positions["analyst"]]


def test_a_person_without_a_released_result_gets_an_empty_state(hr, client_for, make_result):
    result = make_result("Ann", state=Result.ReviewState.PENDING)
    content = client_for(hr).get(
        reverse("assessments:person", args=[result.assignment.employee_id])).content.decode()
    assert "No released result yet." in content
    assert "Positions are ranked once a result is released." in content
