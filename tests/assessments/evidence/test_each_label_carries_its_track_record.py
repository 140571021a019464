"""Where a family is shown (the person's report, HR's result page), one sentence says what
evidence stands behind it on this bank: retest agreement, and the outcome evidence or
"not yet tested against outcomes in this organisation"."""

from django.urls import reverse
from django.utils import translation

from assessments.models import Result
from assessments.reports import evidence
from assessments.reports.person_report import person_report


def test_without_outcome_evidence_the_sentence_says_so(evidence_world):
    world = evidence_world(n=40)   # too few rated people for a verdict
    sentence = evidence.track_record(world["version"], "execution")
    assert "assessed again" in sentence
    assert "not yet been tested against outcomes in this organisation" in sentence
    # "undetermined" names no kind of work: only its retest is described.
    assert "outcomes" not in evidence.track_record(world["version"], "undetermined")
    assert evidence.track_record(world["version"], "") == ""


def test_with_enough_outcomes_the_sentence_names_the_criterion(evidence_world, settings):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=0.6, seed=5)
    sentence = evidence.track_record(world["version"], "execution")
    assert "Performance ops" in sentence and "did better" in sentence


def test_the_report_and_hr_result_page_carry_it_in_both_languages(evidence_world, hr,
                                                                 client_for):
    world = evidence_world(n=30)
    result = Result.objects.filter(assignment__campaign=world["later"],
                                   role_family="execution").first()
    Result.objects.filter(pk=result.pk).update(review_state="released",
                                               released_family="execution")
    result.refresh_from_db()
    assert "not yet been tested" in person_report(result, "en")["track_record"]
    with translation.override("zh-hans"):
        chinese = person_report(result, "zh-hans")["track_record"]
    assert "尚未" in chinese
    page = client_for(hr).get(reverse("assessments:review_result", args=[result.pk]))
    assert 'data-track-record' in page.content.decode()


def test_a_person_downloads_their_own_outcomes_and_no_one_elses(evidence_world, client_for,
                                                                 employee, other_employee):
    from assessments.models import OutcomeRecord

    world = evidence_world(n=3)
    record = OutcomeRecord.objects.first()
    OutcomeRecord.objects.create(employee=employee.employee, criterion=record.criterion,
                                 version=record.version, date=record.date, value=4,
                                 scale_min=1, scale_max=5)
    mine = client_for(employee).get(reverse("assessments:my_data_json")).json()
    assert mine["outcomes"] == [{"criterion": "ops", "version": 1,
                                 "date": record.date.isoformat(), "value": 4.0,
                                 "simulated": False}]
    theirs = client_for(other_employee).get(reverse("assessments:my_data_json")).json()
    assert theirs["outcomes"] == []
    csv = client_for(employee).get(reverse("assessments:my_data_csv")).content.decode()
    assert "outcome,1,criterion,ops" in csv
    assert world["criterion"].records.count() == 4
