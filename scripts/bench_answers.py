#!/usr/bin/env python
"""Autosave benchmark on PostgreSQL with gunicorn on loopback (`make bench-answers`;
docs/architecture.md, "Budgets": saving an answer at least half the throughput of a bare
view doing one indexed read).

Creates a scratch database beside the one DATABASE_URL names (`<name>_bench_answers`),
loads the default bank, an open campaign and BENCH_RESPONDENTS (100) signed-in people
with the notice acknowledged, then starts gunicorn on 127.0.0.1 as deployed (3 sync
workers, docker-compose.yml) with the bench-only bare view switched on
(ANSWERS_BENCH_VIEW). A bounded loopback client (one thread per simulated respondent,
each sending its next request when the last one is answered) runs, alternately, phases
against:

  (a) the bare view: a signed-in POST, CSRF-checked, one indexed read (the baseline);
  (b) the autosave endpoint: each respondent answers its items, one save per choice,
      with the sequence number and seconds a browser sends.

Each phase lasts BENCH_PHASE_SECONDS (5) and every respondent sends at most
BENCH_MAX_REQUESTS (2000) per phase. The last line reads
`answers ratio=<autosave/bare throughput> p95_ms=<autosave p95 latency> errors=<n>`
(errors: any response other than 200, or a failed connection, in either phase). The
scratch database is dropped and gunicorn stopped at the end, whatever happens.
"""

import http.client
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import loopback

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

RESPONDENTS = int(os.environ.get("BENCH_RESPONDENTS", "100"))
PHASE_SECONDS = float(os.environ.get("BENCH_PHASE_SECONDS", "5"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
WORKERS = loopback.WORKERS
CSRF_SECRET = "b" * 32


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not loopback.is_postgres(url):
        print("bench_answers: needs PostgreSQL. Set DATABASE_URL=postgres://user@host:5432/name "
              "(a scratch database <name>_bench_answers is created beside it and dropped "
              "afterwards).", file=sys.stderr)
        return 2
    with loopback.scratch_database(url, "_bench_answers") as bench_url:
        env = loopback.server_env(bench_url, ANSWERS_BENCH_VIEW="True")
        loopback.migrate(env)
        os.environ.update(env)
        people = _prepare()
        with loopback.gunicorn(env, WORKERS) as port:
            return _bench(port, people)


def _prepare():
    """The bank, an open campaign and the respondents: (session key, assignment id,
    [(item id, values)]) each."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from assessments.models import Assignment, Campaign
    from assessments.services import answering
    from assessments.services.bank_files import load_default_bank
    from talent.models import Department, Employee, User

    version, __ = load_default_bank(publish_it=True)
    campaign = Campaign.objects.create(name="Bench", bank_version=version,
                                       status=Campaign.Status.OPEN)
    department = Department.objects.create(code="BENCH", name="Bench")
    allowed = answering.version_items(version.pk)
    people = []
    for i in range(RESPONDENTS):
        user = User(username=f"bench{i:03d}")
        user.set_unusable_password()
        user.save()
        employee = Employee.objects.create(employee_id=f"B{i:05d}", name=f"Bench {i}",
                                           department=department, user=user)
        assignment = Assignment.objects.create(campaign=campaign, employee=employee)
        assignment = Assignment.objects.select_related("campaign").get(pk=assignment.pk)
        answering.acknowledge_notice(assignment)
        order = answering.start(assignment)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "talent.backends.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append((session.session_key, assignment.pk,
                       [(pk, allowed[pk]) for pk in order]))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return people


def _bench(port, people):
    print(f"gunicorn: 127.0.0.1:{port}, {WORKERS} sync workers; {len(people)} respondents; "
          f"{ROUNDS} rounds of {PHASE_SECONDS:.0f} s per phase", flush=True)
    state = [{"sequence": 0, "at": 0} for _ in people]
    bare_rates, save_rates, save_latencies, errors = [], [], [], 0
    for phase in ("bare", "autosave"):  # warm-up, not counted: workers' first requests
        _phase(port, people, state, phase, seconds=2)
    for round_number in range(1, ROUNDS + 1):
        for phase in ("bare", "autosave"):
            done, latencies, failed, elapsed = _phase(port, people, state, phase)
            rate = done / elapsed
            errors += failed
            (bare_rates if phase == "bare" else save_rates).append(rate)
            if phase == "autosave":
                save_latencies.extend(latencies)
            print(f"round {round_number} {phase:8s}: {done:6d} requests in {elapsed:.1f} s "
                  f"= {rate:7.1f}/s, p95 {_p95(latencies):6.1f} ms, errors {failed}",
                  flush=True)
    bare, save = sum(bare_rates) / len(bare_rates), sum(save_rates) / len(save_rates)
    print(f"bare view {bare:.1f}/s, autosave {save:.1f}/s")
    print(f"answers ratio={save / bare:.2f} p95_ms={_p95(save_latencies):.1f} errors={errors}")
    return 0


def _phase(port, people, state, phase, seconds=PHASE_SECONDS):
    deadline = time.perf_counter() + seconds
    counts, latencies, failures = [0] * len(people), [[] for _ in people], [0] * len(people)
    rng = random.Random(len(people))
    seeds = [rng.random() for _ in people]

    def respondent(k):
        session_key, assignment_id, items = people[k]
        local = random.Random(seeds[k])
        headers = {"Cookie": f"sessionid={session_key}; csrftoken={CSRF_SECRET}",
                   "X-CSRFToken": CSRF_SECRET, "HX-Request": "true",
                   "Content-Type": "application/x-www-form-urlencoded"}
        while counts[k] < MAX_REQUESTS and time.perf_counter() < deadline:
            if phase == "bare":
                path, body = f"/assessments/bench/bare/{assignment_id}/", ""
            else:
                me = state[k]
                item_id, values = items[me["at"] % len(items)]
                me["at"] += 1
                me["sequence"] += 1
                path = f"/assessments/assignments/{assignment_id}/autosave/"
                body = urlencode({"item": item_id, "value": local.choice(values),
                                  "sequence": me["sequence"],
                                  "seconds": f"{local.uniform(2, 15):.1f}"})
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
            except OSError:
                ok = False
            latencies[k].append((time.perf_counter() - started) * 1000)
            counts[k] += 1
            failures[k] += not ok

    threads = [threading.Thread(target=respondent, args=(k,)) for k in range(len(people))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return sum(counts), [x for lat in latencies for x in lat], sum(failures), elapsed


def _p95(values):
    return loopback.percentile(values, 0.95)


if __name__ == "__main__":
    sys.exit(main())
