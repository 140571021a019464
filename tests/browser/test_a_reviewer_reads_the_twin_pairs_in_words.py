"""A reviewer opens a result in a real browser, in English and in Chinese, and reads it
in words: scale names, the T-score key, the scoring method's date, and the twin pair the
person answered far apart with both statements and both answers. axe-core clean."""

import pytest
from django.urls import reverse

from assessments.models import Result, Scale, TwinPair
from assessments.services import scoring_runs
from tests.assessments.bilingual import scored_core_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"agree": "5 (Strongly agree)", "gap": "once turned round, 4 points apart",
           "key": "50 is the norm group's average", "method": "Scored with the method of"},
    "zh-hans": {"agree": "5（非常同意）", "gap": "反过来看，相差 4 分",
                "key": "50 是常模组的平均水平", "method": "的计分方法计分"},
}


def _score(campaign):
    run = scoring_runs.create_run(campaign)
    scoring_runs.run_sync(run)
    run.refresh_from_db()
    return run


def _pair(version):
    return TwinPair.objects.filter(version=version, relation="opposite").select_related(
        "item_a", "item_b").order_by("pk")[0]


def _agrees_with_both(version):
    pair = _pair(version)
    return {pair.item_a.code: 5, pair.item_b.code: 5}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_reviewer_reads_the_pair_that_disagreed_in_the_page_language(
        language, signed_in, live_server, hr, org, axe_violations):
    text = TEXT[language]
    campaign = scored_core_campaign(org, _score, n=110, crafted=(_agrees_with_both,))
    result = Result.objects.get(assignment__campaign=campaign,
                                assignment__employee__employee_id="W-C0")
    pair = _pair(campaign.bank_version)
    page = signed_in(hr, language)
    page.goto(live_server.url + reverse("assessments:review_result", args=[result.pk]))
    assert page.locator("html").get_attribute("lang") == language

    row = page.locator(f"tr[data-twin='{pair.item_a.code}']")
    cells = row.locator("td").all_text_contents()
    assert cells[0] == pair.item_a.text[language] and cells[2] == pair.item_b.text[language]
    assert cells[1] == cells[3] == text["agree"]
    assert text["gap"] in cells[4]

    scales = page.locator("[data-table=scores] tbody th").all_text_contents()
    assert sorted(scales) == sorted(s.name[language] for s in
                                    Scale.objects.filter(version=campaign.bank_version))
    main = page.text_content("main")
    assert text["key"] in main and text["method"] in main
    assert result.spec.hash[:10] not in main
    assert axe_violations() == []
