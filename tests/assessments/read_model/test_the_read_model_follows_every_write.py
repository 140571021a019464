"""Every path that writes results keeps the read model (one summary per result, models/
summaries.py) equal to what the rebuild computes from the results: scoring runs and
re-scores (the COPY path on PostgreSQL, the ORM path on SQLite), each review decision,
contests, erasure, the retention purge, deleting a position, and any ORM write of a
result that bypasses the services."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from assessments import scoring
from assessments.models import Assignment, Campaign, Result, ResultSummary, ScoringSpec
from assessments.models.summaries import DerivedRow
from assessments.services import contests, erasure, reviews
from assessments.services.retention import purge_expired
from talent.models import Employee

from .conftest import assert_read_model_matches_sources


def _valid(campaign, n=None):
    results = list(Result.objects.for_campaign(campaign).exclude(validity="invalid")
                   .order_by("pk"))
    return results if n is None else results[:n]


def _other_family(result):
    return "compression" if result.role_family == "execution" else "execution"


def test_a_run_writes_one_summary_per_result_with_its_scores_and_org_at_launch(
        launched_scored, org):
    campaign = launched_scored(n=10)

    assert assert_read_model_matches_sources() == 10
    summary = ResultSummary.objects.filter(campaign=campaign).first()
    assert (summary.department_id, summary.position_id) == (org["UW"].pk, org["analyst"].pk)
    assert summary.review_state == "pending" and summary.released_family == ""
    valid = ResultSummary.objects.filter(campaign=campaign).exclude(validity="invalid")
    assert valid.filter(execution_t__isnull=False, execution_se__gt=0,
                        compression_t__isnull=False, compression_se__gt=0).exists()


def test_a_rescore_that_reopens_reviewed_results_moves_their_summaries(
        launched_scored, score_now, hr):
    campaign = launched_scored(n=12)
    first, second, third = _valid(campaign, 3)
    for result in (first, second, third):
        reviews.confirm(result.pk, hr, 0)
    # What an earlier scoring had said: the re-score writes the engine's real answer
    # and sends the reviewed result back to review (a raw statement on PostgreSQL).
    Result.objects.filter(pk=first.pk).update(role_family=_other_family(first),
                                              released_family=_other_family(first))
    assert_read_model_matches_sources()

    score_now(campaign)

    first.refresh_from_db()
    assert first.review_state == "pending"
    assert ResultSummary.objects.get(pk=first.pk).review_state == "pending"
    assert assert_read_model_matches_sources() == 12


def test_a_run_under_another_spec_adds_summaries_beside_the_old_ones(launched_scored,
                                                                      score_now):
    import dataclasses

    campaign = launched_scored(n=8)
    spec = ScoringSpec.objects.for_engine(
        dataclasses.replace(scoring.Spec(), min_alignment=0.7))

    score_now(campaign, spec=spec)

    assert ResultSummary.objects.filter(campaign=campaign, spec=spec).count() == 8
    assert assert_read_model_matches_sources() == 16


def test_every_review_decision_and_a_contest_move_the_summary(
        launched_scored, hr, second_hr):
    campaign = launched_scored(n=12)
    confirmed, overridden, withheld, *rest = _valid(campaign)
    # As if the engine had been sure of three of them (the ones a bulk confirm takes).
    Result.objects.filter(pk__in=[r.pk for r in rest[:3]]).update(
        validity="valid", role_family="execution", probability_execution=0.9)

    reviews.confirm(confirmed.pk, hr, 0)
    assert ResultSummary.objects.get(pk=confirmed.pk).released_family == confirmed.role_family
    reviews.override(overridden.pk, hr, _other_family(overridden), "Seen at work.", 0)
    assert ResultSummary.objects.get(pk=overridden.pk).released_family == \
        _other_family(overridden)
    reviews.withhold(withheld.pk, hr, "A retake is due.", 0)
    assert ResultSummary.objects.get(pk=withheld.pk).review_state == "withheld"
    assert_read_model_matches_sources()

    outcome = reviews.confirm_many([r.pk for r in rest], hr)
    assert outcome.confirmed == 3
    assert_read_model_matches_sources()

    employee = confirmed.assignment.employee
    contests.contest_result(confirmed.pk, employee, "I do not recognise myself in this.")
    assert ResultSummary.objects.get(pk=confirmed.pk).review_state == "contested"
    assert_read_model_matches_sources()

    reviews.override(confirmed.pk, second_hr, _other_family(confirmed),
                     "Your manager's account agrees with you.", 2)
    summary = ResultSummary.objects.get(pk=confirmed.pk)
    assert (summary.review_state, summary.released_family) == (
        "released", _other_family(confirmed))
    assert_read_model_matches_sources()


def test_erasing_a_person_takes_their_summaries_along(launched_scored, hr, settings,
                                                      tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    campaign = launched_scored(n=6)
    result = _valid(campaign, 1)[0]
    reviews.confirm(result.pk, hr, 0)
    person = result.assignment.employee
    Employee.objects.filter(pk=person.pk).update(active=False)

    erasure.erase_person(person.pk, by=hr, reason="Request by email of 2 December.")

    assert not ResultSummary.objects.filter(employee=person).exists()
    assert assert_read_model_matches_sources() == 5


def test_the_retention_purge_takes_the_summaries_along(launched_scored, settings):
    settings.ASSESSMENT_RETENTION_YEARS = 3
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    old = launched_scored("Old 2023", n=6)
    kept = launched_scored("New 2026", n=5, seed=7)
    Campaign.objects.filter(pk=old.pk).update(status=Campaign.Status.CLOSED,
                                              closed_at=now - timedelta(days=4 * 365))

    assert purge_expired(now=now) == {old.pk: 6}

    assert set(ResultSummary.objects.values_list("campaign_id", flat=True)) == {kept.pk}
    assert assert_read_model_matches_sources() == 5


def test_deleting_a_position_clears_it_on_the_summaries_as_on_the_assignments(
        launched_scored, org):
    campaign = launched_scored(n=5)

    org["analyst"].delete()

    assert not Assignment.objects.filter(campaign=campaign, position__isnull=False).exists()
    assert not ResultSummary.objects.filter(position__isnull=False).exists()
    assert_read_model_matches_sources()


def test_orm_writes_that_bypass_the_services_still_keep_the_summaries(launched_scored):
    campaign = launched_scored(n=8)
    one, two, three, *__ = _valid(campaign)

    one.validity = "questionable"
    one.save()
    assert ResultSummary.objects.get(pk=one.pk).validity == "questionable"
    two.probability_execution, three.probability_execution = 0.125, 0.875
    Result.objects.bulk_update([two, three], ["probability_execution"])
    assert ResultSummary.objects.get(pk=three.pk).probability_execution == 0.875
    # A wide update through a join.
    Result.objects.filter(assignment__campaign=campaign, validity="valid").update(
        review_state="withheld")
    assert_read_model_matches_sources()


def test_a_summary_cannot_be_edited_or_deleted_by_itself(launched_scored):
    campaign = launched_scored(n=3)
    summary = ResultSummary.objects.filter(campaign=campaign).first()

    with pytest.raises(DerivedRow):
        summary.save()
    with pytest.raises(DerivedRow):
        summary.delete()
    with pytest.raises(DerivedRow):
        ResultSummary.objects.filter(pk=summary.pk).update(review_state="released")
    assert_read_model_matches_sources()


def test_moving_an_assignment_to_another_department_or_position_moves_its_summaries(
        launched_scored, org):
    campaign = launched_scored(n=4)
    first, second, third, fourth = Assignment.objects.filter(campaign=campaign).order_by("pk")

    first.department = org["INV"]
    first.save()
    assert ResultSummary.objects.get(assignment=first).department_id == org["INV"].pk
    Assignment.objects.filter(pk=second.pk).update(position=None)
    third.department_id, fourth.department_id = org["HQ"].pk, None
    Assignment.objects.bulk_update([third, fourth], ["department"])

    assert ResultSummary.objects.get(assignment=fourth).department_id is None
    assert_read_model_matches_sources()


def test_a_raw_delete_of_results_that_forgets_the_summaries_is_refused(launched_scored):
    campaign = launched_scored(n=3)
    table = Result._meta.db_table

    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE assignment_id IN "  # noqa: S608
                f"(SELECT id FROM {Assignment._meta.db_table} WHERE campaign_id = %s)",
                [campaign.pk])
        # At commit on PostgreSQL (the constraint is deferred); asked for here.
        connection.check_constraints(table_names=[ResultSummary._meta.db_table])

    assert Result.objects.for_campaign(campaign).count() == 3
    assert_read_model_matches_sources()
