"""The people reports only read: run them all under a guard that fails on any write."""

from django.db import connection

from assessments.reports import people as report
from assessments.reports import two_functions
from tests.assessments.test_reports_only_read import _refuse_writes


def test_every_people_report_only_reads_the_database(make_result, positions, campaign, org):
    result = make_result("Ann", position=positions["analyst"], exe_t=62.0)
    make_result("Bob", position=positions["allocator"], cmp_t=62.0, family="compression",
                p=0.1, department=org["INV"])
    employee = result.assignment.employee
    with connection.execute_wrapper(_refuse_writes):
        rows = report.people_results(department=org["HQ"], sort="probability")
        table = report.people_rows(department=org["HQ"], sort="probability")
        assert len(report.attach_scores(table[0:50])) == 2
        assert len(list(report.export_rows(rows))) == 3
        assert len(report.person_results(employee)) == 1
        latest = report.latest_released(employee)
        assert len(report.needs_for(latest, positions["analyst"])) == 2
        assert report.have_need_campaign() == campaign
        ranked = report.rank_for_position(positions["analyst"], campaign)
        assert len(report.results_by_ids([pk for pk, _ in ranked])) == 2
        assert report.quadrant_grid(positions["analyst"], campaign).people == 1
        assert len(report.positions_for(latest)) == 2
        assert len(list(report.positions_with_incumbents())) == 2
        assert len(two_functions.two_functions(campaign)) == 3
