"""HR erases a person who has left, from the person's page: a wrong employee id is refused
with the reason in words, the right one erases; the person's page then says only that
an erasure happened. English and Chinese, axe clean."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Erasure, Result
from tests.assessments.people.conftest import campaign, make_result  # noqa: F401

WORDS = {
    "en": {"link": "Erase this person…", "reason": "Reason for the erasure",
           "confirm": "Type the person's employee id to confirm", "button": "Erase for good",
           "wrong": "That is not this person's employee id", "done": "The person is erased.",
           "erased": "This person was erased on"},
    "zh-hans": {"link": "永久删除此人…", "reason": "删除理由",
                "confirm": "输入此人的员工编号以确认", "button": "永久删除",
                "wrong": "这不是此人的员工编号", "done": "此人已被永久删除。",
                "erased": "此人已于"},
}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_erases_a_leaver_after_typing_their_id_again(
        language, page, live_server, signed_in, hr, make_result, axe_violations,  # noqa: F811
        tmp_path):
    words = WORDS[language]
    leaver = make_result("Ines Leaver", state=Result.ReviewState.RELEASED).assignment.employee
    leaver.active = False
    leaver.save()

    signed_in(hr, language)
    page.goto(live_server.url + reverse("assessments:person", args=[leaver.pk]))
    page.get_by_role("link", name=words["link"]).click()
    expect(page.locator("[data-test=preview]")).to_be_visible()
    assert axe_violations() == []

    page.get_by_label(words["reason"]).fill("Her request of 2 December.")
    page.get_by_label(words["confirm"]).fill("not her id")
    with page.expect_navigation():
        page.get_by_role("button", name=words["button"]).click()
    expect(page.locator("[data-test=erase-form]")).to_contain_text(words["wrong"])
    assert not Erasure.objects.exists()
    page.screenshot(path=tmp_path / f"refused-{language}.png", full_page=True)
    assert axe_violations() == []

    page.get_by_label(words["confirm"]).fill(leaver.employee_id)
    with page.expect_navigation():
        page.get_by_role("button", name=words["button"]).click()
    expect(page.get_by_role("alert").filter(has_text=words["done"])).to_be_visible()
    assert Erasure.objects.count() == 1

    page.goto(live_server.url + reverse("assessments:person", args=[leaver.pk]))
    expect(page.locator("[data-test=erased]")).to_contain_text(words["erased"])
    expect(page.locator("h1")).not_to_contain_text("Ines Leaver")
    page.screenshot(path=tmp_path / f"erasure-{language}.png", full_page=True)
    assert axe_violations() == []
