"""With DATABASE_REPLICA_URL, the dashboards, the background exports and the API's results
export read results and the organisation from the replica; sessions, logins, every write
and every other page stay on the primary (so a person sees what they just did)."""

import json
import subprocess
import sys

from django.db import router

from assessments.models import Result
from config.db_router import ReplicaRouter, reading_from_replica
from talent.models import Department, User
from tests.processes import ROOT, site_environment


def test_without_a_replica_everything_reads_from_the_primary(db):
    with reading_from_replica():
        assert router.db_for_read(Result) == "default"


def test_the_router_sends_only_results_and_the_organisation_and_only_inside_the_block(
        monkeypatch):
    monkeypatch.setattr("config.db_router.replica_configured", lambda: True)
    replica = ReplicaRouter()
    assert replica.db_for_read(Result) == "default"
    with reading_from_replica():
        assert replica.db_for_read(Result) == "replica"
        assert replica.db_for_read(Department) == "replica"
        assert replica.db_for_read(User) == "default", "logins and sessions: the primary"
        assert replica.db_for_write(Result) == "default"
    assert replica.db_for_read(Result) == "default"
    assert not replica.allow_migrate("replica", "assessments")


def test_a_dashboard_and_an_export_read_the_replica_and_the_people_page_does_not(tmp_path):
    # Two connections to one SQLite file stand for the primary and its replica: what is
    # proven is where each query goes, which the engine does not change.
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = {**site_environment(database), "DATABASE_REPLICA_URL": database,
           "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"), "DJANGO_ALLOWED_HOSTS": "testserver",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(ROOT / "tests/config/replica_probe.py")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "assessments_campaign" in seen["dashboard"]["replica"]
    assert "django_session" in seen["dashboard"]["primary"]
    assert not {"django_session", "talent_user"} & set(seen["dashboard"]["replica"])
    assert seen["people"]["replica"] == []
    # The export reads the results' read model (their narrow summaries) there.
    assert "assessments_resultsummary" in seen["export"]["replica"]
    assert "assessments_exportjob" not in seen["export"]["replica"]

