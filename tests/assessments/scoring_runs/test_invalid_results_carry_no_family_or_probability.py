"""An invalid result says nothing about the person's traits: no family and no probability,
stored, exported or shown; the database refuses anything else."""

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Result
from assessments.reports.results import export_rows


def _invalid(score_now, simulated_campaign):
    run = score_now(simulated_campaign(submitted=30))
    result = Result.objects.filter(run=run).first()
    Result.objects.filter(pk=result.pk).update(validity="invalid", role_family="",
                                               probability_execution=None)
    return run, result


def test_the_database_refuses_an_invalid_result_with_a_probability(
    simulated_campaign, score_now
):
    __, result = _invalid(score_now, simulated_campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=result.pk).update(probability_execution=0.9)


def test_the_database_refuses_an_invalid_result_with_a_family(simulated_campaign, score_now):
    __, result = _invalid(score_now, simulated_campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=result.pk).update(role_family="execution")


def test_the_export_writes_no_family_and_no_probability_for_an_invalid_result(
    simulated_campaign, score_now
):
    run, result = _invalid(score_now, simulated_campaign)
    header, *rows = list(export_rows(run.campaign))
    row = dict(zip(header, next(r for r in rows
                                if r[0] == result.assignment.employee.employee_id),
                   strict=True))
    assert row["validity"] == "invalid"
    assert row["probability_execution"] == "" and row["role_family"] == ""
