"""The item analysis names each item by its statement in the page's language, says in
a word what its r.drop means, and explains alpha and omega once."""

from html import unescape

import pytest
from django.urls import reverse

from assessments.models import Item, Scale
from assessments.reports.item_analysis import r_drop_verdict

from ..bilingual import scored_core_campaign


@pytest.mark.parametrize("r_drop, verdict", [
    (-0.05, "against"), (0.0, "weak"), (0.19, "weak"), (0.20, "adequate"),
    (0.39, "adequate"), (0.40, "strong"), (0.85, "strong"), (None, None),
])
def test_the_verdict_follows_the_documented_cut_offs(r_drop, verdict):
    assert r_drop_verdict(r_drop) == verdict


@pytest.fixture
def campaign(org, score_now):
    return scored_core_campaign(org, score_now, n=120)


@pytest.mark.parametrize("language, strong, explained", [
    ("en", "Strong", "Alpha and omega say how consistently"),
    ("zh-hans", "较强", "α 系数和 ω 系数"),
])
def test_every_item_row_has_its_statement_and_a_verdict_in_the_page_language(
        campaign, hr, client_for, language, strong, explained):
    client = client_for(hr)
    client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("assessments:item_analysis", args=[campaign.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(explained) == 1
    for scale in Scale.objects.filter(version=campaign.bank_version):
        assert f">{scale.name[language]}</h2>" in html
    rows = [row for scale in response.context["scales"] for row in scale["item_rows"]]
    assert len(rows) == Item.objects.filter(version=campaign.bank_version).count()
    for item in Item.objects.filter(version=campaign.bank_version):
        row = html[html.index(f'data-item="{item.code}"'):]
        row = unescape(row[:row.index("</tr>")])
        assert item.text[language] in row
        assert 'data-verdict=""' not in row
    assert strong in html
