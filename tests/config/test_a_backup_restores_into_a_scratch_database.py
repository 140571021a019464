"""The backup the compose `backup` service takes restores: scripts/backup-db dumps the
database while it is in use, scripts/restore-db puts the dump into a scratch database,
every table comes back with every row, and the restored schema is the code's (migrate
--check). A dump is only given its name once it is whole; old dumps are rotated; a
restore never lands on a database that has tables unless asked to replace them."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from assessments.models import Assignment
from tests.factories import make_bank, make_campaign, make_employees, submit_answers

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="backups are of PostgreSQL; SQLite is the demo's embedded default"),
    pytest.mark.django_db(transaction=True),
]


def _url(name):
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(script, *args, **env):
    return subprocess.run([str(ROOT / "scripts" / script), *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=300)


def _row_counts(url):
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        tables = [row[0] for row in db.execute(
            "select tablename from pg_tables where schemaname = 'public' order by 1")]
        return {t: db.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(t)))
                .fetchone()[0] for t in tables}


@pytest.fixture
def scratch():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = _url("postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(name)))
        db.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    yield _url(name)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(sql.SQL("drop database if exists {} with (force)").format(
            sql.Identifier(name)))


@pytest.fixture
def filled(org):
    campaign = make_campaign(make_bank("BACKUP"))
    for person in make_employees(5, department=org["UW"]):
        submit_answers(campaign, person)
    return campaign


def test_a_dump_restores_every_row_into_a_scratch_database_on_the_codes_schema(
        filled, scratch, tmp_path):
    source = _url(connection.settings_dict["NAME"])
    backup = _run("backup-db", DATABASE_URL=source, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path and dump.name.startswith("talent-")
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    restore = _run("restore-db", str(dump), scratch)
    assert restore.returncode == 0, restore.stderr

    restored = _row_counts(scratch)
    assert restored == _row_counts(source)
    assert restored["assessments_assignment"] == Assignment.objects.count() == 5
    check = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "--check"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "DATABASE_URL": scratch})
    assert check.returncode == 0, check.stdout + check.stderr


def test_only_the_newest_dumps_are_kept(filled, tmp_path):
    source = _url(connection.settings_dict["NAME"])
    made = [_run("backup-db", DATABASE_URL=source, BACKUP_DIR=str(tmp_path),
                 BACKUP_KEEP="2").stdout.strip() for _ in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(Path(p).name for p in made[1:])


def test_a_failed_dump_leaves_no_file_with_a_backups_name(tmp_path):
    failed = _run("backup-db", DATABASE_URL=_url("no_such_database_here"),
                  BACKUP_DIR=str(tmp_path))
    assert failed.returncode == 1
    assert "no backup was written" in failed.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_URL": "sqlite:///var/db.sqlite3"}, "backups are for PostgreSQL"),
    ({"BACKUP_KEEP": "none"}, "BACKUP_KEEP must be a whole number"),
])
def test_a_backup_that_cannot_work_says_why(tmp_path, env, message):
    env = {"DATABASE_URL": _url(connection.settings_dict["NAME"]), **env}
    refused = _run("backup-db", BACKUP_DIR=str(tmp_path), **env)
    assert refused.returncode == 2 and message in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_restore_onto_a_database_with_tables_is_refused_and_changes_nothing(
        filled, tmp_path):
    source = _url(connection.settings_dict["NAME"])
    dump = _run("backup-db", DATABASE_URL=source, BACKUP_DIR=str(tmp_path)).stdout.strip()
    before = _row_counts(source)
    refused = _run("restore-db", dump, source)
    assert refused.returncode == 3
    assert "already has" in refused.stderr and "nothing was restored" in refused.stderr
    assert _row_counts(source) == before


def test_a_file_that_is_not_a_dump_is_refused(tmp_path, scratch):
    junk = tmp_path / "talent-junk.dump"
    junk.write_text("not a dump")
    refused = _run("restore-db", str(junk), scratch)
    assert refused.returncode == 2 and "not a dump" in refused.stderr
    assert _run("restore-db", str(tmp_path / "missing.dump"), scratch).returncode == 2
