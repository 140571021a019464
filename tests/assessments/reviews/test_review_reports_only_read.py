"""The review reports, like every report, never write (the same guard as
tests/assessments/test_reports_only_read.py)."""

from django.db import connection

from assessments.reports import reviews as review_reports
from assessments.services import reviews
from tests.assessments.test_reports_only_read import _refuse_writes

from .conftest import contest, set_scored


def test_the_review_reports_only_read(scored, hr, employee):
    result = set_scored(scored(4)[0])
    reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    contest(result)
    with connection.execute_wrapper(_refuse_writes):
        assert review_reports.review_queue().count() == 4
        assert review_reports.result_for_review(result.pk) == result
        assert len(review_reports.decisions_of(result)) == 1
        assert review_reports.contest_of(result) is not None
        assert review_reports.bulk_preview()[1] == 0
        assert review_reports.own_data(employee.employee)["results"] == []
        assert len(list(review_reports.own_data_rows(result.assignment.employee))) > 1
