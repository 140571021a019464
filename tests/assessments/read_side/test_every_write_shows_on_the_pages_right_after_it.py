"""Every write that changes what a page shows moves a stamp (talent/stamps.py), so a page
computed (and cached) before the write shows the change right after it: scoring, a
re-score, review decisions, contests, an erasure, the retention purge, outcomes, a
campaign's launch and rename, answering, and the organisation's writers. A write to one
campaign leaves the other campaigns' cached pages where they are."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assignment, Campaign, Result
from assessments.reports import dashboards, evidence
from assessments.reports import people as report
from assessments.services import (
    answering,
    campaigns,
    contests,
    erasure,
    outcome_import,
    retention,
    reviews,
)
from talent import accounts
from talent.models import Employee
from tests.assessments.evidence.conftest import publish
from tests.factories import make_bank, make_employees

State = Result.ReviewState


def table(campaign=None, **filters):
    """How many rows HR's people table lists (count cached as the page caches it)."""
    return len(report.people_rows(**{**report.DEFAULT_TABLE, "campaign": campaign,
                                      **filters}))


def names(rows):
    return [r.assignment.employee.name for r in rows]


def ranked(position, campaign):
    return [pk for pk, __ in report.rank_for_position(position, campaign)]


def queries(read):
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


@pytest.fixture
def other(campaign, make_result):
    """A second campaign on the same bank, with a released result, its pages cached."""
    autumn = Campaign.objects.create(name="Autumn", bank_version=campaign.bank_version,
                                     status=Campaign.Status.CLOSED)
    make_result("Other", campaign=autumn)
    return autumn


# --- Review decisions and contests ----------------------------------------------------


@pytest.mark.parametrize(("decide", "state"), [
    (lambda r, hr: reviews.confirm(r.pk, hr, r.review_round), State.RELEASED),
    (lambda r, hr: reviews.override(r.pk, hr, "compression", "Seen at work.",
                                    r.review_round), State.RELEASED),
    (lambda r, hr: reviews.withhold(r.pk, hr, "A retake is due.", r.review_round),
     State.WITHHELD),
    (lambda r, hr: reviews.confirm_many([r.pk], hr), State.RELEASED),
], ids=["confirm", "override", "withhold", "confirm-many"])
def test_a_review_decision_shows_on_the_people_table_at_once(make_result, campaign, hr,
                                                            decide, state):
    pending = make_result("Pending", state=State.PENDING)
    make_result("Released")
    before = table(campaign, review_state=state)
    decide(pending, hr)
    assert table(campaign, review_state=state) == before + 1
    assert table(campaign, review_state=State.PENDING) == 0


def test_a_release_joins_the_ranking_and_the_have_need_campaign_at_once(
        make_result, campaign, positions, hr):
    assert report.have_need_campaign() is None
    kept = make_result("Kept", cmp_t=60.0, state=State.PENDING)
    later = make_result("Released later", cmp_t=62.0, state=State.PENDING)
    assert report.have_need_campaign() is None  # cached: nothing released yet
    reviews.confirm(kept.pk, hr, kept.review_round)
    assert report.have_need_campaign() == campaign
    assert ranked(positions["allocator"], campaign) == [kept.pk]
    reviews.confirm(later.pk, hr, later.review_round)
    assert ranked(positions["allocator"], campaign) == [later.pk, kept.pk]


def test_a_decision_recomputes_its_campaigns_dashboard_and_leaves_the_others_cached(
        make_result, campaign, other, hr):
    pending = make_result("Pending", state=State.PENDING)
    for c in (campaign, other):
        dashboards.campaign_dashboard(c)
        table(c)
    reviews.confirm(pending.pk, hr, pending.review_round)
    assert queries(lambda: dashboards.campaign_dashboard(campaign)) > 0
    # The other campaign's pages are read from the cache: no query at all.
    assert queries(lambda: dashboards.campaign_dashboard(other)) == 0
    assert queries(lambda: table(other)) == 0


def test_a_contest_shows_on_the_people_table_at_once(make_result, campaign):
    result = make_result("Ann")
    assert table(campaign, review_state=State.CONTESTED) == 0
    contests.contest_result(result.pk, result.assignment.employee, "This is not me.")
    assert table(campaign, review_state=State.CONTESTED) == 1


# --- Scoring ----------------------------------------------------------------------------


def test_a_scoring_run_shows_on_the_dashboard_and_the_table_at_once(
        simulated_campaign, score_now):
    spring = simulated_campaign("Scored", submitted=12, seed=3)
    assert dashboards.campaign_dashboard(spring)["overall"]["scored"] == 0
    assert table(spring) == 0
    score_now(spring)
    assert dashboards.campaign_dashboard(spring)["overall"]["scored"] == 12
    assert table(spring) == 12


def test_a_re_score_that_reopens_a_review_shows_at_once(simulated_campaign, score_now, hr):
    spring = simulated_campaign("Rescored", submitted=12, seed=3)
    score_now(spring)
    results = Result.objects.for_campaign(spring)
    for result in results:
        reviews.confirm(result.pk, hr, result.review_round)
    released = table(spring, review_state=State.RELEASED)
    assert released == 12
    # As if it had been scored otherwise before: the next run's validity differs.
    one = results.first()
    Result.objects.filter(pk=one.pk).update(
        validity="questionable" if one.validity == "valid" else "valid")
    assert table(spring, review_state=State.RELEASED) == released  # cached
    score_now(spring)
    assert table(spring, review_state=State.RELEASED) == released - 1


# --- Erasure and the retention purge ---------------------------------------------------


def test_an_erased_person_leaves_the_pages_at_once(make_result, campaign, hr, settings,
                                                   tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "private" / "org-syncs").mkdir(parents=True)
    gone = make_result("Gone")
    make_result("Stays")
    assert table(campaign) == 2
    Employee.objects.filter(pk=gone.assignment.employee_id).update(active=False)
    erasure.erase_person(gone.assignment.employee_id, by=hr, reason="Their request.")
    assert table(campaign) == 1


def test_the_retention_purge_empties_the_pages_at_once(make_result, campaign):
    make_result("Old one")
    make_result("Old two")
    now = datetime(2026, 12, 2, tzinfo=UTC)
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=now - timedelta(days=4 * 365))
    assert table(campaign) == 2
    retention.purge_expired(now=now, years=3)
    assert table(campaign) == 0


# --- Outcomes -----------------------------------------------------------------------------


def test_imported_outcomes_show_on_the_evidence_page_at_once(db):
    make_employees(2)
    criterion = publish("ops").criterion
    assert evidence.criterion_evidence(criterion)["rated"] == 0
    csv = b"employee_id,criterion,date,value\nP001,ops,2026-06-30,4\nP002,ops,2026-06-30,2\n"
    import io

    plan = outcome_import.import_outcomes(io.BytesIO(csv),
                                          today=datetime(2026, 12, 1).date())
    assert plan.ok
    assert evidence.criterion_evidence(criterion)["rated"] == 2


# --- Campaigns and answering ---------------------------------------------------------------


def test_a_launch_fills_the_dashboard_at_once(org):
    make_employees(3)
    draft = campaigns.create_campaign(name="Launched", bank_version=make_bank("LCH"),
                                      audience_all=True)
    assert dashboards.campaign_dashboard(draft)["overall"]["assigned"] == 0
    campaigns.launch(draft)
    assigned = Assignment.objects.filter(campaign=draft).count()
    assert assigned >= 3
    assert dashboards.campaign_dashboard(draft)["overall"]["assigned"] == assigned


def test_a_renamed_campaign_sorts_under_its_new_name_at_once(make_result, campaign, other):
    make_result("Spring person")
    by_campaign = {**report.DEFAULT_TABLE, "sort": "campaign"}
    assert names(report.people_rows(**by_campaign)[0:10]) == ["Other", "Spring person"]
    campaign.name = "Alpha"
    campaign.save()
    assert names(report.people_rows(**by_campaign)[0:10]) == ["Spring person", "Other"]


def test_the_first_answer_and_the_submission_move_the_funnel_at_once(org):
    person = make_employees(1)[0]
    version = make_bank("ANS")
    spring = Campaign.objects.create(name="Answering", bank_version=version,
                                     status=Campaign.Status.OPEN)
    assignment = Assignment.objects.create(campaign=spring, employee=person)
    funnel = lambda: dashboards.campaign_dashboard(spring)["overall"]  # noqa: E731
    assert (funnel()["started"], funnel()["submitted"]) == (0, 0)
    answering.acknowledge_notice(assignment)
    order = answering.start(assignment)
    allowed = answering.version_items(version.pk)
    for sequence, item_id in enumerate(order, start=1):
        answering.save_answer(assignment, item_id, allowed[item_id].start, sequence)
        if sequence == 1:
            assert (funnel()["started"], funnel()["submitted"]) == (1, 0)
    assert answering.submit(assignment).submitted
    assert (funnel()["started"], funnel()["submitted"]) == (1, 1)


# --- The organisation -----------------------------------------------------------------------


def test_a_person_moved_in_the_admin_changes_the_positions_holders_at_once(
        make_result, campaign, positions):
    ann = make_result("Ann", position=positions["analyst"])
    holders = lambda p: names(report.incumbents(p, campaign)[0:10])  # noqa: E731
    assert (holders(positions["analyst"]), holders(positions["allocator"])) == (["Ann"], [])
    employee = ann.assignment.employee
    employee.position = positions["allocator"]
    employee.save()
    assert (holders(positions["analyst"]), holders(positions["allocator"])) == ([], ["Ann"])


def test_a_leaver_drops_out_of_the_ranking_at_once(make_result, campaign, positions):
    leaver = make_result("Leaver", cmp_t=62.0)
    stays = make_result("Stays", cmp_t=60.0)
    assert ranked(positions["allocator"], campaign) == [leaver.pk, stays.pk]
    accounts.set_employees_active([leaver.assignment.employee_id], False)
    assert ranked(positions["allocator"], campaign) == [stays.pk]


def test_a_leaver_marked_by_the_org_import_drops_out_at_once(make_result, campaign,
                                                             positions, tmp_path):
    from talent.org_import import import_org
    from tests.talent.org_csv import csv_bytes, row

    leaver = make_result("Leaver", cmp_t=62.0)
    stays = make_result("Stays", cmp_t=60.0)
    assert ranked(positions["allocator"], campaign) == [leaver.pk, stays.pk]
    person = Employee.objects.select_related("department").get(
        pk=leaver.assignment.employee_id)
    file = tmp_path / "org.csv"
    file.write_bytes(csv_bytes([row(person.employee_id, name=person.name, email=person.email,
                                    department_code=person.department.code,
                                    department_name=person.department.name,
                                    parent_department_code="", active="false")]))
    with open(file, "rb") as binary:
        assert import_org(binary).ok
    assert ranked(positions["allocator"], campaign) == [stays.pk]
