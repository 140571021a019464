"""The evidence reports write nothing: every one of them runs under a guard that fails on
any statement but a read."""

from django.db import connection

from assessments.reports import evidence
from tests.assessments.test_reports_only_read import _refuse_writes


def test_every_evidence_report_only_reads(evidence_world):
    world = evidence_world(n=20)
    with connection.execute_wrapper(_refuse_writes):
        assert evidence.retest(world["earlier"], world["later"])["both"] == 20
        assert evidence.retest_line(world["earlier"], world["later"]) is not None
        assert evidence.retest_partners(world["later"]) == [world["earlier"]]
        assert evidence.criteria()[0]["people"] == 20
        assert evidence.criterion_evidence(world["criterion"])["rated"] == 20
        assert evidence.track_record(world["version"], "execution")
