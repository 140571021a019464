#!/usr/bin/env python
"""The results' read model on PostgreSQL (models/summaries.py): what keeping it costs a
scoring run, and how long a full rebuild takes.

Creates a scratch database beside the one DATABASE_URL names (`<name>_readmodel`), fills
it as `make bench-dashboards` does (BENCH_N employees, two campaigns scored by the real
engine and written with COPY through engine_io.write_results), then, for chunks of
5,000 results of the first campaign (the production chunk size), times:

  write     engine_io.write_results re-scoring the chunk (staging COPY, reopen check,
            INSERT ... ON CONFLICT, and the summaries' refresh: what a run pays);
  refresh   the summaries' refresh of the chunk alone (the read model's share of it);
  rebuild   `rebuild_result_summaries` over every result (per 10,000 results).

The last line reads `read_model refresh_ms=<median> write_ms=<median>
refresh_share=<refresh/write> rebuild_s_per_10k=<x>`. The scratch database is dropped
at the end.

Environment: DATABASE_URL (PostgreSQL; default postgres://postgres@127.0.0.1:5432/talent),
BENCH_N (20000), BENCH_REPEAT (5).
"""

import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

import loopback

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

N = int(os.environ.get("BENCH_N", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
CHUNK = 5000


def main():
    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/talent"
    if not loopback.is_postgres(url):
        print("bench_read_model: needs PostgreSQL (DATABASE_URL=postgres://user@host/name).",
              file=sys.stderr)
        return 2
    with loopback.scratch_database(url, "_readmodel") as bench_url:
        env = loopback.server_env(bench_url)
        loopback.migrate(env)
        os.environ.update(env)
        return _bench()


def _bench():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    import numpy as np
    from bench_dashboards import generate
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from assessments import engine_io, scoring
    from assessments.models import NormGroup, Result, ResultSummary, ScoringRun

    t = time.perf_counter()
    world = generate(N)
    print(f"generated {world['results']:,} results in {time.perf_counter() - t:.1f} s",
          flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    campaign = world["campaigns"][0]
    ids = campaign.assignments.submitted().sorted_ids()[:CHUNK]
    norm_group = NormGroup.objects.get()
    layout = scoring.demo_layout()
    sim = scoring.simulate(layout, len(ids), np.random.default_rng(7))
    scores = scoring.score(sim.X, layout, norm_group.norms(), world["spec"].engine(),
                           seconds=sim.seconds)
    writes, refreshes = [], []
    for __ in range(REPEAT):
        run = ScoringRun.objects.create(campaign=campaign, spec=world["spec"],
                                        norm_group=norm_group,
                                        status=ScoringRun.Status.FINISHED)
        fixed = {"spec_id": world["spec"].pk, "norm_group_id": norm_group.pk,
                 "bank_version_id": norm_group.bank_version_id, "run_id": run.pk,
                 "computed_at": timezone.now()}
        with transaction.atomic():
            t = time.perf_counter()
            engine_io.write_results(ids, scores, fixed)
            writes.append(time.perf_counter() - t)
        with transaction.atomic():
            t = time.perf_counter()
            ResultSummary.objects.refresh(Result.objects.filter(
                spec_id=fixed["spec_id"], assignment_id__gte=int(ids.min()),
                assignment_id__lte=int(ids.max()), run_id=run.pk))
            refreshes.append(time.perf_counter() - t)
    total = Result.objects.count()
    t = time.perf_counter()
    call_command("rebuild_result_summaries", stdout=StringIO())
    rebuild = time.perf_counter() - t
    write_ms, refresh_ms = (1000 * statistics.median(writes),
                            1000 * statistics.median(refreshes))
    print(f"{len(ids):,}-result chunk: write {write_ms:.0f} ms (median of {REPEAT}), of which "
          f"the summaries' refresh {refresh_ms:.0f} ms; rebuild of {total:,} results "
          f"{rebuild:.1f} s", flush=True)
    print(f"read_model refresh_ms={refresh_ms:.0f} write_ms={write_ms:.0f} "
          f"refresh_share={refresh_ms / write_ms:.2f} "
          f"rebuild_s_per_10k={10_000 * rebuild / total:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
