"""A bank admin authors a draft in the admin, meets the publish checks, fixes, publishes,
and previews the questionnaire in Chinese, all in a real browser."""

import pytest

from assessments.models import BankVersion
from assessments.services.bank_files import DEFAULT_BANK_FILE, import_bank, read_bank_file
from tests.conftest import PASSWORD


@pytest.fixture
def draft(transactional_db):
    return import_bank(read_bank_file(DEFAULT_BANK_FILE))


@pytest.mark.browser
def test_a_bank_admin_fixes_a_draft_publishes_it_and_previews_it_in_chinese(
    transactional_db, bank_admin, draft, page, log_in, axe_violations
):
    log_in(bank_admin.username, PASSWORD)
    page.goto(f"/admin/assessments/bankversion/{draft.pk}/change/")
    assert page.get_by_text("Ready to publish: every check passes.").is_visible()

    # Clear one item's Chinese text: the checks now name the problem.
    row = page.locator("tr.form-row", has=page.locator("input[value='EXE05']"))
    row.locator("textarea[name$='-text_zh_hans']").fill("")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    problem = "Item EXE05 has no Simplified Chinese (zh-hans) text."
    assert page.locator(".publish-problems").get_by_text(problem).is_visible()

    # Publishing is refused with the same reason, and the version stays a draft.
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("was not published: " + problem).is_visible()
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.DRAFT

    # Fix it with new wording, save, publish.
    row = page.locator("tr.form-row", has=page.locator("input[value='EXE05']"))
    row.locator("textarea[name$='-text_zh_hans']").fill("我用完东西会立刻放回原位。")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ready to publish: every check passes.").is_visible()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("CORE v1 is published.").is_visible()
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.PUBLISHED
    assert draft.published_by == bank_admin
    # Published means read-only: no save button any more.
    assert page.get_by_role("button", name="Save and continue editing").count() == 0

    # Preview it as a respondent, in Chinese.
    page.get_by_role("link", name="Preview as respondent (Simplified Chinese)").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="核心工作风格问卷").is_visible()
    question = page.locator("[data-item='EXE05']")
    assert question.get_by_text("我用完东西会立刻放回原位。").is_visible()
    assert question.get_by_text("非常同意").is_visible()
    assert question.locator("input[type=radio]").first.is_disabled()
    assert page.locator("[data-item]").count() == 52
    assert axe_violations() == []
