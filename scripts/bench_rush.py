#!/usr/bin/env python
"""Deadline-rush benchmark through the real pages (`make bench-rush`; docs/architecture.md,
"Budgets"). Two modes, both on gunicorn on 127.0.0.1 as deployed (DEBUG off; workers and
threads from GUNICORN_WORKERS / GUNICORN_THREADS as config/gunicorn.py reads them, 3 x 4
when unset) and a scratch database beside the one DATABASE_URL names
(`<name>_bench_rush`, dropped at the end whatever happens):

**Open loop (the default): how many people can answer at once.** People pause 3 to 8 s
over every click; steps of more and more people answering at once find the largest
number that keeps autosave p95 <= 300 ms and page p95 <= 800 ms with no error and
nothing lost or duplicated. One row per step, then exactly one line
`rush people_per_core=<n> autosave_p95_ms=<x> page_p95_ms=<y> errors=0 lost=0 duplicated=0`
(scripts/rush/open_loop.py says how).

**Closed loop (`--closed`): saturation.** BENCH_RUSH_USERS (300) people,
BENCH_RUSH_CONCURRENCY (50) at a time, each request sent as soon as the last one is
answered. The last line reads
`rush users=<n> rps=<x> p95_ms=<worst endpoint's p95> errors=<n> lost=<n> duplicated=<n>`
(scripts/rush/closed_loop.py says how).

Both play people with the same client (scripts/rush/client.py), invited in the scratch
database by scripts/rush/people.py, and audit the database afterwards
(scripts/rush/audit.py). This file is the command line and the server around them: the
scratch database, migrations, static files and gunicorn. The scratch database is dropped
and gunicorn stopped at the end, whatever happens.

Login throttling (django-axes, config/login_throttle.py) counts failed logins only, per
account and address, so 300 good logins from 127.0.0.1 are never throttled and the
server runs with the deployed limits. Submitting queues no task (scoring starts when
HR scores or the campaign closes), so no Celery worker runs; the cache is Redis when
CELERY_BROKER_URL is, on the broker's own database number.
"""

import os
import sys
from pathlib import Path

import loopback
from rush import closed_loop, open_loop
from rush.people import open_campaign

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main(argv=None):
    options = _options(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not loopback.is_postgres(url):
        print(
            "bench_rush: needs PostgreSQL. Set DATABASE_URL=postgres://user@host:5432/name "
            "(a scratch database <name>_bench_rush is created beside it and dropped "
            "afterwards).",
            file=sys.stderr,
        )
        return 2
    with loopback.scratch_database(url, "_bench_rush") as bench_url:
        env = loopback.server_env(bench_url, **_cache_env())
        loopback.migrate(env)
        loopback.collectstatic(env)
        os.environ.update(env)
        _setup_django()
        campaign = open_campaign()
        if options.closed:
            everybody = closed_loop.make_everybody(campaign)
            with loopback.gunicorn(env, workers=None) as port:
                return closed_loop.bench(port, everybody)
        with loopback.gunicorn(env, workers=None) as port:
            return open_loop.bench(port, campaign, options)


def _options(argv):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--closed",
        action="store_true",
        help="the closed loop with no pause (saturation), as before",
    )
    parser.add_argument(
        "--start", type=int, default=50, help="people answering at once in the first step (50)"
    )
    parser.add_argument(
        "--max-people", type=int, default=3200, help="no step beyond this many people (3200)"
    )
    parser.add_argument("--step-seconds", type=float, default=60.0, help="length of a step (60)")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=12.0,
        help="no step starts unless it ends within this (12)",
    )
    parser.add_argument(
        "--think-scale",
        type=float,
        default=1.0,
        help="multiplies the 3-8 s pauses (tests use a small one)",
    )
    return parser.parse_args(argv)


def _setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def _cache_env():
    """The cache on the broker's own Redis database (the settings' default is the next
    number, which may be somebody else's scratch database)."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return {"CACHE_URL": broker} if broker.startswith(("redis://", "rediss://")) else {}


if __name__ == "__main__":
    sys.exit(main())
