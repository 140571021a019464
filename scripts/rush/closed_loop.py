"""The rush benchmark's closed loop (`--closed`): saturation. Kept beside the open loop
because it answers another question: not how many people can answer at once, but what
the server does when every request is sent as soon as the last one is answered.

BENCH_RUSH_USERS (300) people with a password and an assignment each in an open
campaign closing tomorrow on the default bank (nothing acknowledged, nothing started).
The client (rush/client.py) plays each person as a browser would,
BENCH_RUSH_CONCURRENCY (50) people at a time, one thread each, each request sent as soon
as the last one is answered:

  GET the login page, POST the credentials with its CSRF token; the home page; the
  invitation's link (redirected to the notice); the notice, acknowledged; then each
  questionnaire page: load it (and its static files, the first time), autosave every
  answer (htmx's POST with the sequence number and seconds the page's script adds; one
  answer in five is chosen again with another value), and press Next (the page's form,
  which resends each save); on the last page, Submit; the "submitted" page; the report
  (pending: no scoring runs, it is 200 all the same).

Printed: each endpoint's count, p50/p95/p99 and errors (a person stops at their first
error), the throughput over the whole rush, and the audit of the database afterwards
(rush/audit.py). The last line reads
`rush users=<n> rps=<x> p95_ms=<worst endpoint's p95> errors=<n> lost=<n> duplicated=<n>`
and the exit status is 1 when errors, lost or duplicated is not 0.
"""

import os
import random
import time
from concurrent.futures import ThreadPoolExecutor

import loopback

from . import client
from .audit import audit
from .people import make_people

USERS = int(os.environ.get("BENCH_RUSH_USERS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_RUSH_CONCURRENCY", "50"))
# People who go through it all first, not counted: the workers' first requests (imports,
# templates compiled, per-process caches) are not what a rush waits for.
WARM_UP = 6


def make_everybody(campaign):
    """The warm-up's people and the rush's, who log in with the password: (username,
    assignment id) each."""
    people = make_people(campaign, WARM_UP + USERS, "rush", password=True)
    return [(p.username, p.assignment_id) for p in people]


def bench(port, everybody):
    """The closed loop against gunicorn on `port`: the warm-up, the rush, the table, the
    audit and the last line; the exit status."""
    warm_up, people = everybody[:WARM_UP], everybody[WARM_UP:]
    acknowledged, submitted = {}, set()
    warming, warm_failures, __ = play(port, warm_up, WARM_UP, acknowledged, submitted)
    load_before = os.getloadavg()
    print(
        f"gunicorn: 127.0.0.1:{port}, {loopback.serving()}; {len(people)} people, "
        f"{CONCURRENCY} at a time, after {len(warm_up)} not timed; load average before "
        f"{load_average(load_before)}",
        flush=True,
    )
    timings, failures, elapsed = play(port, people, CONCURRENCY, acknowledged, submitted)
    load_after = os.getloadavg()
    failures = warm_failures + failures

    total = sum(len(values) for values in timings.latencies.values())
    # The warm-up is not timed, but its errors are errors.
    errors = sum(timings.errors.values()) + sum(warming.errors.values())
    print(
        f"{'endpoint':12s} {'requests':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
        f"{'errors':>6s}"
    )
    for name in client.ENDPOINTS:
        values = timings.latencies[name]
        print(
            f"{name:12s} {len(values):8d} {loopback.percentile(values, 0.50):8.1f} "
            f"{loopback.percentile(values, 0.95):8.1f} "
            f"{loopback.percentile(values, 0.99):8.1f} {timings.errors[name]:6d}"
        )
    for failure in failures[:10]:
        print(f"stopped: {failure}")
    worst_name, worst = max(
        ((name, loopback.percentile(values, 0.95)) for name, values in timings.latencies.items()),
        key=lambda pair: pair[1],
    )
    rps = total / elapsed
    print(
        f"{total} requests in {elapsed:.1f} s = {rps:.1f}/s; "
        f"{len(everybody) - len(failures)} of {len(everybody)} people finished; "
        f"worst p95: {worst_name}; "
        f"load average after {load_average(load_after)}",
        flush=True,
    )

    lost, duplicated = audit(acknowledged, submitted, [pk for __, pk in everybody])
    print(
        f"audit: {len(acknowledged)} acknowledged answers, {len(submitted)} acknowledged "
        f"submissions; lost {lost}, duplicated {duplicated}"
    )
    print(
        f"rush users={len(people)} rps={rps:.1f} p95_ms={worst:.1f} errors={errors} "
        f"lost={lost} duplicated={duplicated}"
    )
    return 1 if errors or lost or duplicated else 0


def play(port, people, concurrency, acknowledged, submitted):
    """Everybody in `people` ((username, assignment id) each) from the login page to their
    report with no pause, `concurrency` at a time: (timings, failures, seconds). The open
    loop's logins before its steps are such a rush too."""
    timings, failures = client.Timings(), []
    rng = random.Random(len(people))
    seeds = [rng.random() for _ in people]

    def one(k):
        username, assignment_id = people[k]
        try:
            client.login_and_answer(
                port,
                timings,
                username,
                assignment_id,
                random.Random(seeds[k]),
                acknowledged,
                submitted,
            )
        except client.Failed as failure:
            failures.append(f"{username}: {failure}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(len(people))))
    return timings, failures, time.perf_counter() - started


def load_average(averages):
    """os.getloadavg()'s three figures as both loops print them: other work shares the
    machine, and a latency reads differently with it busy."""
    return " ".join(f"{x:.2f}" for x in averages)
