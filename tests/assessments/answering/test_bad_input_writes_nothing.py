"""Each refused save of the issue's list, with nothing written."""

import pytest
from django.utils import timezone

from assessments.models import Answer, Assignment, Campaign
from assessments.services import answering
from tests.factories import make_bank, make_campaign

from .conftest import autosave, url


def nothing_written(assignment, sequence=0):
    assignment.refresh_from_db()
    return (not Answer.objects.filter(assignment=assignment).exists()
            and assignment.sequence == sequence
            and assignment.status == Assignment.Status.NOT_STARTED)


def test_an_item_of_another_bank_version_is_refused(client_for, employee, ready):
    foreign = make_bank("OTHER").items.first()
    response = autosave(client_for(employee), ready, foreign, 3, 1)
    assert response.status_code == 400
    assert nothing_written(ready)


def test_an_item_that_does_not_exist_is_refused(client_for, employee, ready):
    assert autosave(client_for(employee), ready, 999_999, 3, 1).status_code == 400
    assert nothing_written(ready)


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_a_value_out_of_range_is_refused(client_for, employee, ready, items, value):
    assert autosave(client_for(employee), ready, items[0], value, 1).status_code == 400
    assert nothing_written(ready)


def test_someone_elses_assignment_is_a_404_like_one_that_does_not_exist(
    client_for, other_employee, ready, items
):
    client = client_for(other_employee)
    mine = autosave(client, ready, items[0], 3, 1)
    missing = client.post(url("assignment_autosave", ready).replace(str(ready.pk), "999999"),
                          {"item": items[0].pk, "value": 3, "sequence": 1})
    assert mine.status_code == missing.status_code == 404
    assert "Answering 2026" not in mine.content.decode()
    for name in ("assignment", "assignment_notice", "assignment_submit",
                 "assignment_submitted"):
        assert client.get(url(name, ready)).status_code == 404
    assert client.get(url("assignment_page", ready, 1)).status_code == 404
    assert nothing_written(ready)


@pytest.mark.parametrize("change", [
    {"status": Campaign.Status.DRAFT},
    {"status": Campaign.Status.CLOSED},
    {"opens_at": timezone.now() + timezone.timedelta(days=1)},
    {"closes_at": timezone.now() - timezone.timedelta(minutes=1),
     "opens_at": timezone.now() - timezone.timedelta(days=9)},
], ids=["draft", "closed", "not-yet-open", "window-over"])
def test_a_campaign_not_open_refuses_answers(client_for, employee, ready, items, change):
    Campaign.objects.filter(pk=ready.campaign_id).update(**change)
    client = client_for(employee)
    response = autosave(client, ready, items[0], 3, 1)
    assert response.status_code == 403
    text = response.content.decode()
    assert "not open yet" in text or "closed" in text
    page = client.get(url("assignment_page", ready, 1))
    assert page.status_code == 403
    assert "alert" in page.content.decode()
    assert nothing_written(ready)


def test_a_campaign_not_open_is_refused_by_the_service_too(ready, items):
    Campaign.objects.filter(pk=ready.campaign_id).update(status=Campaign.Status.CLOSED)
    ready.campaign.refresh_from_db()
    with pytest.raises(answering.CampaignNotOpen):
        answering.save_answer(ready, items[0], 3, 1)
    assert nothing_written(ready)


def test_a_submitted_assignment_answers_409_with_a_plain_message(client_for, employee,
                                                                  ready, items):
    client = client_for(employee)
    for i, item in enumerate(items, start=1):
        answering.save_answer(ready, item, 3, i)
    assert answering.submit(ready).submitted
    before = list(Answer.objects.filter(assignment=ready).values_list("item_id", "value",
                                                                         "sequence"))
    response = autosave(client, ready, items[0], 5, 1000)
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/plain")
    assert "submitted" in response.content.decode()
    page_post = client.post(url("assignment_page", ready, 1),
                            {f"item-{items[0].pk}": 5, "go": "next"})
    assert page_post.status_code == 409
    assert list(Answer.objects.filter(assignment=ready).values_list(
        "item_id", "value", "sequence")) == before


@pytest.mark.parametrize("body", [
    {},
    {"item": "x", "value": 3, "sequence": 1},
    {"item": 1, "value": "three", "sequence": 1},
    {"item": 1, "value": 3},
    {"item": 1, "value": 3, "sequence": "later"},
    {"item": 1, "value": 3, "sequence": 0},
    {"item": 1, "value": 3, "sequence": -4},
    {"item": 1, "value": 3, "sequence": 1, "seconds": "nan"},
    {"item": 1, "value": 3, "sequence": 1, "seconds": "-2"},
    {"item": 1, "value": 3, "sequence": 1, "seconds": "inf"},
], ids=["empty", "item", "value", "no-sequence", "sequence-word", "sequence-zero",
        "sequence-negative", "seconds-nan", "seconds-negative", "seconds-inf"])
def test_a_malformed_body_is_a_400(client_for, employee, ready, items, body):
    body = {k: items[0].pk if (k == "item" and v == 1) else v for k, v in body.items()}
    response = client_for(employee).post(url("assignment_autosave", ready), body)
    assert response.status_code == 400
    assert nothing_written(ready)


def test_a_malformed_page_form_is_a_400(client_for, employee, ready, items):
    response = client_for(employee).post(url("assignment_page", ready, 1),
                                         {f"item-{items[0].pk}": "nine", "go": "next"})
    assert response.status_code == 400
    assert nothing_written(ready)


def test_one_bad_answer_on_a_page_form_saves_none_of_it(client_for, employee, ready, items):
    response = client_for(employee).post(url("assignment_page", ready, 1), {
        f"item-{items[0].pk}": 3, f"item-{items[1].pk}": 17, "go": "next"})
    assert response.status_code == 400
    assert nothing_written(ready)


def test_a_get_on_a_write_endpoint_is_a_405(client_for, employee, ready):
    assert client_for(employee).get(url("assignment_autosave", ready)).status_code == 405


def test_a_draft_campaign_assignment_is_refused_from_the_entry_page(client_for, employee):
    campaign = make_campaign(make_bank("DRF"), name="Later", status=Campaign.Status.DRAFT)
    assignment = Assignment.objects.create(campaign=campaign, employee=employee.employee)
    response = client_for(employee).get(url("assignment", assignment))
    assert response.status_code == 403
    assert "not open yet" in response.content.decode()
