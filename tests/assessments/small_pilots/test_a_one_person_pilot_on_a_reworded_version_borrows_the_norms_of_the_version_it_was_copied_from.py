from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from assessments.models import BankVersion, NormGroup, Result
from assessments.reports.person_report import person_report
from assessments.services.banks import start_draft_from

from .conftest import read


def test_the_pilot_is_scored_against_the_base_versions_norms_and_gets_a_real_result(
    simulated_campaign, score_now, lenient, new_version, pilot
):
    base = score_now(simulated_campaign("Base", submitted=30), spec=lenient)
    assert not base.norm_group.provisional
    v2 = new_version()
    run = score_now(pilot(v2), spec=lenient)
    assert run.status == "finished" and run.done == 1 and not run.error
    assert run.norm_group_id == base.norm_group_id
    # v2 has no group of its own: one person cannot make one.
    assert not NormGroup.objects.filter(bank_version=v2).exists()
    result = Result.objects.get(run=run)
    # It names the version the person answered; its norm group names the one it borrowed.
    assert result.bank_version_id == v2.pk
    assert result.norm_group.bank_version_id == base.campaign.bank_version_id
    assert result.validity != Result.Validity.INVALID
    assert result.probability_execution is not None and result.role_family
    assert all(values["t"] is not None for values in result.scores.values())


def test_hr_and_the_person_read_that_the_norms_are_those_of_version_1(
    simulated_campaign, score_now, lenient, new_version, pilot, hr, client_for
):
    score_now(simulated_campaign("Base", submitted=30), spec=lenient)
    run = score_now(pilot(new_version()), spec=lenient)
    client = client_for(hr)
    page = reverse("assessments:campaign_detail", args=[run.campaign_id])
    english = read(client, page, "en")
    assert "(the norms of version 1)" in english
    assert ("Scored against the norms of version 1, which asks the same questions in the "
            "same way: this version has 1 of the 20 people it needs for norms of its own."
            in english)
    chinese = read(client, page, "zh-hans")
    assert "（第 1 版的常模）" in chinese and "按第 1 版的常模计分" in chinese
    assert "The last run failed" not in english and "provisional" not in english

    result = Result.objects.get(run=run)
    Result.objects.filter(pk=result.pk).update(review_state="released",
                                               released_family=F("role_family"))
    result.refresh_from_db()
    review = read(client, reverse("assessments:review_result", args=[result.pk]), "en")
    assert "(the norms of version 1, which asks the same questions)" in review
    report = person_report(result, "en")
    assert report["norms"]["borrowed_from"] == 1 and not report["norms"]["provisional"]
    assert "answered version 1 of this questionnaire" in report["norms"]["text"]


def test_a_version_copied_from_a_copy_borrows_from_the_nearest_version_with_norms(
    simulated_campaign, score_now, lenient, new_version, pilot
):
    base = score_now(simulated_campaign("Base", submitted=30), spec=lenient)
    v2 = new_version()
    v3 = start_draft_from(v2)
    BankVersion.objects.filter(pk=v3.pk).update(status="published", published_at=timezone.now())
    v3.refresh_from_db()
    run = score_now(pilot(v3), spec=lenient)
    assert run.norm_group_id == base.norm_group_id


def test_norms_are_built_for_the_earlier_version_when_none_exist_under_the_spec_yet(
    simulated_campaign, score_now, lenient, new_version, pilot
):
    base = simulated_campaign("Base", submitted=30)  # answered, never scored under it
    run = score_now(pilot(new_version()), spec=lenient)
    group = run.norm_group
    assert group.bank_version_id == base.bank_version_id and group.spec == lenient
    assert not group.provisional and group.sample_size == 30
    assert group.source_campaign == base
