"""A bank admin reads the item-analysis page's "Keying by language" section in a real
browser, in English and in Chinese: the reversed item is flagged and axe-core finds
nothing serious."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments import scoring
from tests.assessments.conftest import bank_version  # noqa: F401 - fixtures
from tests.assessments.item_analysis.conftest import campaign_in_languages  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVERSED = scoring.demo_layout().item_codes[5]


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


@pytest.mark.parametrize(("language", "heading", "check"), [
    ("en", "Keying by language", "Opposite sign: reversed translation?"),
    ("zh-hans", "按语言检查计分方向", "符号相反：译文是否反向？"),
])
def test_the_reversed_item_is_flagged_in_both_languages(
        page, live_server, bank_admin, campaign_in_languages, axe_violations,  # noqa: F811
        language, heading, check):
    campaign = campaign_in_languages(reversed_item=REVERSED)
    _log_in(page, live_server, bank_admin, language)
    page.goto(live_server.url + reverse("assessments:item_analysis", args=[campaign.pk]))
    section = page.locator("[data-section=by-language]")
    assert heading in section.locator("h2").text_content()
    row = section.locator(f"tr[data-flagged='{REVERSED}']")
    assert check in row.text_content()
    assert section.locator("tr[data-flagged]").count() == 1
    assert axe_violations() == []
