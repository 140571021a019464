"""HR's pages name scales, validity screens, profile notes and the scoring method in
words, in both languages: no scale code, flag code, profile-note code or spec hash is
text a person reads. Item codes stay only in the small <code> beside an item's statement
on the item analysis, for the experts who edit the bank."""

import re

import pytest
from django.urls import reverse

from assessments import scoring
from assessments.demo import DEMO_CAMPAIGN, EARLIER_DEMO_CAMPAIGN
from assessments.models import (
    Campaign,
    Criterion,
    Result,
    ReviewDecision,
    Scale,
    ScoringSpec,
)
from talent.models import Position, User

NOTE_CODES = ("both_low", "both_elevated")


def _read_text(html):
    """What a person reads: the page's main part without scripts, <code> and tags."""
    main = html[html.index("<main"):html.index("</main>")]
    for element in ("script", "code"):
        main = re.sub(rf"<{element}\b.*?</{element}>", " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


def _codes_in(text, codes):
    return [code for code in codes
            if re.search(rf"(?<![A-Za-z_]){re.escape(code)}(?![A-Za-z_])", text)]


@pytest.fixture
def demo(demo_organisation, db):
    later = Campaign.objects.get(name=DEMO_CAMPAIGN)
    earlier = Campaign.objects.get(name=EARLIER_DEMO_CAMPAIGN)
    results = Result.objects.filter(assignment__campaign=later)
    flagged = results.exclude(flags=[]).first()
    noted = Result.objects.exclude(profile_note="").first()
    overridden = (ReviewDecision.objects.exclude(family="").select_related("result").first())
    shown = [r for r in (flagged, noted, overridden and overridden.result) if r is not None]
    assert flagged is not None and noted is not None
    urls = [
        reverse("assessments:campaign_dashboard", args=[later.pk]) + f"?compare={earlier.pk}",
        reverse("assessments:item_analysis", args=[later.pk]),
        reverse("assessments:campaign_detail", args=[later.pk]),
        reverse("assessments:retest", args=[later.pk, earlier.pk]),
        *(reverse("assessments:criterion_evidence", args=[pk])
          for pk in Criterion.objects.values_list("pk", flat=True)),
        reverse("assessments:people"),
        reverse("assessments:review_queue"),
        reverse("assessments:review_bulk_preview"),
        reverse("assessments:have_need"),
        reverse("assessments:two_functions"),
        reverse("assessments:position_have_need", args=[Position.objects.first().pk]),
    ]
    for result in shown:
        urls.append(reverse("assessments:review_result", args=[result.pk]))
        urls.append(reverse("assessments:person", args=[result.assignment.employee_id]))
    return {"urls": urls, "campaign": later}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_code_is_text_on_hr_pages(demo, client, language):
    client.force_login(User.objects.get(username="hr"))
    client.post(reverse("set_language"), {"language": language})
    scale_codes = set(Scale.objects.values_list("code", flat=True))
    hashes = [h[:10] for h in ScoringSpec.objects.values_list("hash", flat=True)]
    for url in demo["urls"]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _read_text(response.content.decode())
        assert _codes_in(text, scale_codes) == [], url
        assert _codes_in(text, scoring.FLAG_NAMES) == [], url
        assert _codes_in(text, NOTE_CODES) == [], url
        assert not any(h in text for h in hashes), url
        assert not re.search(r"\bspec \d", text) and "P(execution" not in text, url


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_scatter_chart_titles_its_axes_with_scale_names(demo, client, language):
    client.force_login(User.objects.get(username="hr"))
    client.post(reverse("set_language"), {"language": language})
    chart = client.get(reverse("assessments:campaign_dashboard",
                               args=[demo["campaign"].pk])).context["scatter_chart"]
    names = {s.role: s.name[language] for s in
             Scale.objects.filter(version=demo["campaign"].bank_version)}
    assert chart["x_title"].startswith(names["execution"])
    assert chart["y_title"].startswith(names["compression"])
    titles = " ".join([chart["x_title"], chart["y_title"], *map(str, chart["line_labels"]
                                                                   .values())])
    assert not _codes_in(titles, ["EXE", "CMP"]) and "P(" not in titles
