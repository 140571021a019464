"""HR follows each department of a campaign across the campaigns on the same scales,
oldest first: people scored, family shares and mean T per family scale, with the
managers' small-cell rules applied to every campaign, in a fixed number of queries."""

from django.db import connection
from django.urls import reverse

from assessments.models import Campaign, Result
from assessments.reports import dashboards, trend
from tests.factories import make_bank
from tests.queries import first_visit_queries

from .conftest import fill_campaign

LATER = {
    "UW": {"execution": 6, "compression": 4},
    "UW-A": {"execution": 5, "undetermined": 1},
    "INV": {"compression": 1},
}


def _later(tree_org, plan=LATER, name="Later", number=2):
    campaign = Campaign.objects.create(name=name,
                                       bank_version=make_bank("KNOWN", number=number),
                                       status=Campaign.Status.OPEN)
    return fill_campaign(campaign, plan, tree_org, prefix=name[0], share=False)


def _rows(report):
    return {unit["department"].code: unit["cells"] for unit in report["units"]}


def _people(campaign, codes):
    return Result.objects.for_campaign(campaign).filter(assignment__department__code__in=codes)


def test_each_department_is_followed_oldest_first(known_campaign, tree_org):
    later = _later(tree_org)
    report = trend.unit_trend(later, k=0)  # no suppression: every figure shown
    assert report["campaigns"] == [known_campaign, later]
    rows = _rows(report)
    assert list(rows) == ["HQ", "INV", "UW", "UW-A"]
    # Underwriting counts Motor: 8 + 6 scored then 10 + 6.
    then, now = rows["UW"]
    assert (then["scored"], now["scored"]) == (14, 16)
    assert now["families"] == {"execution": round(100 * 11 / 16),
                               "undetermined": round(100 * 1 / 16),
                               "compression": round(100 * 4 / 16)}
    for cell, campaign in ((then, known_campaign), (now, later)):
        valid = _people(campaign, ["UW", "UW-A"]).exclude(validity="invalid")
        for role, code in (("execution", "EXE"), ("compression", "CMP")):
            values = [r.scores[code]["t"] for r in valid]
            assert cell["mean_t"][role] == round(sum(values) / len(values), 1)


def test_no_figure_is_shown_that_the_small_cell_rules_hide(known_campaign, tree_org):
    later = _later(tree_org)
    report = trend.unit_trend(later, k=5)
    rows = _rows(report)
    inv_then, inv_now = rows["INV"]
    # Investment: 2 scored, then 1: every figure hidden, each time.
    for cell in (inv_then, inv_now):
        assert cell["scored"] is None and set(cell["families"].values()) == {None}
        assert cell["mean_t"] == {"execution": None, "compression": None}
        assert cell["bar"] is None
    # Head office is Underwriting plus Investment: shown, Underwriting's figures then
    # give Investment's by subtraction, so the rules hide one of the two.
    for (hq, uw) in zip(rows["HQ"], rows["UW"], strict=True):
        assert hq["scored"] is None or uw["scored"] is None
    # Every family share shown rests on at least k people of that family.
    for code, cells in rows.items():
        for cell, campaign in zip(cells, report["campaigns"], strict=True):
            units = [code] + [c for c in ("UW-A",) if code in ("UW", "HQ")] \
                + [c for c in ("UW", "INV") if code == "HQ"]
            results = _people(campaign, set(units))
            for family, pct in cell["families"].items():
                if pct is not None:
                    assert results.filter(role_family=family).exclude(
                        validity="invalid").count() >= 5
    assert report["hidden"] > 0


def test_a_figure_hidden_from_a_manager_is_hidden_here(known_campaign, tree_org):
    # The same rules as the manager's page, on the same counts: a family count the
    # manager may not see is not shown as a share either.
    later = _later(tree_org)
    own = dashboards.own_counts(later, dashboards.current_spec())
    tree = dashboards.load_tree()
    ids = [d.pk for d, _ in tree.ordered(set(dashboards.roll_up(own, tree)))]
    hidden = dashboards.hidden_figures(own, tree, ids, 5)
    for unit in trend.unit_trend(later, k=5)["units"]:
        cell = unit["cells"][-1]
        for family, pct in cell["families"].items():
            if (unit["department"].pk, family) in hidden:
                assert pct is None


def test_a_department_missing_from_an_earlier_campaign_says_so(known_campaign, tree_org):
    from talent.models import Department

    tree_org["NEW"] = Department.objects.create(code="NEW", name="New desk",
                                                parent=tree_org["HQ"])
    later = _later(tree_org, {**LATER, "NEW": {"execution": 6}})
    cells = _rows(trend.unit_trend(later, k=0))["NEW"]
    assert cells[0]["present"] is False and cells[1]["scored"] == 6


def test_with_one_campaign_the_page_says_there_is_nothing_to_follow_yet(
        known_campaign, hr, client_for):
    report = trend.unit_trend(known_campaign)
    assert report["campaigns"] == [known_campaign] and report["units"] == []
    page = client_for(hr).get(reverse("assessments:unit_trend", args=[known_campaign.pk]))
    assert page.status_code == 200
    assert 'data-empty="one-campaign"' in page.content.decode()


def test_a_campaign_not_scored_yet_says_so_instead_of_blaming_departments(
        known_campaign, hr, client_for):
    unscored = Campaign.objects.create(name="Not yet", bank_version=make_bank("KNOWN", number=3),
                                       status=Campaign.Status.OPEN)
    report = trend.unit_trend(unscored)
    assert len(report["campaigns"]) == 2 and not report["scored_here"]
    html = client_for(hr).get(reverse("assessments:unit_trend", args=[unscored.pk])
                              ).content.decode()
    assert 'data-empty="not-scored"' in html and "has no scores yet" in html


def test_the_page_shows_the_table_and_hidden_figures_in_words(known_campaign, tree_org, hr,
                                                              client_for):
    later = _later(tree_org)
    page = client_for(hr).get(reverse("assessments:unit_trend", args=[later.pk]))
    html = page.content.decode()
    assert 'data-table="unit-trend"' in html and 'data-unit="UW"' in html
    assert "data-suppressed" in html and "data-why-hidden" in html
    assert "Precise execution" in html or "precise execution" in html.lower()


def test_the_dashboard_links_to_the_trend_by_unit(known_campaign, tree_org, hr, client_for):
    later = _later(tree_org)
    page = client_for(hr).get(reverse("assessments:campaign_dashboard", args=[later.pk]))
    assert reverse("assessments:unit_trend", args=[later.pk]) in page.content.decode()


def test_only_the_newest_campaigns_are_followed(known_campaign, tree_org, monkeypatch):
    monkeypatch.setattr(trend, "MAX_CAMPAIGNS", 2)
    _later(tree_org, name="Middle")
    newest = _later(tree_org, name="Newest", number=3)
    report = trend.unit_trend(newest)
    assert [c.name for c in report["campaigns"]] == ["Middle", "Newest"]
    assert report["left_out"] == 1


def _queries(client, url):
    return first_visit_queries(client, url)


def test_the_page_runs_as_many_queries_for_100_people_as_for_1000(tree_org, hr, client_for):
    def pair(code, plan, prefix):
        for number in (1, 2):
            campaign = Campaign.objects.create(
                name=f"{code} {number}", bank_version=make_bank(code, number=number),
                status=Campaign.Status.OPEN)
            fill_campaign(campaign, plan, tree_org, prefix=f"{prefix}{number}", share=False)
        return campaign

    small = pair("SMALL", {"UW": {"execution": 40}, "INV": {"compression": 10}}, "S")
    large = pair("LARGE", {"UW": {"execution": 300, "compression": 100},
                           "UW-A": {"undetermined": 50}, "INV": {"compression": 50}}, "L")
    client = client_for(hr)

    def url(c):
        return reverse("assessments:unit_trend", args=[c.pk])

    _queries(client, url(small))
    _queries(client, url(large))
    assert _queries(client, url(small)) == _queries(client, url(large))


def test_the_trend_reports_only_read(known_campaign, tree_org):
    from .test_dashboards_only_read_and_query_counts import _refuse_writes

    later = _later(tree_org)
    with connection.execute_wrapper(_refuse_writes):
        assert trend.unit_trend(later)["units"]
        # nobody sat both: no figure, and nothing written
        assert trend.expected_stability(known_campaign, later)["status"] == "unavailable"
