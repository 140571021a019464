"""A bank admin, in a real browser, starts a draft from the published bank, edits an
item in place (a refused save first, shown in the form), moves an item, re-pairs two
twins, watches the publish checks refresh and publishes, in English on a laptop and in
Chinese on a phone; axe-core finds nothing serious and the page never scrolls sideways."""

import json

import pytest
from django.urls import reverse

from assessments.models import BankVersion
from assessments.services.bank_files import DEFAULT_BANK_FILE, import_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"start": "Start a draft from version 1",
           "required": "Write the sentence in this language.",
           "published": "Version 2 of CORE is published.", "publish": "Publish version 2",
           "passes": "Every check passes"},
    "zh-hans": {"start": "从第 1 版开始新草稿", "required": "请用这种语言写出这句话。",
                "published": "CORE 的第 2 版已发布。", "publish": "发布第 2 版",
                "passes": "所有检查均已通过"},
}


def overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def htmx_settled(page):
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def count_htmx_loads(page):
    """From now on, count the fragments htmx has swapped in and wired up (htmx:load fires
    once a fragment's own hx- attributes work). A form clicked before that is posted by
    the browser itself, not by htmx."""
    page.evaluate("() => { window.htmxLoads = 0;"
                  " document.body.addEventListener('htmx:load', () => window.htmxLoads++); }")


def wait_for_htmx_loads(page, n):
    page.wait_for_function(f"() => window.htmxLoads >= {n}")
    htmx_settled(page)


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("zh-hans", 375)])
def test_a_bank_admin_edits_and_publishes_a_draft(page, signed_in, bank_admin, axe_violations,
                                                  language, width):
    words = WORDS[language]
    import_bank(json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8")), publish_it=True)
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(bank_admin, language)
    page.goto(reverse("assessments:bank_list"))
    assert axe_violations() == [] and overflow(page) <= 0
    page.get_by_role("button", name=words["start"]).click()
    page.wait_for_url("**/assessments/banks/*/")
    draft = BankVersion.objects.get(number=2)
    assert words["passes"] in page.locator("#publish-checks").text_content()
    assert axe_violations() == [] and overflow(page) <= 0

    # Edit EXE01: an empty Chinese text is refused in the form, then a real one is saved.
    item = draft.items.get(code="EXE01")
    row = page.locator(f"#item-{item.pk}")
    count_htmx_loads(page)
    row.locator("button[hx-get$='/edit/']").click()
    wait_for_htmx_loads(page, 1)
    page.locator(f"#item-{item.pk}-zh").fill("")
    save_url = reverse("assessments:bank_item_save", args=[draft.pk, item.pk])
    with page.expect_response(lambda r: r.url.endswith(save_url)) as refused:
        page.locator(f"#item-{item.pk} button[type=submit]").click()
    assert refused.value.status == 400
    assert words["required"] in page.locator(f"#item-{item.pk}-zh-error").text_content()
    assert axe_violations() == [] and overflow(page) <= 0
    wait_for_htmx_loads(page, 2)
    page.locator(f"#item-{item.pk}-en").fill("I keep my papers in order.")
    page.locator(f"#item-{item.pk}-zh").fill("我把文件整理得井井有条。")
    with page.expect_response(lambda r: r.url.endswith(f"/banks/{draft.pk}/checks/")):
        page.locator(f"#item-{item.pk} button[type=submit]").click()
    saved = page.locator(f"#item-{item.pk}")
    assert "I keep my papers in order." in saved.locator(".item-text-en").text_content()
    assert "我把文件整理得井井有条。" in saved.locator(".item-text-zh").text_content()
    item.refresh_from_db()
    assert item.text["zh-hans"] == "我把文件整理得井井有条。"
    # The keyboard focus stays with the item, not at the top of the page.
    page.wait_for_function(
        f"() => document.getElementById('item-{item.pk}').contains(document.activeElement)")

    # Move EXE01 down within its scale.
    scale = page.locator(f"#scale-{item.scale_id}")
    first_before = scale.locator("li.bank-item").first.get_attribute("data-item")
    first_row = scale.locator("li.bank-item").first
    first_row.locator("button[hx-vals*='down']").click()
    page.wait_for_function(
        f"() => document.querySelector('#scale-{item.scale_id} li.bank-item')"
        f".dataset.item !== '{first_before}'")

    # Remove EXE01's pair, then pair the two items again as opposites.
    pair = draft.pairs.select_related("item_a", "item_b").get(item_a__code="EXE01")
    partner = pair.item_b
    page.locator(f"#twin-pairs li[data-pair='EXE01~{partner.code}'] button").click()
    page.wait_for_selector(f"#twin-pairs li[data-pair='EXE01~{partner.code}']", state="detached")
    page.locator("#pair-item-a").select_option(str(item.pk))
    page.locator("#pair-item-b").select_option(str(partner.pk))
    page.locator("#pair-relation").select_option("opposite")
    page.locator("#twin-pairs button[type=submit]").click()
    added = page.locator(f"#twin-pairs li[data-pair='EXE01~{partner.code}']")
    added.wait_for()
    assert partner.text_in(language) in added.text_content()
    assert axe_violations() == [] and overflow(page) <= 0

    page.get_by_role("button", name=words["publish"]).click()
    page.wait_for_url("**/assessments/banks/")
    assert words["published"] in page.locator(".messages").text_content()
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.PUBLISHED
    assert axe_violations() == [] and overflow(page) <= 0


def test_the_editor_works_under_the_sites_content_security_policy(strict_page, live_server,
                                                                  bank_admin):
    from django.conf import settings
    from django.test import Client

    draft = import_bank(json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8")))
    client = Client()
    client.force_login(bank_admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    strict_page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    strict_page.goto(reverse("assessments:bank_version", args=[draft.pk]))
    item = draft.items.get(code="EXE01")
    strict_page.locator(f"#item-{item.pk} button[hx-get$='/edit/']").click()
    strict_page.locator(f"#item-{item.pk}-en").fill("")
    strict_page.locator(f"#item-{item.pk} button[type=submit]").click()
    strict_page.locator(f"#item-{item.pk}-en-error").wait_for()
    assert strict_page.csp_errors == []
