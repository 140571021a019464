"""The campaign dashboard's figures on a campaign whose every count is known."""

from assessments.reports import dashboards


def _rows(report):
    return {row["department"].code: row for row in report["rows"] if row["department"]}


def test_the_funnel_counts_each_department_with_its_sub_departments(known_campaign):
    report = dashboards.campaign_dashboard(known_campaign)
    rows = _rows(report)
    assert [code for code in rows] == ["HQ", "INV", "UW", "UW-A"]
    assert {s: rows["UW-A"][s] for s in dashboards.STAGES} == {
        "assigned": 6, "started": 6, "submitted": 6, "scored": 6}
    assert {s: rows["UW"][s] for s in dashboards.STAGES} == {
        "assigned": 18, "started": 17, "submitted": 15, "scored": 14}
    assert {s: rows["HQ"][s] for s in dashboards.STAGES} == {
        "assigned": 21, "started": 19, "submitted": 17, "scored": 16}
    assert report["overall"]["assigned"] == 21
    assert rows["UW-A"]["depth"] == 2


def test_families_are_counted_and_shared_per_department(known_campaign):
    rows = _rows(dashboards.campaign_dashboard(known_campaign))
    uw = rows["UW"]["families"]
    assert {f: uw[f]["n"] for f in dashboards.FAMILIES} == {
        "execution": 7, "undetermined": 2, "compression": 4, "unclassified": 0, "invalid": 1}
    assert uw["execution"]["share"] == 7 / 14
    assert uw["execution"]["pct"] == 50
    assert uw["execution"]["band"] == "heat-2"
    assert rows["INV"]["families"]["compression"]["band"] == "heat-5"


def test_the_validity_summary_counts_every_flag_a_result_carries(known_campaign):
    validity = dashboards.campaign_dashboard(known_campaign)["validity"]
    flags = dict(validity["flags"])
    assert flags["misaligned"] == 1 and flags["outlier"] == 1
    assert sum(flags.values()) == 2
    assert {value: n for value, _, n in validity["validity"]} == {
        "valid": 14, "questionable": 1, "invalid": 1}


def test_the_scatter_shows_valid_results_with_their_family(known_campaign):
    scatter = dashboards.campaign_dashboard(known_campaign)["scatter"]
    assert scatter["shown"] == 15 and not scatter["sampled"]
    assert {p["family"] for p in scatter["points"]} == {"execution", "undetermined",
                                                        "compression"}
    assert {row["family"]: row["n"] for row in scatter["by_family"]}["compression"] == 6


def test_a_large_campaign_is_drawn_from_a_fixed_sample(known_campaign, monkeypatch):
    monkeypatch.setattr(dashboards, "SCATTER_MAX_POINTS", 5)
    first = dashboards.campaign_dashboard(known_campaign)["scatter"]
    again = dashboards.campaign_dashboard(known_campaign)["scatter"]
    assert first["sampled"] and first["total"] == 15
    assert 0 < first["shown"] <= 5
    assert first["points"] == again["points"]


def test_a_campaign_without_results_has_empty_families_and_no_points(tree_org):
    from tests.factories import make_campaign

    campaign = make_campaign(name="Empty")
    report = dashboards.campaign_dashboard(campaign)
    assert report["rows"] == [] and report["overall"]["scored"] == 0
    assert report["scatter"]["points"] == [] and report["norm_group"] is None
