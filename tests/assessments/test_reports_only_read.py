"""Reports, pages' read-only queries, never write: run them all under a guard that fails
on any statement but a read."""

from django.db import connection

from assessments import tasks
from assessments.models import ScoringSpec
from assessments.reports import campaigns, item_analysis, results


def _refuse_writes(execute, sql, params, many, context):
    verb = sql.lstrip().split(None, 1)[0].upper()
    assert verb in {"SELECT", "WITH", "SAVEPOINT", "RELEASE"}, f"a report wrote: {sql}"
    return execute(sql, params, many, context)


def test_every_report_only_reads_the_database(
    simulated_campaign, django_capture_on_commit_callbacks
):
    campaign = simulated_campaign(submitted=25)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_run(campaign)
    spec = ScoringSpec.objects.current()
    with connection.execute_wrapper(_refuse_writes):
        assert campaigns.campaign_counts(campaign, spec)["scored"] == 25
        assert len(campaigns.campaigns_with_counts()) == 1
        assert list(campaigns.recent_campaigns()) == [campaign]
        assert item_analysis.item_analysis(campaign)["EXE"]["n"] == 25
        assert len(list(results.export_rows(campaign))) == 26
