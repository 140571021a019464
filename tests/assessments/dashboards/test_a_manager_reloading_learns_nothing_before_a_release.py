"""A manager's figures come from what HR shared, counting released results only: reloading
the page while people submit, are scored and are reviewed shows nothing new, and no figure
moves by fewer than k people between two pages the manager can open (the attack of
issue 20: 11, 11, then 12 execution when one named person was scored)."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Assignment, Campaign, NormGroup, Result, UnitSnapshot
from assessments.reports import dashboards
from assessments.services import sharing
from talent.models import Employee
from tests.factories import make_bank

from .conftest import fill_campaign, make_result, release_all

K = 5


def figures(report):
    """{(department code, figure): n} of every figure shown."""
    shown = {}
    for row in report["rows"]:
        code = row["department"].code
        for name in dashboards.FIGURE_CATEGORIES:
            if row[name] is not None:
                shown[(code, name)] = row[name]
    return shown


def page(manager, campaign):
    cache.clear()  # what the database says, not what a cache remembers
    return figures(dashboards.manager_dashboard(manager.employee, campaign, k=K))


def one_more_submission(campaign, org, family="execution", n=1):
    """n people of Underwriting submit and are scored by the sweep (pending review)."""
    norm_group = NormGroup.objects.filter(bank_version=campaign.bank_version).first()
    made = []
    for _ in range(n):
        number = Employee.objects.count() + 1
        person = Employee.objects.create(employee_id=f"N{number:04d}", name=f"New {number}",
                                         department=org["UW"])
        now = timezone.now()
        assignment = Assignment.objects.create(
            campaign=campaign, employee=person, department=org["UW"], status="submitted",
            started_at=now, submitted_at=now)
        made.append(make_result(assignment, norm_group.spec, norm_group, family))
    return made


def underwriting(tree_org):
    campaign = Campaign.objects.create(name="Replay", bank_version=make_bank("REPLAY"),
                                       status=Campaign.Status.OPEN)
    return fill_campaign(campaign, {"UW": {"execution": 11, "compression": 9}}, tree_org,
                         prefix="R")


def test_scoring_and_reviewing_one_more_person_changes_nothing_the_manager_sees(
        manager, tree_org):
    campaign = underwriting(tree_org)
    before = page(manager, campaign)
    assert before[("UW", "execution")] == 11

    [result] = one_more_submission(campaign, tree_org)   # submitted and scored
    assert page(manager, campaign) == before
    release_all(campaign)                                # HR confirms it
    assert page(manager, campaign) == before             # not shared yet


def test_after_sharing_no_figure_moves_by_fewer_than_k_people(manager, tree_org):
    campaign = underwriting(tree_org)
    first = page(manager, campaign)
    one_more_submission(campaign, tree_org)
    release_all(campaign)
    sharing.share_with_managers(campaign.pk)
    second = page(manager, campaign)

    assert second.get(("UW", "execution")) is None       # 11 -> 12 would name the person
    moved = {f: (first[f], second[f]) for f in first.keys() & second.keys()
             if 0 < abs(first[f] - second[f]) < K}
    assert moved == {}
    assert ("UW", "compression") in second              # what did not move stays shown


def test_a_move_of_k_or_more_is_shown_again(manager, tree_org):
    campaign = underwriting(tree_org)
    first = page(manager, campaign)
    one_more_submission(campaign, tree_org)
    release_all(campaign)
    sharing.share_with_managers(campaign.pk)
    one_more_submission(campaign, tree_org, n=5)
    release_all(campaign)
    sharing.share_with_managers(campaign.pk)
    third = page(manager, campaign)
    assert third[("UW", "execution")] == 17              # 6 more than the first page
    assert all(not 0 < abs(first[f] - third[f]) < K for f in first.keys() & third.keys())


def test_pending_and_withheld_results_count_as_submitted_not_as_families(manager, tree_org):
    campaign = Campaign.objects.create(name="Held", bank_version=make_bank("HELD"),
                                       status=Campaign.Status.OPEN)
    fill_campaign(campaign, {"UW": {"execution": 6, "compression": 6}}, tree_org,
                  prefix="H", share=False)
    release_all(campaign, role_family="compression")
    Result.objects.filter(assignment__campaign=campaign, role_family="execution").update(
        review_state="withheld")
    sharing.share_with_managers(campaign.pk)
    shown = page(manager, campaign)
    assert shown[("UW", "submitted")] == 12
    assert shown[("UW", "scored")] == 6 and shown[("UW", "compression")] == 6
    assert ("UW", "execution") not in shown               # 0 released: hidden, not 6


def test_before_hr_shares_the_manager_reads_that_nothing_is_shared_yet(
        manager, tree_org, client_for):
    campaign = Campaign.objects.create(name="Unshared", bank_version=make_bank("UNSH"),
                                       status=Campaign.Status.OPEN)
    fill_campaign(campaign, {"UW": {"execution": 9, "compression": 9}}, tree_org,
                  prefix="U", share=False)
    response = client_for(manager).get(reverse("assessments:manager_dashboard"),
                                       {"campaign": campaign.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert "HR has not shared this campaign" in text and 'data-table="funnel"' not in text


def test_the_last_review_of_a_closed_campaign_shares_the_figures(tree_org, manager):
    campaign = Campaign.objects.create(name="Done", bank_version=make_bank("DONE"),
                                       status=Campaign.Status.CLOSED)
    fill_campaign(campaign, {"UW": {"execution": 9, "compression": 9}}, tree_org,
                  prefix="D", share=False)
    release_all(campaign, role_family="execution")
    tasks.warm_reports(campaign.pk)              # what runs after each decision
    assert not UnitSnapshot.objects.filter(campaign=campaign).exists()   # 9 still pending

    release_all(campaign)
    tasks.warm_reports(campaign.pk)
    tasks.warm_reports(campaign.pk)              # again: nothing new, no second snapshot
    snapshot = UnitSnapshot.objects.get(campaign=campaign)
    assert snapshot.trigger == UnitSnapshot.Trigger.REVIEWS_DONE
    assert page(manager, campaign)[("UW", "execution")] == 9


def test_a_snapshot_is_never_changed(tree_org):
    campaign = underwriting(tree_org)
    snapshot = UnitSnapshot.objects.get(campaign=campaign)
    snapshot.counts = {}
    try:
        snapshot.save()
    except TypeError:
        pass
    else:
        raise AssertionError("a snapshot was changed")
    try:
        UnitSnapshot.objects.filter(pk=snapshot.pk).update(counts={})
    except TypeError:
        pass
    else:
        raise AssertionError("a snapshot was changed")
    assert UnitSnapshot.objects.get(pk=snapshot.pk).counts != {}
