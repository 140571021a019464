#!/usr/bin/env python
"""Deadline-rush benchmark through the real pages (`make bench-rush`; docs/architecture.md,
"Budgets"). Two modes, both on gunicorn on 127.0.0.1 as deployed (DEBUG off; workers and
threads from GUNICORN_WORKERS / GUNICORN_THREADS as config/gunicorn.py reads them, 3 x 4
when unset) and a scratch database beside the one DATABASE_URL names
(`<name>_bench_rush`, dropped at the end whatever happens):

**Open loop (the default): how many people can answer at once.** People answer as people
do: each takes 3 to 8 seconds (seeded, `--think-scale` shrinks it) over every click (an
answer, a change of mind, Next, Submit). The script runs steps of `--step-seconds` (60)
with a given number of people answering at once, doubling from `--start` (50) while a
step passes, then bisecting between the last that passed and the first that failed, as
long as the next step fits in `--budget-minutes` (12). A step passes when autosave p95
<= 300 ms, page p95 <= 800 ms (every HTML request but the saves: home, entry, notice,
acknowledgement, page loads, Next, Submit, the submitted page), no errors, and the
database audit after the step finds no answer lost or duplicated.

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

**Closed loop (`--closed`): saturation.** Loads the default bank, an open campaign closing
tomorrow and BENCH_RUSH_USERS (300) people with a password and an assignment each
(nothing acknowledged, nothing started). A loopback client (http.client, a new
connection per request, as bench_answers) plays each person as a browser would,
BENCH_RUSH_CONCURRENCY (50) people at a time, one thread each, each request sent as soon
as the last one is answered:

  GET the login page, POST the credentials with its CSRF token; the home page; the
  invitation's link (redirected to the notice); the notice, acknowledged; then each
  questionnaire page: load it (and its static files, the first time), autosave every
  answer (htmx's POST with the sequence number and seconds the page's script adds; one
  answer in five is chosen again with another value), and press Next (the page's form,
  which resends each save); on the last page, Submit; the "submitted" page; the report
  (pending: no scoring runs, it is 200 all the same).

Login throttling (django-axes, config/login_throttle.py) counts failed logins only, per
account and address, so 300 good logins from 127.0.0.1 are never throttled and the
server runs with the deployed limits. Submitting queues no task (scoring starts when
HR scores or the campaign closes), so no Celery worker runs; the cache is Redis when
CELERY_BROKER_URL is, on the broker's own database number.

Printed: each endpoint's count, p50/p95/p99 and errors (a status other than the one
the page answers a browser with, a redirect elsewhere, or a failed connection; a
person stops at their first error), the throughput over the whole rush, and the audit
of the database afterwards: every answer whose save was acknowledged is stored once
with the last acknowledged value (lost: missing or another value; duplicated: more
than one row for one assignment and item), every acknowledged submission is submitted
(lost otherwise; duplicated: more than one submitted assignment of a person in the
campaign). The last line reads
`rush users=<n> rps=<x> p95_ms=<worst endpoint's p95> errors=<n> lost=<n> duplicated=<n>`
and the exit status is 1 when errors, lost or duplicated is not 0. The scratch database
is dropped and gunicorn stopped at the end, whatever happens.
"""

import datetime
import http.client
import os
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import loopback

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

USERS = int(os.environ.get("BENCH_RUSH_USERS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_RUSH_CONCURRENCY", "50"))
LOGINS = int(os.environ.get("BENCH_RUSH_LOGINS", "10"))
CHANGE_OF_MIND = 0.2  # answers chosen again with another value
PASSWORD = "rush-bench-password"  # noqa: S105 (the scratch database's people)
# People who go through it all first, not counted: the workers' first requests (imports,
# templates compiled, per-process caches) are not what a rush waits for.
WARM_UP = 6
TIMEOUT = 120  # seconds a request may wait for its answer before it counts as failed
THINK = (3.0, 8.0)  # seconds a person takes over each click, open loop
AUTOSAVE_BUDGET_MS, PAGE_BUDGET_MS = 300, 800
RAMP_MAX = 15.0  # seconds over which a step's seats start, at most
# In the order a person meets them.
ENDPOINTS = ("login page", "login", "home", "static", "entry", "notice", "acknowledge",
             "page load", "autosave", "next page", "submit", "submitted", "report")
# What the open loop's "page p95" covers: every HTML request a person waits for but the
# saves (timed apart) and the report (the closed loop's only).
PAGES = ("home", "entry", "notice", "acknowledge", "page load", "next page", "submit",
         "submitted")

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEQUENCE = re.compile(r'data-sequence="(\d+)"')
CHOICE = re.compile(r'type="radio" name="item-(\d+)" id="[^"]*" value="(-?\d+)"')
STATIC_FILE = re.compile(r'(?:href|src)="(/static/[^"?#]+)"')
PAGE_NUMBER = re.compile(r"/page/(\d+)/$")


def main(argv=None):
    options = _options(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not loopback.is_postgres(url):
        print("bench_rush: needs PostgreSQL. Set DATABASE_URL=postgres://user@host:5432/name "
              "(a scratch database <name>_bench_rush is created beside it and dropped "
              "afterwards).", file=sys.stderr)
        return 2
    with loopback.scratch_database(url, "_bench_rush") as bench_url:
        env = loopback.server_env(bench_url, **_cache_env())
        loopback.migrate(env)
        loopback.collectstatic(env)
        os.environ.update(env)
        _setup_django()
        campaign = open_campaign()
        if options.closed:
            people = make_people(campaign, WARM_UP + USERS, "rush", password=True)
            with loopback.gunicorn(env, workers=None) as port:
                return _bench(port, [(p.username, p.assignment_id) for p in people])
        with loopback.gunicorn(env, workers=None) as port:
            return bench_open_loop(port, campaign, options)


def _options(argv):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--closed", action="store_true",
                        help="the closed loop with no pause (saturation), as before")
    parser.add_argument("--start", type=int, default=50,
                        help="people answering at once in the first step (50)")
    parser.add_argument("--max-people", type=int, default=3200,
                        help="no step beyond this many people (3200)")
    parser.add_argument("--step-seconds", type=float, default=60.0,
                        help="length of a step (60)")
    parser.add_argument("--budget-minutes", type=float, default=12.0,
                        help="no step starts unless it ends within this (12)")
    parser.add_argument("--think-scale", type=float, default=1.0,
                        help="multiplies the 3-8 s pauses (tests use a small one)")
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


def open_campaign(version=None):
    """An open campaign closing tomorrow, on `version` (the default bank's by default)."""
    from django.utils import timezone

    from assessments.models import Campaign
    from assessments.services.bank_files import load_default_bank

    if version is None:
        version, __ = load_default_bank(publish_it=True)
    return Campaign.objects.create(
        name="Rush", bank_version=version, status=Campaign.Status.OPEN,
        closes_at=timezone.now() + datetime.timedelta(days=1))


class Person:
    """Somebody invited to `campaign`: their login, their assignment, the session cookie
    the bench made for them (open loop) and the answers the bench stored for them."""

    def __init__(self, username, assignment_id):
        self.username, self.assignment_id = username, assignment_id
        self.session, self.stored = None, {}


def make_people(campaign, count, prefix, *, password=False, sessions=False, rng=None):
    """`count` people with an assignment each in `campaign`. With `password`, they can log
    in with PASSWORD; with `sessions`, each gets a session as a login makes it; with `rng`,
    each was already answering: notice acknowledged, the pages before a random one
    answered."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client

    from assessments.models import Assignment
    from talent.models import Department, Employee, User

    department, __ = Department.objects.get_or_create(code="RUSH", defaults={"name": "Rush"})
    # One hash for everybody: hashing is what each login costs the server, not the set-up.
    hashed = make_password(PASSWORD if password else None)
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i:05d}", password=hashed) for i in range(count))
    employees = Employee.objects.bulk_create(
        Employee(employee_id=f"{prefix}{i:05d}"[-20:], name=f"Rush {prefix} {i}",
                 department=department, user=user)
        for i, user in enumerate(users))
    assignments = Assignment.objects.bulk_create(
        Assignment(campaign=campaign, employee=employee, department=department)
        for employee in employees)
    people = [Person(u.username, a.pk) for u, a in zip(users, assignments, strict=True)]
    if rng is not None:
        _already_answering(campaign, assignments, people, rng)
    if sessions:
        for user, person in zip(users, people, strict=True):
            client = Client()
            client.force_login(user)
            person.session = client.cookies[settings.SESSION_COOKIE_NAME].value
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return people


def _already_answering(campaign, assignments, people, rng):
    """Write what each person did before the window opened: the notice acknowledged, the
    item order fixed (as their first visit does) and every page before a random one
    answered, one save each. Their stored answers go to `person.stored`."""
    from django.utils import timezone

    from assessments.models import Answer, Assignment, Item, TwinPair
    from assessments.services import answering

    version_id = campaign.bank_version_id
    ids = list(Item.objects.filter(version_id=version_id).order_by("order", "pk")
               .values_list("pk", flat=True))
    pairs = list(TwinPair.objects.filter(version_id=version_id)
                 .values_list("item_a_id", "item_b_id"))
    allowed = answering.version_items(version_id)
    notice, now, answers = answering.notice_version(campaign), timezone.now(), []
    for assignment, person in zip(assignments, people, strict=True):
        order = answering.shuffle_apart(ids, pairs,
                                        random.Random(f"{campaign.pk}:{assignment.pk}"))
        pages = answering.pages(order)
        before = [item for page in pages[:rng.randrange(len(pages))] for item in page]
        assignment.item_order = order
        assignment.notice_version, assignment.notice_acknowledged_at = notice, now
        if before:
            assignment.status, assignment.started_at = Assignment.Status.IN_PROGRESS, now
            assignment.sequence, assignment.language = len(before), "en"
        for sequence, item in enumerate(before, start=1):
            value = rng.choice(list(allowed[item]))
            person.stored[(assignment.pk, item)] = value
            answers.append(Answer(assignment_id=assignment.pk, item_id=item, value=value,
                                  seconds=round(rng.uniform(3, 8), 1), answered_at=now,
                                  language="en", sequence=sequence))
    Assignment.objects.bulk_update(assignments, [
        "item_order", "notice_version", "notice_acknowledged_at", "status", "started_at",
        "sequence", "language"])
    Answer.objects.bulk_create(answers)


class Failed(Exception):
    """A request answered otherwise than a browser expects, or not at all."""


class TimeUp(Exception):
    """The step is over: the person sends nothing more."""


class Timings:
    """Each endpoint's latencies and errors. With `since` (time.monotonic()), the latency
    of a request sent before it is not kept (its error is)."""

    def __init__(self, since=None):
        self.lock, self.since = threading.Lock(), since
        self.latencies = {name: [] for name in ENDPOINTS}
        self.errors = dict.fromkeys(ENDPOINTS, 0)

    def record(self, endpoint, milliseconds, ok):
        timed = self.since is None or time.monotonic() - milliseconds / 1000 >= self.since
        with self.lock:
            if timed:
                self.latencies[endpoint].append(milliseconds)
            self.errors[endpoint] += not ok


class Browser:
    """One person's cookies, and their requests with the headers a browser sends. With a
    `deadline` (time.monotonic()), nothing is sent after it (TimeUp)."""

    def __init__(self, port, timings, deadline=None):
        self.port, self.timings, self.cookies = port, timings, {}
        self.origin = f"http://127.0.0.1:{port}"
        self.deadline, self.cached = deadline, set()

    def get(self, endpoint, path, expect=200, location=None):
        return self._send(endpoint, "GET", path, None, {}, expect, location)

    def post(self, endpoint, path, fields, expect=302, location=None, headers=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Origin": self.origin, **(headers or {})}
        return self._send(endpoint, "POST", path, urlencode(fields), headers, expect,
                          location)

    def load_static(self, html):
        """The page's stylesheets, scripts and icon, each once (then the browser's cache
        has them: the names carry their content's hash)."""
        for path in STATIC_FILE.findall(html):
            if path not in self.cached:
                self.get("static", path)
                self.cached.add(path)

    def pause(self, seconds):
        """The person reads and chooses; TimeUp if the step ends first."""
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= seconds:
                time.sleep(max(0.0, left))
                raise TimeUp
        time.sleep(seconds)

    def _send(self, endpoint, method, path, body, headers, expect, location):
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise TimeUp
        headers = {"Accept-Language": "en", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode(errors="replace")
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as error:
            self.timings.record(endpoint, (time.perf_counter() - started) * 1000, False)
            raise Failed(f"{method} {path}: {error!r}") from error
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        where = urlsplit(response.getheader("Location", "")).path
        ok = response.status == expect and (location is None or where == location)
        self.timings.record(endpoint, elapsed, ok)
        if not ok:
            raise Failed(f"{method} {path}: {response.status} {where}".strip())
        return response, text


def _token(html, path):
    found = CSRF_INPUT.search(html)
    if found is None:
        raise Failed(f"{path}: no CSRF token on the page")
    return found.group(1)


def _person(port, timings, username, assignment_id, rng, acknowledged, submitted):
    """One person's rush with no pause, from the login page to their report (the closed
    loop, and the open loop's logins before its steps). `acknowledged` gets
    {(assignment id, item id): value} of each answer as its save is acknowledged (the
    last one wins), `submitted` the assignment once its submission is."""
    browser = Browser(port, timings)
    base = f"/assessments/assignments/{assignment_id}/"
    __, html = browser.get("login page", "/accounts/login/")
    browser.post("login", "/accounts/login/", {
        "csrfmiddlewaretoken": _token(html, "/accounts/login/"), "username": username,
        "password": PASSWORD, "next": ""}, location="/")
    __, html = browser.get("home", "/")
    if f'href="{base}"' not in html:
        raise Failed("/: the home page does not link to the assignment")
    browser.get("entry", base, expect=302, location=f"{base}notice/")
    __, html = browser.get("notice", f"{base}notice/")
    browser.post("acknowledge", f"{base}notice/",
                 {"csrfmiddlewaretoken": _token(html, f"{base}notice/")}, location=base)
    browser.get("entry", base, expect=302, location=f"{base}page/1/")
    _answer_pages(browser, assignment_id, 1, rng, lambda: None, acknowledged, submitted)
    browser.get("submitted", f"{base}submitted/")
    browser.get("report", f"{base}report/")


def _answer_pages(browser, assignment_id, number, rng, think, acknowledged, submitted):
    """From page `number` to Submit: load each page, save every answer as the page's
    script does (one in five chosen again with another value), press Next; `think()`
    before each click."""
    base = f"/assessments/assignments/{assignment_id}/"
    sequence = 0
    while True:
        path = f"{base}page/{number}/"
        __, html = browser.get("page load", path)
        browser.load_static(html)
        token = _token(html, path)
        # What questionnaire.js does: the counter goes on from the server's last one.
        found = SEQUENCE.search(html)
        sequence = max(sequence, int(found.group(1)) if found else 0)
        choices = {}
        for item, value in CHOICE.findall(html):
            choices.setdefault(int(item), []).append(int(value))
        if not choices:
            raise Failed(f"{path}: no questions on the page")
        form = {"csrfmiddlewaretoken": token}
        htmx = {"HX-Request": "true", "HX-Current-URL": browser.origin + path,
                "X-CSRFToken": token}
        for item, values in choices.items():
            picks = [rng.choice(values)]
            if rng.random() < CHANGE_OF_MIND:
                picks.append(rng.choice([v for v in values if v != picks[0]] or values))
            for value in picks:
                think()
                sequence += 1
                response, __ = browser.post("autosave", f"{base}autosave/", {
                    "item": item, "value": value, "sequence": sequence,
                    "seconds": f"{rng.uniform(2, 15):.1f}"}, expect=200,
                    headers={**htmx, "HX-Target": f"status-{item}",
                             "HX-Trigger": f"q{item}-{value}"})
                sequence = max(sequence, int(response.getheader("X-Answer-Sequence") or 0))
                acknowledged[(assignment_id, item)] = value
            # The form as the page sends it: the choice, and the sequence of its save.
            form.update({f"shown-{item}": "", f"seq-{item}": sequence,
                         f"item-{item}": value})
        think()
        if 'name="go" value="submit"' in html:
            browser.post("submit", path, {**form, "go": "submit"},
                         location=f"{base}submitted/")
            submitted.add(assignment_id)
            return
        browser.post("next page", path, {**form, "go": "next"},
                     location=f"{base}page/{number + 1}/")
        number += 1


def _bench(port, everybody):
    warm_up, people = everybody[:WARM_UP], everybody[WARM_UP:]
    acknowledged, submitted = {}, set()
    warming, warm_failures, __ = _rush(port, warm_up, WARM_UP, acknowledged, submitted)
    load_before = os.getloadavg()
    print(f"gunicorn: 127.0.0.1:{port}, {loopback.serving()}; {len(people)} people, "
          f"{CONCURRENCY} at a time, after {len(warm_up)} not timed; load average before "
          f"{_load(load_before)}", flush=True)
    timings, failures, elapsed = _rush(port, people, CONCURRENCY, acknowledged, submitted)
    load_after = os.getloadavg()
    failures = warm_failures + failures

    total = sum(len(values) for values in timings.latencies.values())
    # The warm-up is not timed, but its errors are errors.
    errors = sum(timings.errors.values()) + sum(warming.errors.values())
    print(f"{'endpoint':12s} {'requests':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
          f"{'errors':>6s}")
    for name in ENDPOINTS:
        values = timings.latencies[name]
        print(f"{name:12s} {len(values):8d} {loopback.percentile(values, 0.50):8.1f} "
              f"{loopback.percentile(values, 0.95):8.1f} "
              f"{loopback.percentile(values, 0.99):8.1f} {timings.errors[name]:6d}")
    for failure in failures[:10]:
        print(f"stopped: {failure}")
    worst_name, worst = max(((name, loopback.percentile(values, 0.95))
                             for name, values in timings.latencies.items()),
                            key=lambda pair: pair[1])
    rps = total / elapsed
    print(f"{total} requests in {elapsed:.1f} s = {rps:.1f}/s; "
          f"{len(everybody) - len(failures)} of {len(everybody)} people finished; "
          f"worst p95: {worst_name}; "
          f"load average after {_load(load_after)}", flush=True)

    lost, duplicated = audit(acknowledged, submitted, [pk for __, pk in everybody])
    print(f"audit: {len(acknowledged)} acknowledged answers, {len(submitted)} acknowledged "
          f"submissions; lost {lost}, duplicated {duplicated}")
    print(f"rush users={len(people)} rps={rps:.1f} p95_ms={worst:.1f} errors={errors} "
          f"lost={lost} duplicated={duplicated}")
    return 1 if errors or lost or duplicated else 0


def _rush(port, people, concurrency, acknowledged, submitted):
    """Everybody in `people`, `concurrency` at a time: (timings, failures, seconds)."""
    timings, failures = Timings(), []
    rng = random.Random(len(people))
    seeds = [rng.random() for _ in people]

    def one(k):
        username, assignment_id = people[k]
        try:
            _person(port, timings, username, assignment_id, random.Random(seeds[k]),
                    acknowledged, submitted)
        except Failed as failure:
            failures.append(f"{username}: {failure}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(len(people))))
    return timings, failures, time.perf_counter() - started


# The open loop ------------------------------------------------------------------------

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
        return (self.autosave_p95 <= AUTOSAVE_BUDGET_MS and self.page_p95 <= PAGE_BUDGET_MS
                and not (self.errors or self.lost or self.duplicated))

    HEADER = (f"{'people':>6s} {'secs':>5s} {'requests':>8s} {'saves':>6s} "
              f"{'save p50':>8s} {'save p95':>8s} {'pages':>6s} {'page p50':>8s} "
              f"{'page p95':>8s} {'static p95':>10s} {'errors':>6s} {'lost':>4s} "
              f"{'dup':>4s} {'submits':>7s} {'load':>5s} {'verdict':>7s}")

    def row(self):
        return (f"{self.people:6d} {self.seconds:5.0f} {self.requests:8d} {self.autosaves:6d} "
                f"{self.autosave_p50:8.1f} {self.autosave_p95:8.1f} {self.pages:6d} "
                f"{self.page_p50:8.1f} {self.page_p95:8.1f} {self.static_p95:10.1f} "
                f"{self.errors:6d} {self.lost:4d} {self.duplicated:4d} "
                f"{self.submissions:7d} {self.load:5.1f} "
                f"{'pass' if self.passed else 'FAIL':>7s}")


def bench_open_loop(port, campaign, options, cores=None):
    """The open loop against gunicorn (or any server of this database) on `port`: the
    logins, the steps, the table and the final line; the exit status."""
    cores = cores or int(os.environ.get("BENCH_RUSH_CORES") or 0) or len(
        os.sched_getaffinity(0))
    load_before = os.getloadavg()
    print(f"server: 127.0.0.1:{port}, {loopback.serving()}; {cores} cores "
          f"(shared with this client); load average before {_load(load_before)}", flush=True)
    logins = make_people(campaign, LOGINS, "login", password=True)
    warming, failures, __ = _rush(port, [(p.username, p.assignment_id) for p in logins],
                                       2, {}, set())
    print(f"{LOGINS} people logged in through the login form and answered everything "
          f"with no pause, 2 at a time, before the steps (not timed): login p50 "
          f"{loopback.percentile(warming.latencies['login'], 0.5):.0f} ms, "
          f"{sum(warming.errors.values())} errors. Everybody in the steps starts with a "
          "session the bench made as a login does: a login costs about a second of CPU "
          "and real people log in minutes apart.", flush=True)
    for failure in failures[:5]:
        print(f"stopped: {failure}")
    think = (THINK[0] * options.think_scale, THINK[1] * options.think_scale)
    print(f"think {think[0]:g}-{think[1]:g} s over each click; steps of "
          f"{options.step_seconds:g} s, seats starting over the first "
          f"{_ramp(options.step_seconds):g} s, timed after them; budget: autosave p95 <= "
          f"{AUTOSAVE_BUDGET_MS} ms, page p95 <= {PAGE_BUDGET_MS} ms, no error, nothing "
          "lost or duplicated", flush=True)
    print(Step.HEADER, flush=True)
    counter = iter(range(1, 10**6))

    def step(people):
        result = run_step(port, campaign, people, think, options.step_seconds,
                          seed=next(counter))
        print(result.row(), flush=True)
        for failure in result.failures[:3]:
            print(f"    stopped: {failure}", flush=True)
        if result.seats_emptied:
            print(f"    {result.seats_emptied} seats ran out of people", flush=True)
        return result

    steps = search(step, options.start, options.max_people,
                   options.budget_minutes * 60, options.step_seconds)
    print(f"load average after {_load(os.getloadavg())}")
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
        print("rush people_per_core=0 autosave_p95_ms=0.0 page_p95_ms=0.0 errors=0 lost=0 "
              "duplicated=0")
        return 1
    print(f"rush people_per_core={people / cores:g} autosave_p95_ms={best.autosave_p95:.1f} "
          f"page_p95_ms={best.page_p95:.1f} errors={best.errors + warming_errors} "
          f"lost={best.lost} duplicated={best.duplicated}", flush=True)
    return 1 if damaged or not passing or warming_errors else 0


def run_step(port, campaign, count, think, step_seconds, seed=1):
    """`count` people answering at once for `step_seconds`, fresh people: a Step, the
    database audited afterwards."""
    rng = random.Random(seed)
    first = make_people(campaign, count, f"s{seed}a", sessions=True, rng=rng)
    # Enough newcomers for every seat whose person submits, as often as they can.
    spare = make_people(campaign, count * _newcomers_per_seat(campaign, think, step_seconds),
                        f"s{seed}b", sessions=True)
    acknowledged = {key: value for person in first for key, value in person.stored.items()}
    waiting, lock, emptied = list(reversed(spare)), threading.Lock(), [0]
    seeds = [rng.random() for _ in range(count)]
    ramp = _ramp(step_seconds)
    started = time.monotonic()
    deadline = started + step_seconds
    # Timed once every seat is taken: the rush is the people answering, not a crowd
    # opening the site within the same seconds (newcomers later are timed).
    submitted, failures, timings = set(), [], Timings(since=started + ramp)

    def seat(k):
        seat_rng = random.Random(seeds[k])
        person = first[k]
        time.sleep(seat_rng.uniform(0, ramp))
        while person is not None:
            try:
                _answer_openly(port, timings, person, seat_rng, think, deadline,
                               acknowledged, submitted)
            except TimeUp:
                return
            except Failed as failure:
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
    audited = (acknowledged, submitted, everybody,
               *audit(acknowledged, submitted, everybody))
    return Step(count, seconds, timings, failures, audited, emptied[0])


def _newcomers_per_seat(campaign, think, step_seconds):
    """How many people one seat may go through in a step: a newcomer clicks once per
    item and once more per page at least, each after the shortest pause and a request
    (0.1 s, so that tiny pauses do not ask for thousands)."""
    items = campaign.bank_version.items.count()
    fastest = (items + 2) * (think[0] + 0.1)
    return int(step_seconds // fastest) + 1


def _answer_openly(port, timings, person, rng, think, deadline, acknowledged, submitted):
    """One person, from the home page of a signed-in browser to the submitted page, with
    a pause of `think` (low, high) seconds before each click; TimeUp when the step ends."""
    browser = Browser(port, timings, deadline)
    browser.cookies[_session_cookie()] = person.session
    base = f"/assessments/assignments/{person.assignment_id}/"
    __, html = browser.get("home", "/")
    browser.load_static(html)
    if f'href="{base}"' not in html:
        raise Failed("/: the home page does not link to the assignment")
    response, __ = browser.get("entry", base, expect=302)
    where = urlsplit(response.getheader("Location", "")).path
    if where == f"{base}notice/":
        __, html = browser.get("notice", where)
        browser.load_static(html)
        browser.pause(rng.uniform(*think))
        browser.post("acknowledge", where, {"csrfmiddlewaretoken": _token(html, where)},
                     location=base)
        browser.get("entry", base, expect=302, location=f"{base}page/1/")
        number = 1
    elif found := PAGE_NUMBER.search(where):
        number = int(found.group(1))
    else:
        raise Failed(f"{base}: sent to {where!r}")
    _answer_pages(browser, person.assignment_id, number, rng,
                  lambda: browser.pause(rng.uniform(*think)), acknowledged, submitted)
    browser.get("submitted", f"{base}submitted/")


def _session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def _load(averages):
    return " ".join(f"{x:.2f}" for x in averages)


def audit(acknowledged, submitted, assignment_ids):
    """(lost, duplicated) in the database: `acknowledged` is {(assignment id, item id):
    the last value whose save was acknowledged}, `submitted` the assignment ids whose
    submission was. Unique constraints forbid both duplicates; this is the backstop."""
    from django.db.models import Count

    from assessments.models import Answer, Assignment

    answers = Answer.objects.filter(assignment_id__in=assignment_ids)
    stored = {(a, i): v for a, i, v in answers.values_list("assignment_id", "item_id", "value")}
    lost = sum(stored.get(key) != value for key, value in acknowledged.items())
    done = set(Assignment.objects.filter(
        pk__in=submitted, status=Assignment.Status.SUBMITTED, submitted_at__isnull=False,
    ).values_list("pk", flat=True))
    lost += len(set(submitted) - done)
    duplicated = (
        answers.order_by().values("assignment_id", "item_id").annotate(n=Count("pk"))
        .filter(n__gt=1).count()
        + Assignment.objects.filter(pk__in=assignment_ids, status=Assignment.Status.SUBMITTED)
        .order_by().values("campaign_id", "employee_id").annotate(n=Count("pk"))
        .filter(n__gt=1).count()
    )
    return lost, duplicated


if __name__ == "__main__":
    sys.exit(main())
