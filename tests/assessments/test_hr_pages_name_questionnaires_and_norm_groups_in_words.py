"""HR's pages name a campaign's questionnaire and the norm group its people are compared
with in words and in the page's language: "Core work-style inventory, version 2" and
"the 560 people who answered Demo 2025", never the bank's code ("CORE v2") or the norm
group's stored name ("CORE v2 / Demo 2025 v1 (n=560)"), whose campaign name is English
whatever the page."""

import re

import pytest
from django.urls import reverse

from assessments.demo import DEMO_CAMPAIGN, EARLIER_DEMO_CAMPAIGN
from assessments.models import Campaign, NormGroup, Result
from assessments.reports.labels import norm_group_in_words, questionnaire_in_words
from talent.models import User


def _read_text(html):
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r"<script\b.*?</script>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def demo(demo_organisation, db):
    later = Campaign.objects.get(name=DEMO_CAMPAIGN)
    earlier = Campaign.objects.get(name=EARLIER_DEMO_CAMPAIGN)
    result = Result.objects.filter(assignment__campaign=later).first()
    return {"later": later, "earlier": earlier, "result": result, "urls": [
        reverse("assessments:campaign_list"),
        reverse("assessments:campaign_create"),
        reverse("assessments:campaign_detail", args=[later.pk]),
        reverse("assessments:campaign_dashboard", args=[later.pk]),
        reverse("assessments:review_result", args=[result.pk]),
    ]}


WORDS = {
    "en": {"questionnaire": "Core work-style inventory, version 2",
           "people": "people who answered Demo 2025"},
    "zh-hans": {"questionnaire": "核心工作风格问卷 第 2 版",
                "people": "参加 2025 年演示测评 的"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_questionnaires_and_norm_groups_are_named_in_words(demo, client, language):
    client.force_login(User.objects.get(username="hr"))
    client.post(reverse("set_language"), {"language": language})
    group = NormGroup.objects.get()
    texts = {}
    for url in demo["urls"]:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = text = _read_text(response.content.decode())
        assert "CORE v" not in text, url
        assert group.name not in text and "(n=" not in text, url
    list_url, create_url, detail_url, dashboard_url, review_url = demo["urls"]
    for url in (list_url, create_url, detail_url, review_url):
        assert WORDS[language]["questionnaire"] in texts[url], url
    with_norms = [detail_url, dashboard_url, review_url]
    for url in with_norms:
        assert WORDS[language]["people"] in texts[url], url
        assert f"{group.n} " in texts[url], url
    if language == "zh-hans":
        assert "Demo 2025" not in texts[review_url]


def test_a_norm_group_without_its_campaign_names_the_questionnaire(demo, settings):
    group = NormGroup.objects.get()
    group.source_campaign = None
    assert norm_group_in_words(group, "en") == (
        f"the {group.n} people who answered Core work-style inventory, version 2")
    assert norm_group_in_words(group, "zh-hans") == f"作答 核心工作风格问卷 第 2 版 的 {group.n} 人"
    assert questionnaire_in_words(None) == "" and norm_group_in_words(None) == ""
