"""HR erases a person who has left from the person's page: what would go, a reason, the
employee id typed again; every refusal is a 400 that erases nothing."""

import pytest
from django.urls import reverse

from assessments.models import Erasure, Result
from talent.models import Employee


@pytest.fixture
def leaver(make_result):
    result = make_result("Ines Leaver", state=Result.ReviewState.RELEASED)
    person = result.assignment.employee
    person.active = False
    person.save()
    return person


def _erase(client, person, **data):
    return client.post(reverse("assessments:erase_person", args=[person.pk]),
                       {"reason": "Her request of 2 December.", "confirm": person.employee_id,
                        **data})


def test_hr_finds_the_erasure_at_the_foot_of_the_persons_page(hr, client_for, leaver):
    page = client_for(hr).get(reverse("assessments:person", args=[leaver.pk])).content.decode()
    assert reverse("assessments:erase_person", args=[leaver.pk]) in page


def test_the_page_says_what_would_go_before_anything_happens(hr, client_for, leaver):
    page = client_for(hr).get(reverse("assessments:erase_person", args=[leaver.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 assignment, with its answers" in text and "1 result, with its review" in text
    assert "They have no login." in text
    assert Employee.objects.get(pk=leaver.pk).name == "Ines Leaver"


def test_an_active_person_is_refused_on_the_page_before_hr_types_anything(
        hr, client_for, make_result):
    person = make_result("Still Here").assignment.employee
    page = client_for(hr).get(reverse("assessments:erase_person", args=[person.pk]))
    assert "is still active" in page.content.decode()
    response = _erase(client_for(hr), person)
    assert response.status_code == 400
    assert "is still active" in response.content.decode()
    assert not Erasure.objects.exists()


def test_erasing_with_the_id_typed_again_leaves_only_the_tombstone(hr, client_for, leaver):
    client = client_for(hr)
    response = _erase(client, leaver)
    assert response.status_code == 302 and response.url == reverse("assessments:people")
    followed = client.get(response.url).content.decode()
    assert "The person is erased." in followed
    tombstone = Erasure.objects.get()
    assert (tombstone.erased_by, tombstone.reason) == (hr, "Her request of 2 December.")
    page = client.get(reverse("assessments:person", args=[leaver.pk])).content.decode()
    assert "This person was erased on" in page and "Ines Leaver" not in page
    assert reverse("assessments:erase_person", args=[leaver.pk]) not in page


@pytest.mark.parametrize(("data", "message"), [
    ({"confirm": "someone else"}, "That is not this person&#x27;s employee id"),
    ({"confirm": ""}, "Type the person&#x27;s employee id to confirm."),
    ({"reason": ""}, "Give the reason for the erasure"),
    ({"reason": "\u200b\u200b"}, "Give the reason for the erasure"),
    ({"reason": "x" * 2001}, "at most 2000 characters"),
])
def test_a_missing_reason_or_a_wrong_confirmation_is_a_400_that_erases_nothing(
        hr, client_for, leaver, data, message):
    response = _erase(client_for(hr), leaver, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Employee.objects.get(pk=leaver.pk).name == "Ines Leaver"
    assert not Erasure.objects.exists()


def test_a_person_erased_already_says_so_and_offers_nothing(hr, client_for, leaver):
    client = client_for(hr)
    _erase(client, leaver)
    page = client.get(reverse("assessments:erase_person", args=[leaver.pk]))
    assert "already been erased" in page.content.decode()
    assert "Erase for good" not in page.content.decode()


def test_the_erasure_page_speaks_chinese(hr, client_for, leaver):
    client = client_for(hr)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    page = client.get(reverse("assessments:erase_person", args=[leaver.pk])).content.decode()
    assert "永久删除" in page
    assert "What is removed for good" not in page
