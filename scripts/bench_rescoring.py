#!/usr/bin/env python
"""Re-scoring benchmark on PostgreSQL: what sending changed, reviewed results back to
review costs (docs/architecture.md, "Review of results").

In a scratch database (`<name>_rescore_bench`, dropped at the end) it loads N submitted
assignments (scripts/bench_scoring.py's generator), scores them once, releases every
result (so every row is "reviewed", the worst case for the check) and marks 1% of them as
if an earlier scoring had given another family. Then, in this process, it times:

  (a) a plain COPY of the answer rows out of the database: the floor;
  (b) a re-score of every result with the reopen check (as the product runs);
  (c) the same re-score with the check switched off (the write path before reviews).

Each of (b) and (c) starts from the same state and runs twice; the faster run counts.
The last line reads `ratio b/a=<x> c/a=<y> b/c=<z> reopened=<n>`.

Environment: DATABASE_URL (PostgreSQL, required), BENCH_N (default 20000).
"""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "scripts"))

N = int(os.environ.get("BENCH_N", "20000"))
CHANGED_SHARE = 0.01


def main():
    import subprocess

    from bench_scoring import _drop_database, _recreate_database

    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        print("bench_rescoring: needs PostgreSQL in DATABASE_URL.", file=sys.stderr)
        return 2
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_rescore_bench"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    _recreate_database(admin, name)
    try:
        env = {**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path="/" + name))}
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
                       cwd=BASE_DIR, env=env, check=True)
        os.environ.update(env)
        return _bench()
    finally:
        _drop_database(admin, name)


def _bench():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from bench_scoring import generate, time_plain_copy
    from django.db import connection

    from assessments.models import ReviewDecision
    from assessments.services import scoring_runs

    campaign = generate(N)
    scoring_runs.run_sync(scoring_runs.create_run(campaign))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    a = min(time_plain_copy(campaign) for _ in range(3))
    print(f"(a) plain COPY of the answer rows: {a:.2f} s", flush=True)

    with_check = without_check = float("inf")
    for _ in range(2):
        without_check = min(without_check, _time_rescore(campaign, reopen=False))
        with_check = min(with_check, _time_rescore(campaign, reopen=True))
    reopened = ReviewDecision.objects.filter(decision=ReviewDecision.Decision.REOPEN).count()
    print(f"(b) re-score with the reopen check: {with_check:.2f} s", flush=True)
    print(f"(c) re-score without it: {without_check:.2f} s", flush=True)
    connection.close()
    print(f"ratio b/a={with_check / a:.2f} c/a={without_check / a:.2f} "
          f"b/c={with_check / without_check:.2f} reopened={reopened}")
    return 0


def _time_rescore(campaign, *, reopen):
    from django.db import connection
    from django.db.models import F

    from assessments import bulk, engine_io
    from assessments.models import Result
    from assessments.services import scoring_runs

    results = Result.objects.filter(assignment__campaign=campaign)
    results.update(review_state="released", released_family=F("role_family"))
    step = round(1 / CHANGED_SHARE)
    with connection.cursor() as cursor:
        # Every 100th result, as if an earlier scoring had said another family.
        cursor.execute(
            "UPDATE assessments_result SET role_family = CASE role_family "
            "WHEN 'execution' THEN 'compression' ELSE 'execution' END, released_family = "
            "CASE role_family WHEN 'execution' THEN 'compression' ELSE 'execution' END "
            "WHERE validity <> 'invalid' AND id %% %s = 0", [step])
        cursor.execute("VACUUM ANALYZE assessments_result")
    original = bulk.upsert

    def upsert(*args, **kwargs):
        if not reopen:
            kwargs.pop("reopen_reviewed_on", None)
        return original(*args, **kwargs)

    engine_io.bulk.upsert = upsert
    try:
        t = time.perf_counter()
        scoring_runs.run_sync(scoring_runs.create_run(campaign))
        return time.perf_counter() - t
    finally:
        engine_io.bulk.upsert = original


if __name__ == "__main__":
    sys.exit(main())
