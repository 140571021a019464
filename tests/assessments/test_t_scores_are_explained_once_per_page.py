"""Every HR page that shows T scores or "±" says once, in words, what they mean."""

import pytest
from django.urls import reverse

from assessments.models import Result

from .bilingual import scored_core_campaign


@pytest.fixture
def campaign(org, score_now):
    return scored_core_campaign(org, score_now, n=110)


@pytest.mark.parametrize("language, key", [
    ("en", "T scores: 50 is the norm group's average, 10 points is one standard deviation"),
    ("zh-hans", "T 分数：50 是常模组的平均水平"),
])
def test_the_key_appears_once_on_each_page_with_t_scores(campaign, hr, client_for,
                                                         language, key):
    result = Result.objects.filter(assignment__campaign=campaign).first()
    client = client_for(hr)
    client.post(reverse("set_language"), {"language": language})
    for url in (reverse("assessments:people"),
                reverse("assessments:person", args=[result.assignment.employee_id]),
                reverse("assessments:review_result", args=[result.pk]),
                reverse("assessments:campaign_dashboard", args=[campaign.pk])):
        html = client.get(url).content.decode().replace("&#x27;", "'")
        assert html.count('data-key="t-scores"') == 1, url
        assert key in html, url
