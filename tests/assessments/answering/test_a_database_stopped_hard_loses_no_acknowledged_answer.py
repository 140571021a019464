"""Fault drill: PostgreSQL is stopped hard (`pg_ctl stop -m immediate`, as a crash of the
server would) while people are answering, and started again.

The drill runs its own PostgreSQL cluster (initdb in a temporary directory, a free port;
never the machine's server, which other runs share), migrates a database on it and
starts gunicorn on it. Respondents answer at once, changing their minds as they go,
saving each choice as the page's script does. Mid-way the server is stopped; saves fail
while it is down and the respondents keep retrying; it is started again without touching
gunicorn. Afterwards every answer the site acknowledged (200) is in the database with the
value of its newest acknowledged save, none twice, and the site served again by itself.

PostgreSQL runs only: skipped on SQLite, and when initdb and pg_ctl are missing, unless
REQUIRE_REAL_SERVICES=1, where either fails. As root the cluster runs as the `postgres`
user (initdb refuses root).
"""

import contextlib
import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psycopg
import pytest
import requests
from django.db import connection

from tests.processes import ROOT, Server, free_port, site_environment, unavailable

pytestmark = pytest.mark.drill

RESPONDENTS = 4
SAVES_EACH = 100  # on 16 items: every item chosen six or seven times
DOWN_SECONDS = 2


def _bindir():
    """Where initdb and pg_ctl are: on PATH, or Debian's newest server version."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += sorted((Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    return None


class Cluster:
    """A scratch PostgreSQL cluster on 127.0.0.1:`port`, its socket and log in
    `directory`. As root, its commands run as the `postgres` user."""

    def __init__(self, bindir, directory, port):
        self.bindir, self.directory, self.port = bindir, directory, port
        self.data = directory / "data"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database="postgres"):
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                               dbname=database, autocommit=True, connect_timeout=10)

    def _pg(self, program, *args):
        done = subprocess.run([*self.as_user, str(self.bindir / program), *args],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              cwd=self.directory)
        log = self.directory / "server.log"
        assert done.returncode == 0, (program, args, done.stderr,
                                      log.read_text()[-3000:] if log.exists() else "")

    def init(self):
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--no-locale", "--no-sync")

    def start(self):
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "server.log"),
                 "-w", "-t", "60", "-o",
                 f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1", "start")

    def stop(self, mode):
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        unavailable("the PostgreSQL drill runs only on PostgreSQL runs (DATABASE_URL)")
    bindir = _bindir()
    if bindir is None:
        unavailable("initdb and pg_ctl are not installed (PostgreSQL's server binaries)")
    if os.geteuid() == 0:
        try:
            postgres = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root, and there is no postgres user to run initdb as")
    # Not pytest's tmp_path: that is private to the user running pytest, and as root the
    # server runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="drill-pg-"))
    if os.geteuid() == 0:
        os.chown(directory, postgres.pw_uid, postgres.pw_gid)
    server = Cluster(bindir, directory, free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            with contextlib.suppress(AssertionError):  # never hide why the test failed
                server.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


def seed(respondents):
    """Run in a child process on the drill's database: a 16-item bank, an open campaign,
    one login and assignment (notice read, order fixed) per respondent, and a session of
    that login. [{"session", "assignment", "items"}]"""
    from django.test import Client

    from assessments.models import Assignment
    from assessments.services import answering
    from talent.models import Department, Employee, User
    from tests.factories import make_bank, make_campaign

    department = Department.objects.create(code="UW", name="Underwriting")
    version = make_bank("PGD", n_items_per_scale=8, n_pairs=2)
    campaign = make_campaign(version, name="Database drill")
    people = []
    for n in range(respondents):
        user = User.objects.create_user(f"respondent{n}")  # signed in below, no password
        employee = Employee.objects.create(employee_id=f"PGD-{n}", name=f"Respondent {n}",
                                           user=user, department=department)
        assignment = Assignment.objects.create(campaign=campaign, employee=employee)
        answering.acknowledge_notice(assignment)
        answering.start(assignment)
        client = Client()
        client.force_login(user)
        people.append({"session": client.cookies["sessionid"].value,
                       "assignment": assignment.pk, "items": assignment.item_order})
    return people


def _migrate_and_seed(url):
    env = site_environment(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    script = ("import json, django; django.setup(); from " + __name__ + " import seed; "
              f"print(json.dumps(seed({RESPONDENTS})))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return json.loads(out.strip().splitlines()[-1])


class Respondent:
    """What the page's script does: each choice is saved with the next sequence number; a
    save that got no answer or a server error is sent again with the same number while
    it is still the choice shown; a later choice of the item replaces it."""

    def __init__(self, port, person, seed):
        self.base = f"http://127.0.0.1:{port}"
        self.assignment, self.items = person["assignment"], person["items"]
        self.rng = np.random.default_rng(seed)
        self.http = requests.Session()
        self.http.cookies.set("sessionid", person["session"])
        response = self.http.get(f"{self.path()}page/1/", timeout=10)
        assert response.status_code == 200, response.text[:500]
        self.sequence = 0
        self.chosen = {}  # item -> (sequence, value) of the newest choice
        self.acknowledged = {}  # item -> (sequence, value) of the newest save told saved
        self.pending = {}  # item -> (sequence, value) of the newest choice not told saved
        self.sent = self.refused = 0
        self.acknowledged_at = []  # monotonic times of the acknowledgements
        self.error = None  # what went wrong in the respondent's thread

    def path(self):
        return f"{self.base}/assessments/assignments/{self.assignment}/"

    def send(self, item, sequence, value):
        self.sent += 1
        try:
            response = self.http.post(
                f"{self.path()}autosave/", timeout=10, allow_redirects=False,
                data={"item": item, "value": value, "sequence": sequence, "seconds": "2.0"},
                headers={"X-CSRFToken": self.http.cookies["csrftoken"], "HX-Request": "true"})
        except requests.RequestException:
            self.refused += 1
            return False
        if response.status_code >= 500:  # the database is down: try again later
            self.refused += 1
            return False
        assert response.status_code == 200, response.text[:500]
        assert 'data-state="saved"' in response.text
        self.acknowledged[item] = max(self.acknowledged.get(item, (0, 0)), (sequence, value))
        self.acknowledged_at.append(time.monotonic())
        return True

    def choose(self, item):
        self.sequence += 1
        value = int(self.rng.integers(1, 6))
        self.chosen[item] = (self.sequence, value)
        self.pending.pop(item, None)  # replaced: only the choice shown is worth saving
        if self.send(item, self.sequence, value):
            return True
        self.pending[item] = (self.sequence, value)
        return False

    def retry(self):
        for item, (sequence, value) in list(self.pending.items()):
            if not self.send(item, sequence, value):
                return False
            del self.pending[item]
        return True

    def answer(self, saves):
        try:
            self._answer(saves)
        except BaseException as exc:  # noqa: BLE001 - reported by the test, not the thread
            self.error = exc

    def _answer(self, saves):
        for n in range(saves):
            if self.choose(self.items[n % len(self.items)]):
                self.retry()
            else:
                time.sleep(0.2)  # as the page backs off
        deadline = time.monotonic() + 60  # a safety net
        while not self.retry():
            assert time.monotonic() < deadline, "saves kept failing after the restart"
            time.sleep(0.2)


def _stored(cluster, assignments):
    """{(assignment, item): [(value, sequence), ...]} as the database holds them."""
    with cluster.connect("drill") as db:
        rows = db.execute("SELECT assignment_id, item_id, value, sequence "
                          "FROM assessments_answer WHERE assignment_id = ANY(%s)",
                          [assignments]).fetchall()
    stored = {}
    for assignment, item, value, sequence in rows:
        stored.setdefault((assignment, item), []).append((value, sequence))
    return stored


def test_answers_acknowledged_around_a_hard_stop_of_postgresql_are_all_kept_once(cluster):
    with cluster.connect() as db:
        db.execute("CREATE DATABASE drill")
    people = _migrate_and_seed(cluster.url("drill"))
    server = Server(site_environment(cluster.url("drill")), free_port())
    server.start()
    try:
        respondents = [Respondent(server.port, person, seed)
                       for seed, person in enumerate(people)]
        threads = [threading.Thread(target=r.answer, args=(SAVES_EACH,), daemon=True)
                   for r in respondents]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while sum(len(r.acknowledged_at) for r in respondents) < RESPONDENTS * SAVES_EACH / 3:
            assert time.monotonic() < deadline, "the saves did not get going"
            time.sleep(0.05)
        cluster.stop("immediate")
        stopped = time.monotonic()
        time.sleep(DOWN_SECONDS)
        starting = time.monotonic()
        cluster.start()  # crash recovery first: the stop wrote no checkpoint
        back = time.monotonic()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads)
        for respondent in respondents:
            assert respondent.error is None, repr(respondent.error)
        assert server.process.poll() is None  # the same gunicorn served throughout
        served_again = min((t for r in respondents for t in r.acknowledged_at if t > back),
                           default=float("inf"))
    finally:
        server.kill()

    stored = _stored(cluster, [person["assignment"] for person in people])
    acknowledged = {(r.assignment, item): ack
                    for r in respondents for item, ack in r.acknowledged.items()}
    missing = [key for key, (sequence, value) in acknowledged.items()
               if stored.get(key, [None])[0] != (value, sequence)]
    twice = [key for key, rows in stored.items() if len(rows) > 1]
    sent = sum(r.sent for r in respondents)
    refused = sum(r.refused for r in respondents)
    told_saved = sum(len(r.acknowledged_at) for r in respondents)
    print(f"\nPostgreSQL stop drill: {sent} saves sent, {told_saved} acknowledged, "
          f"{refused} failed (while the database was down) and retried; "
          f"{len(acknowledged)} answers acknowledged, {len(missing)} missing or not the "
          f"newest, {len(twice)} twice; down {back - stopped:.1f} s (stopped "
          f"{starting - stopped:.1f} s, recovery and start {back - starting:.1f} s), serving "
          f"again {served_again - back:.2f} s after PostgreSQL was back, gunicorn not "
          "restarted")
    assert "not properly shut down" in (cluster.directory / "server.log").read_text()
    assert refused > 0, "the stop should have caught saves"
    assert not missing and not twice
    # Every choice's newest save was acknowledged in the end: nothing left unsaved.
    assert all(r.acknowledged == r.chosen and not r.pending for r in respondents)
    assert set(stored) == set(acknowledged)
    assert served_again - back < 60, served_again - back  # a safety net
