"""The rush benchmark's open loop (the default): how many people can answer at once.
People answer as people do: each takes 3 to 8 seconds (seeded, `--think-scale` shrinks
it) over every click (an answer, a change of mind, Next, Submit). The script runs steps
of `--step-seconds` (60) with a given number of people answering at once, doubling from
`--start` (50) while a step passes, then bisecting between the last that passed and the
first that failed, as long as the next step fits in `--budget-minutes` (12). A step
passes when autosave p95 <= 300 ms, page p95 <= 800 ms (every HTML request but the
saves: home, entry, notice, acknowledgement, page loads, Next, Submit, the submitted
page), no errors, and the database audit after the step (rush/audit.py) finds no answer
lost or duplicated.

  In a step, each seat holds one person at a time, fresh people each step. The first
  person of a seat was already answering when the window opened: notice acknowledged,
  the pages before a random one answered (written by the bench). The seats start
  spread over the first quarter of the step (at most 15 s): a browser tab opened at the
  home page, its static files loaded (once; a browser caches them), the invitation's
  link, which resumes at the page they were on. A seat whose person submits takes a
  new one, who starts from the home page, reads and acknowledges the notice and answers
  from page 1: the number answering stays the same. Latencies are kept from the end of
  that first quarter, when every seat is taken (errors all along); at the end of the
  step nobody sends another request (those in flight finish) and the database is
  audited.

  Logins: a password login costs the server about a second of CPU (the password hash),
  and real people log in minutes apart, not within one step. So the first
  BENCH_RUSH_LOGINS (10) people log in through the login form and go through the whole
  questionnaire with no pause before the steps (the workers' first requests, not
  timed; their login times are printed), and everybody else starts with a session the
  bench made in the database as a login does (django.test.Client.force_login). The
  output says so.

  Printed: one row per step (people answering at once, requests, autosave and page p50
  and p95, static files p95, errors, lost, duplicated, submissions, the machine's load
  average, verdict), then
  exactly one line
  `rush people_per_core=<n> autosave_p95_ms=<x> page_p95_ms=<y> errors=0 lost=0 duplicated=0`
  for the largest passing step, per core the server may use (the CPUs this process may
  run on, BENCH_RUSH_CORES to say otherwise; the client shares them). The exit status is
  1 when no step passed or any step lost or duplicated an answer.
"""

import os
import random
import threading
import time

import loopback

from . import client
from .audit import audit
from .closed_loop import load_average, play
from .people import make_people

LOGINS = int(os.environ.get("BENCH_RUSH_LOGINS", "10"))
THINK = (3.0, 8.0)  # seconds a person takes over each click
AUTOSAVE_BUDGET_MS, PAGE_BUDGET_MS = 300, 800
RAMP_MAX = 15.0  # seconds over which a step's seats start, at most
# What the open loop's "page p95" covers: every HTML request a person waits for but the
# saves (timed apart) and the report (the closed loop's only).
PAGES = ("home", "entry", "notice", "acknowledge", "page load", "next page", "submit", "submitted")


class Step:
    """One step's figures: `people` answering at once for `seconds`."""

    def __init__(self, people, seconds, timings, failures, audited, seats_emptied):
        self.people, self.seconds, self.failures = people, seconds, failures
        # What the client counted (for the tests) and what the audit found of it.
        self.acknowledged, self.submitted, self.assignment_ids = audited[:3]
        self.lost, self.duplicated = audited[3:]
        self.submissions, self.seats_emptied = len(self.submitted), seats_emptied
        # The machine's 1-minute load average as the step ends: other work shares it.
        self.load = os.getloadavg()[0]
        latencies = timings.latencies
        self.requests = sum(len(values) for values in latencies.values())
        self.autosaves = len(latencies["autosave"])
        pages = [ms for name in PAGES for ms in latencies[name]]
        self.pages = len(pages)
        self.autosave_p50 = loopback.percentile(latencies["autosave"], 0.50)
        self.autosave_p95 = loopback.percentile(latencies["autosave"], 0.95)
        self.page_p50 = loopback.percentile(pages, 0.50)
        self.page_p95 = loopback.percentile(pages, 0.95)
        self.static_p95 = loopback.percentile(latencies["static"], 0.95)
        self.errors = sum(timings.errors.values())

    @property
    def passed(self):
        return (
            self.autosave_p95 <= AUTOSAVE_BUDGET_MS
            and self.page_p95 <= PAGE_BUDGET_MS
            and not (self.errors or self.lost or self.duplicated)
        )

    HEADER = (
        f"{'people':>6s} {'secs':>5s} {'requests':>8s} {'saves':>6s} "
        f"{'save p50':>8s} {'save p95':>8s} {'pages':>6s} {'page p50':>8s} "
        f"{'page p95':>8s} {'static p95':>10s} {'errors':>6s} {'lost':>4s} "
        f"{'dup':>4s} {'submits':>7s} {'load':>5s} {'verdict':>7s}"
    )

    def row(self):
        return (
            f"{self.people:6d} {self.seconds:5.0f} {self.requests:8d} {self.autosaves:6d} "
            f"{self.autosave_p50:8.1f} {self.autosave_p95:8.1f} {self.pages:6d} "
            f"{self.page_p50:8.1f} {self.page_p95:8.1f} {self.static_p95:10.1f} "
            f"{self.errors:6d} {self.lost:4d} {self.duplicated:4d} "
            f"{self.submissions:7d} {self.load:5.1f} "
            f"{'pass' if self.passed else 'FAIL':>7s}"
        )


def bench(port, campaign, options, cores=None):
    """The open loop against gunicorn (or any server of this database) on `port`: the
    logins, the steps, the table and the final line; the exit status."""
    cores = cores or int(os.environ.get("BENCH_RUSH_CORES") or 0) or len(os.sched_getaffinity(0))
    load_before = os.getloadavg()
    print(
        f"server: 127.0.0.1:{port}, {loopback.serving()}; {cores} cores "
        f"(shared with this client); load average before {load_average(load_before)}",
        flush=True,
    )
    logins = make_people(campaign, LOGINS, "login", password=True)
    warming, failures, __ = play(
        port, [(p.username, p.assignment_id) for p in logins], 2, {}, set()
    )
    print(
        f"{LOGINS} people logged in through the login form and answered everything "
        f"with no pause, 2 at a time, before the steps (not timed): login p50 "
        f"{loopback.percentile(warming.latencies['login'], 0.5):.0f} ms, "
        f"{sum(warming.errors.values())} errors. Everybody in the steps starts with a "
        "session the bench made as a login does: a login costs about a second of CPU "
        "and real people log in minutes apart.",
        flush=True,
    )
    for failure in failures[:5]:
        print(f"stopped: {failure}")
    think = (THINK[0] * options.think_scale, THINK[1] * options.think_scale)
    print(
        f"think {think[0]:g}-{think[1]:g} s over each click; steps of "
        f"{options.step_seconds:g} s, seats starting over the first "
        f"{_ramp(options.step_seconds):g} s, timed after them; budget: autosave p95 <= "
        f"{AUTOSAVE_BUDGET_MS} ms, page p95 <= {PAGE_BUDGET_MS} ms, no error, nothing "
        "lost or duplicated",
        flush=True,
    )
    print(Step.HEADER, flush=True)
    counter = iter(range(1, 10**6))

    def step(people):
        result = run_step(port, campaign, people, think, options.step_seconds, seed=next(counter))
        print(result.row(), flush=True)
        for failure in result.failures[:3]:
            print(f"    stopped: {failure}", flush=True)
        if result.seats_emptied:
            print(f"    {result.seats_emptied} seats ran out of people", flush=True)
        return result

    steps = search(
        step, options.start, options.max_people, options.budget_minutes * 60, options.step_seconds
    )
    print(f"load average after {load_average(os.getloadavg())}")
    return report(steps, cores, warming_errors=sum(warming.errors.values()))


def _ramp(step_seconds):
    return min(RAMP_MAX, step_seconds / 4)


def search(step, start, most, budget_seconds, step_seconds):
    """Steps doubling from `start` while they pass, then halving the gap between the
    largest that passed and the smallest that failed (until it is under an eighth), as
    long as the next step is expected to end within `budget_seconds`: the steps run."""
    began, steps = time.monotonic(), []
    passed, failed = 0, None

    def fits():
        longest = max([s.wall for s in steps] or [step_seconds * 1.5])
        return time.monotonic() - began + longest <= budget_seconds

    def run(people):
        started = time.monotonic()
        result = step(people)
        result.wall = time.monotonic() - started
        steps.append(result)
        return result.passed

    people = max(1, start)
    while failed is None and people <= most and fits():
        if run(people):
            passed, people = people, people * 2
        else:
            failed = people
    while failed is not None and failed - passed > max(1, passed // 8) and fits():
        people = (passed + failed) // 2
        if run(people):
            passed = people
        else:
            failed = people
    return steps


def report(steps, cores, warming_errors=0):
    """The final line, for the largest step that passed (or, when none did, the smallest
    tried): the exit status."""
    passing = [s for s in steps if s.passed]
    if passing:
        best = max(passing, key=lambda s: s.people)
        people = best.people
    else:
        best = min(steps, key=lambda s: s.people) if steps else None
        people = 0
    damaged = any(s.lost or s.duplicated for s in steps)
    if best is None:
        print(
            "rush people_per_core=0 autosave_p95_ms=0.0 page_p95_ms=0.0 errors=0 lost=0 "
            "duplicated=0"
        )
        return 1
    print(
        f"rush people_per_core={people / cores:g} autosave_p95_ms={best.autosave_p95:.1f} "
        f"page_p95_ms={best.page_p95:.1f} errors={best.errors + warming_errors} "
        f"lost={best.lost} duplicated={best.duplicated}",
        flush=True,
    )
    return 1 if damaged or not passing or warming_errors else 0


def run_step(port, campaign, count, think, step_seconds, seed=1):
    """`count` people answering at once for `step_seconds`, fresh people: a Step, the
    database audited afterwards."""
    rng = random.Random(seed)
    first = make_people(campaign, count, f"s{seed}a", sessions=True, rng=rng)
    # Enough newcomers for every seat whose person submits, as often as they can.
    spare = make_people(
        campaign,
        count * _newcomers_per_seat(campaign, think, step_seconds),
        f"s{seed}b",
        sessions=True,
    )
    acknowledged = {key: value for person in first for key, value in person.stored.items()}
    waiting, lock, emptied = list(reversed(spare)), threading.Lock(), [0]
    seeds = [rng.random() for _ in range(count)]
    ramp = _ramp(step_seconds)
    started = time.monotonic()
    deadline = started + step_seconds
    # Timed once every seat is taken: the rush is the people answering, not a crowd
    # opening the site within the same seconds (newcomers later are timed).
    submitted, failures, timings = set(), [], client.Timings(since=started + ramp)

    def seat(k):
        seat_rng = random.Random(seeds[k])
        person = first[k]
        time.sleep(seat_rng.uniform(0, ramp))
        while person is not None:
            try:
                client.answer_signed_in(
                    port, timings, person, seat_rng, think, deadline, acknowledged, submitted
                )
            except client.TimeUp:
                return
            except client.Failed as failure:
                failures.append(f"{person.username}: {failure}")
                return
            with lock:
                person = waiting.pop() if waiting else None
                emptied[0] += person is None
        return

    threads = [threading.Thread(target=seat, args=(k,), daemon=True) for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    everybody = [p.assignment_id for p in first] + [p.assignment_id for p in spare]
    audited = (acknowledged, submitted, everybody, *audit(acknowledged, submitted, everybody))
    return Step(count, seconds, timings, failures, audited, emptied[0])


def _newcomers_per_seat(campaign, think, step_seconds):
    """How many people one seat may go through in a step: a newcomer clicks once per
    item and once more per page at least, each after the shortest pause and a request
    (0.1 s, so that tiny pauses do not ask for thousands)."""
    items = campaign.bank_version.items.count()
    fastest = (items + 2) * (think[0] + 0.1)
    return int(step_seconds // fastest) + 1
