#!/usr/bin/env python
"""Batch-scoring benchmark on PostgreSQL (`make bench`; docs/architecture.md, "Budgets").

Creates a scratch database beside the one DATABASE_URL names (`<name>_bench`), fills it
by COPY with N submitted assignments x 48 items of simulated answers, and times:

  (a) a plain COPY of those answer rows out of the database: the floor;
  (b) batch scoring end to end with one real Celery worker (a subprocess; the prefork
      pool as deployed, see CONCURRENCY): from enqueueing the run to the run being
      finished, norms included. Three runs on the same database, each from scratch (no
      result, no run, no norm group left by the one before, a fresh worker); the
      median counts;
  (c) a straightforward per-assignment ORM loop (answers fetched per assignment, one
      person scored at a time, one result saved at a time) on a subset, scaled to N.

Then, with BENCH_N_LARGE above BENCH_N, the campaign grows to BENCH_N_LARGE people and
(b) runs once more, for the worker's peak memory at that size (the budget holds memory
bounded whatever the head count): `large n=<N_LARGE> b=<s> peak_rss_mb=<z> peak_pss_mb=<w>`.

The last line reads `ratio b/a=<x> c/b=<y> peak_rss_mb=<z> peak_pss_mb=<w>`: b the median
of the three runs; peak_rss_mb the highest of their peaks as the kernel keeps them (each
process's VmHWM, added up: counts a page the pool processes share with the main one once
per process, and adds peaks that need not coincide); peak_pss_mb the highest total
proportional set size sampled every 0.1 s through the run (shared pages split between
the processes that share them: what the worker takes from the machine). The scratch
database is dropped at the end, whatever happens.

Environment: DATABASE_URL (PostgreSQL, required), CELERY_BROKER_URL (Redis advised; the
filesystem broker polls once a second), BENCH_N (default 100000), BENCH_ORM_N (2000),
BENCH_N_LARGE (300000; 0 skips the large run), BENCH_RUNS (3).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

N = int(os.environ.get("BENCH_N", "100000"))
ORM_N = min(N, int(os.environ.get("BENCH_ORM_N", "2000")))
N_LARGE = int(os.environ.get("BENCH_N_LARGE", "300000"))
RUNS = max(int(os.environ.get("BENCH_RUNS", "3")), 1)
# One worker as deployed (docker-compose.yml): the prefork pool with one process per core
# of this 2-core machine. BENCH_CONCURRENCY=1 measures a single process (--pool=solo).
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
POOL = ["--pool=solo"] if CONCURRENCY == 1 else ["--pool=prefork", "-c", str(CONCURRENCY)]


def main():
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        print(
            "bench_scoring: needs PostgreSQL. Set DATABASE_URL=postgres://user@host:5432/name "
            "(a scratch database <name>_bench is created beside it and dropped afterwards).",
            file=sys.stderr,
        )
        return 2
    parts = urlsplit(url)
    bench_name = parts.path.lstrip("/") + "_bench"
    bench_url = urlunsplit(parts._replace(path="/" + bench_name))
    admin_conninfo = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))

    _recreate_database(admin_conninfo, bench_name)
    try:
        env = {**os.environ, "DATABASE_URL": bench_url, "DJANGO_DEBUG": "True"}
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=BASE_DIR, env=env, check=True,
        )
        os.environ.update(env)
        return _bench(env)
    finally:
        _drop_database(admin_conninfo, bench_name)


def _bench(env):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    t = time.perf_counter()
    campaign = generate(N)
    print(f"generated {N:,} submitted assignments x 48 items by COPY "
          f"in {time.perf_counter() - t:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    a = min(time_plain_copy(campaign) for _ in range(3))
    print(f"(a) plain COPY of the answer rows: {a:.2f} s", flush=True)

    runs = []
    for i in range(RUNS):
        reset_scoring()
        b_i, peak_i, run = time_batch_scoring(campaign, env, N)
        runs.append((b_i, peak_i))
        # Where it went, from the run's own timestamps (database clock): preparing is
        # picking the assignments and building the norm group, one task; the chunks then
        # run in parallel on the worker's processes.
        prepare = (run.started_at - run.created_at).total_seconds()
        chunks = (run.finished_at - run.started_at).total_seconds()
        print(f"(b) run {i + 1}: batch scoring, one worker, enqueue to finished (norms "
              f"included): {b_i:.2f} s, b/a={b_i / a:.2f}, peak_rss_mb={peak_i[0]:.0f} "
              f"peak_pss_mb={peak_i[1]:.0f}; of which "
              f"preparing (assignments, norm group) {prepare:.2f} s, scoring "
              f"{-(-N // settings_chunk()):,} chunks {chunks:.2f} s", flush=True)
    b = statistics.median(b_i for b_i, _ in runs)
    peak_mb = max(peak_i[0] for _, peak_i in runs)
    peak_pss = max(peak_i[1] for _, peak_i in runs)
    print(f"(b) median of {RUNS}: {b:.2f} s", flush=True)

    c_subset = time_orm_loop(campaign, ORM_N)
    c = c_subset * N / ORM_N
    print(f"(c) per-assignment ORM loop: {c_subset:.2f} s for {ORM_N:,}, "
          f"scaled to {N:,}: {c:.1f} s", flush=True)

    if N_LARGE > N:
        t = time.perf_counter()
        add_people(campaign, N, N_LARGE - N)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"added {N_LARGE - N:,} submitted assignments to the campaign "
              f"in {time.perf_counter() - t:.1f} s", flush=True)
        reset_scoring()
        b_large, peak_large, _ = time_batch_scoring(campaign, env, N_LARGE)
        print(f"large n={N_LARGE} b={b_large:.2f} peak_rss_mb={peak_large[0]:.0f} "
              f"peak_pss_mb={peak_large[1]:.0f}", flush=True)
    connection.close()
    print(f"ratio b/a={b / a:.2f} c/b={c / b:.1f} peak_rss_mb={peak_mb:.0f} "
          f"peak_pss_mb={peak_pss:.0f}")
    return 0


# --- Scratch database -------------------------------------------------------------------


def _recreate_database(admin_conninfo, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(admin_conninfo, name):
    import psycopg
    from psycopg import sql

    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - Django may not be set up yet; nothing to close then
        pass
    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
    print(f"dropped the scratch database {name}", file=sys.stderr)


# --- Data -------------------------------------------------------------------------------


def generate(n, seed=20261129):
    """A published 48-item bank, n employees, one campaign, n submitted assignments and
    their simulated answers (with timings), all bulk-loaded by COPY."""
    from assessments import scoring
    from assessments.demo import bank_from_layout
    from assessments.models import Campaign
    from talent.models import Department

    layout = scoring.demo_layout()
    version = bank_from_layout(layout, "BENCH", name="Benchmark bank")
    Department.objects.create(code="BENCH", name="Benchmark")
    campaign = Campaign.objects.create(
        name="Benchmark campaign", bank_version=version, status=Campaign.Status.OPEN
    )
    add_people(campaign, 0, n, seed)
    return campaign


def add_people(campaign, start, n, seed=20261129):
    """n more employees (numbered from `start`) with a submitted assignment each in
    `campaign` and their simulated answers, by COPY. The answers of people start.. are
    simulated with their own seed, so a campaign grown in steps differs from one made at
    once only in which random numbers each person got."""
    import numpy as np
    from django.db import connection
    from django.utils import timezone

    from assessments import scoring
    from talent.models import Department

    layout = scoring.demo_layout()
    now = timezone.now()
    items = list(campaign.bank_version.items.order_by("order", "pk"))
    department = Department.objects.get(code="BENCH")

    with connection.cursor() as cursor:
        raw = cursor.cursor
        # The rows are consistent by construction, and checking 10 million foreign keys
        # would take longer than the whole benchmark: skip the triggers while loading
        # (superuser only; this is a scratch database).
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT coalesce(max(id), 0) FROM talent_employee")
        employees_before = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM assessments_assignment")
        assignments_before = cursor.fetchone()[0]
        with raw.copy(
            "COPY talent_employee (employee_id, name, email, department_id, active) FROM STDIN"
        ) as copy:
            for i in range(start, start + n):
                copy.write_row((f"B{i:07d}", f"Person {i}", "", department.pk, True))
        cursor.execute("SELECT id FROM talent_employee WHERE department_id = %s AND id > %s "
                       "ORDER BY id", [department.pk, employees_before])
        employee_ids = [row[0] for row in cursor.fetchall()]
        with raw.copy(
            "COPY assessments_assignment (campaign_id, employee_id, status, started_at, "
            "submitted_at) FROM STDIN"
        ) as copy:
            for employee_id in employee_ids:
                copy.write_row((campaign.pk, employee_id, "submitted", now, now))
        cursor.execute(
            "SELECT id FROM assessments_assignment WHERE campaign_id = %s AND id > %s "
            "ORDER BY id", [campaign.pk, assignments_before],
        )
        assignment_ids = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        item_ids = np.array([item.pk for item in items], dtype=np.int64)

        sim = scoring.simulate(layout, n, np.random.default_rng([seed, start]) if start
                               else np.random.default_rng(seed))
        answered = ~np.isnan(sim.X)
        person, column = np.nonzero(answered)
        rows = np.zeros(len(person), dtype=_ANSWER_ROW)
        rows["fields"] = 4
        rows["len_a"], rows["len_i"], rows["len_v"], rows["len_s"] = 8, 8, 2, 8
        rows["assignment"] = assignment_ids[person]
        rows["item"] = item_ids[column]
        rows["value"] = sim.X[answered].astype(np.int16)
        rows["seconds"] = np.round(sim.seconds[answered], 2)
        with raw.copy(
            "COPY assessments_answer (assignment_id, item_id, value, seconds) "
            "FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.write(b"PGCOPY\n\xff\r\n\x00" + bytes(8))
            step = 500_000
            for i in range(0, len(rows), step):
                copy.write(rows[i : i + step].tobytes())
            copy.write(b"\xff\xff")
        cursor.execute("SET session_replication_role = DEFAULT")


def _answer_row_dtype():
    import numpy as np

    return np.dtype([
        ("fields", ">i2"),
        ("len_a", ">i4"), ("assignment", ">i8"),
        ("len_i", ">i4"), ("item", ">i8"),
        ("len_v", ">i4"), ("value", ">i2"),
        ("len_s", ">i4"), ("seconds", ">f8"),
    ])


_ANSWER_ROW = _answer_row_dtype()


# --- (a) the floor ----------------------------------------------------------------------


def time_plain_copy(campaign):
    from django.db import connection

    sql = (
        "COPY (SELECT assignment_id, item_id, value FROM assessments_answer "
        "WHERE assignment_id IN (SELECT id FROM assessments_assignment "
        "WHERE campaign_id = %s AND status = 'submitted')) TO STDOUT"
    )
    size = 0
    t = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(sql, [campaign.pk]) as copy:
        for block in copy:
            size += len(block)
    elapsed = time.perf_counter() - t
    if size == 0:
        raise SystemExit("the plain COPY returned nothing")
    return elapsed


# --- (b) batch scoring with one worker --------------------------------------------------


def reset_scoring():
    """Back to a campaign never scored: no result, summary, run or norm group (so each
    run of (b) builds its norm group as the first did). TRUNCATE, not DELETE: no dead
    rows for the next run to wade through. CASCADE reaches only what hangs off results
    and runs (review decisions and the like, empty here), never the answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE assessments_resultsummary, assessments_result, "
                       "assessments_scoringrun, assessments_normgroup CASCADE")
        cursor.execute("ANALYZE assessments_resultsummary, assessments_result, "
                       "assessments_scoringrun, assessments_normgroup")


def time_batch_scoring(campaign, env, n):
    from django.db import transaction

    from assessments import tasks
    from assessments.models import Result, ScoringRun
    from config.celery import app

    app.control.purge()
    worker = subprocess.Popen(
        [str(BASE_DIR / ".venv/bin/celery"), "-A", "config", "worker", *POOL,
         "--loglevel=warning", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=BASE_DIR, env=env,
    )
    try:
        _wait_for_worker(app, worker)
        t = time.perf_counter()
        with transaction.atomic():
            run = tasks.start_run(campaign)
        peak_pss, polls = 0.0, 0
        while True:
            run.refresh_from_db()
            if not run.is_active:
                break
            if worker.poll() is not None:
                raise SystemExit("the worker died during the run")
            if polls % 5 == 0:
                peak_pss = max(peak_pss, _pss_mb(worker.pid))
            polls += 1
            time.sleep(0.02)
        elapsed = time.perf_counter() - t
        peak_mb = _peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    if run.status != ScoringRun.Status.FINISHED or run.done != n or run.failed:
        raise SystemExit(f"the run did not score everything: {run.status} "
                         f"done={run.done} failed={run.failed} {run.error}")
    assert Result.objects.filter(run=run).count() == n
    return elapsed, (peak_mb, peak_pss), run


def settings_chunk():
    from django.conf import settings

    return settings.SCORING_CHUNK_SIZE


def _wait_for_worker(app, worker, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit("the worker exited at start")
        if app.control.ping(timeout=0.5):
            return
    raise SystemExit("the worker did not start")


def _worker_pids(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(p) for p in children.read_text().split())] if children.exists() \
        else [pid]


def _pss_mb(pid):
    """The worker's memory now: the proportional set size of its main process and every
    pool process, added up. Unlike resident sizes it counts a page the pool processes
    share with the main one (the code and data of Django and numpy, inherited at fork)
    once, split between them, so the sum is what the worker takes from the machine."""
    total = 0
    for p in _worker_pids(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):  # a pool process just replaced
            continue
    return total / 1024


def _peak_rss_mb(pid):
    """Peak resident memory of the worker: its main process plus every pool process
    (VmHWM of each, added up: a conservative figure for the whole worker, which counts
    each page the processes share once per process and adds peaks that need not
    coincide; `_pss_mb`, sampled through the run, is the fair one)."""
    total = 0
    for p in _worker_pids(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    if not total:
        raise SystemExit("no VmHWM for the worker")
    return total / 1024


# --- (c) the naive loop -----------------------------------------------------------------


def time_orm_loop(campaign, n):
    """What one would write first: per assignment, fetch its answers, score, save."""
    import numpy as np

    from assessments import engine_io, scoring
    from assessments.models import Answer, Assignment, Result, ScoringSpec
    from assessments.services.norms import ensure_norm_group

    t = time.perf_counter()
    stored_spec = ScoringSpec.objects.current()
    spec = stored_spec.engine()
    bank = engine_io.bank_layout(campaign.bank_version)
    norm_group = ensure_norm_group(campaign, stored_spec, bank)
    norms = norm_group.norms()
    column = {int(item_id): j for j, item_id in enumerate(bank.item_ids)}
    assignments = Assignment.objects.filter(campaign=campaign, status="submitted").order_by("pk")
    for assignment in assignments[:n]:
        x = np.full((1, bank.layout.k), np.nan)
        seconds = np.full((1, bank.layout.k), np.nan)
        for answer in Answer.objects.filter(assignment=assignment):
            x[0, column[answer.item_id]] = answer.value
            if answer.seconds is not None:
                seconds[0, column[answer.item_id]] = answer.seconds
        scores = scoring.score(x, bank.layout, norms, spec, seconds=seconds)
        result = engine_io.result_fields_of(scores)[0]
        Result.objects.update_or_create(
            assignment=assignment, spec=stored_spec,
            defaults={**result, "norm_group": norm_group,
                      "bank_version_id": campaign.bank_version_id, "run": None},
        )
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
