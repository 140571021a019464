"""Two sentences written by separate template blocks run on as each language writes them:
a space between them in English, none after 。 in Chinese."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lines_are_drawn(monkeypatch):
    # The cast's norm group stores no norms, so no lines; the page is what is tested here.
    from assessments.reports import dashboards

    line = {"p": 0.5, "points": [{"x": 20.0, "y": 80.0}, {"x": 80.0, "y": 20.0}]}
    monkeypatch.setattr(dashboards, "classification_lines",
                        lambda *args, **kwargs: {"even": line, "execution": line,
                                                 "compression": line})


def scatter_summary(client, campaign, language):
    client.cookies["django_language"] = language
    page = client.get(reverse("assessments:campaign_dashboard", args=[campaign.pk]))
    return re.search(r'<p id="scatter-summary">(.*?)</p>', page.content.decode(), re.S)[1]


def test_the_scatter_summary_has_no_gap_after_a_chinese_full_stop(cast, client_for,
                                                                   known_campaign):
    summary = scatter_summary(client_for(cast["hr"]), known_campaign, "zh-hans")
    assert "。中间" in summary and not re.search(r"。\s", summary)


def test_the_scatter_summary_keeps_a_space_between_english_sentences(cast, client_for,
                                                                     known_campaign):
    summary = scatter_summary(client_for(cast["hr"]), known_campaign, "en")
    assert "drawn. The middle line" in summary
