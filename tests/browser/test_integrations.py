"""In a real browser: the API docs run under the site's strict CSP (no violation, no
CDN); HR issues a token, registers a webhook and applies a paused HR-system sync."""

import pytest
from playwright.sync_api import expect

from talent.models import Employee, OrgSync
from tests.conftest import PASSWORD
from tests.talent.org_csv import csv_bytes, row


@pytest.mark.browser
def test_the_api_docs_render_under_the_strict_csp(browser, live_server):
    context = browser.new_context(base_url=live_server.url)  # CSP enforced
    page = context.new_page()
    violations, outside = [], []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(live_server.url) and not r.url.startswith("data:") else None)
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Talent assessment API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    context.close()
    assert violations == [] and outside == []


@pytest.fixture
def paused_sync(settings, tmp_path, org):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    name = "snapshot.csv"
    (tmp_path / "org-syncs").mkdir()
    (tmp_path / "org-syncs" / name).write_bytes(csv_bytes([
        row("E1", department_code="HQ", department_name="Head office",
            parent_department_code="", position_code="", position_title="", function="",
            need_execution="", need_compression="")]))
    return OrgSync.objects.create(status=OrgSync.Status.PAUSED, source=OrgSync.Source.API,
                                  sha256="0" * 64, file_name=name, rows=1, created=1,
                                  reasons=["3 of 4 active employees would be deactivated."],
                                  sample={"deactivate": ["ID-employee"], "swaps": []})


@pytest.mark.browser
def test_hr_issues_a_token_adds_a_webhook_and_applies_a_paused_sync(
        hr, page, log_in, axe_violations, paused_sync):
    log_in(hr.username, PASSWORD)
    page.goto("/integrations/tokens/")
    assert axe_violations() == []
    page.locator("#id_username").fill("hr")
    page.locator("#id_name").fill("BI nightly")
    page.get_by_label("Read released results").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    expect(page.get_by_role("row", name="BI nightly")).to_contain_text("results:read")
    assert axe_violations() == []

    page.goto("/integrations/webhooks/")
    page.locator("#id_url").fill("https://93.184.216.34/hooks/talent")
    page.get_by_label("HR-system sync paused").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_text("signing secret")).to_be_visible()
    assert axe_violations() == []

    page.goto(f"/org/syncs/{paused_sync.pk}/")
    expect(page.get_by_text("3 of 4 active employees would be deactivated.")).to_be_visible()
    assert axe_violations() == []
    with page.expect_navigation():
        page.get_by_role("button", name="Apply this snapshot").click()
    expect(page.get_by_role("alert")).to_contain_text("Applied")
    paused_sync.refresh_from_db()
    assert paused_sync.status == OrgSync.Status.APPLIED
    assert Employee.objects.filter(employee_id="E1").exists()
    page.goto("/org/syncs/")
    assert axe_violations() == []
