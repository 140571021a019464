"""HR reads a norm group's validity checks in a real browser, in English on a laptop and
in Chinese on a phone: axe-core finds nothing serious and the page never scrolls
sideways (the table scrolls inside its own frame)."""

import pytest
from django.urls import reverse

from assessments.models import ScoringSpec
from assessments.services.norms import ensure_norm_group
from tests.assessments.conftest import (  # noqa: F401 - fixtures
    bank_version,
    simulated_campaign,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADING = {"en": "Validity checks with this norm group", "zh-hans": "本常模组的有效性检查"}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("zh-hans", 375)])
def test_hr_reads_a_norm_groups_checks_in_both_languages(
        page, signed_in, hr, live_server, axe_violations, simulated_campaign,  # noqa: F811
        language, width):
    group = ensure_norm_group(simulated_campaign("Browser", submitted=20),
                              ScoringSpec.objects.current())
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(hr, language)
    page.goto(live_server.url + reverse("assessments:norm_group", args=[group.pk]))
    assert HEADING[language] in page.text_content("main")
    assert page.locator("[data-check]").count() == 11
    assert axe_violations() == []
    assert page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    ) <= 0
