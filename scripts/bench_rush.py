#!/usr/bin/env python
"""Deadline-rush benchmark: everybody answers at once, through the real pages
(`make bench-rush`; docs/architecture.md, "Budgets").

Creates a scratch database beside the one DATABASE_URL names (`<name>_bench_rush`),
loads the default bank, an open campaign closing tomorrow and BENCH_RUSH_USERS (300)
people with a password and an assignment each (nothing acknowledged, nothing started),
then starts gunicorn on 127.0.0.1 as deployed (3 sync workers, DEBUG off). A loopback
client (http.client, a new connection per request, as bench_answers) plays each person
as a browser would, BENCH_RUSH_CONCURRENCY (50) people at a time, one thread each, each
request sent as soon as the last one is answered:

  GET the login page, POST the credentials with its CSRF token; the home page; the
  invitation's link (redirected to the notice); the notice, acknowledged; then each
  questionnaire page: load it, autosave every answer (htmx's POST with the sequence
  number and seconds the page's script adds; one answer in five is chosen again with
  another value), and press Next (the page's form, which resends each save); on the last
  page, Submit; the "submitted" page; the report (pending: no scoring runs, it is 200
  all the same).

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
CHANGE_OF_MIND = 0.2  # answers chosen again with another value
PASSWORD = "rush-bench-password"  # noqa: S105 (the scratch database's people)
# People who go through it all first, not counted: the workers' first requests (imports,
# templates compiled, per-process caches) are not what a rush waits for.
WARM_UP = 6
TIMEOUT = 120  # seconds a request may wait for its answer before it counts as failed
# In the order a person meets them.
ENDPOINTS = ("login page", "login", "home", "entry", "notice", "acknowledge", "page load",
             "autosave", "next page", "submit", "submitted", "report")

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEQUENCE = re.compile(r'data-sequence="(\d+)"')
CHOICE = re.compile(r'type="radio" name="item-(\d+)" id="[^"]*" value="(-?\d+)"')


def main():
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
        people = _prepare()
        with loopback.gunicorn(env) as port:
            return _bench(port, people)


def _cache_env():
    """The cache on the broker's own Redis database (the settings' default is the next
    number, which may be somebody else's scratch database)."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return {"CACHE_URL": broker} if broker.startswith(("redis://", "rediss://")) else {}


def _prepare():
    """The bank, an open campaign and the people: (username, assignment id) each."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from assessments.models import Assignment, Campaign
    from assessments.services.bank_files import load_default_bank
    from talent.models import Department, Employee, User

    version, __ = load_default_bank(publish_it=True)
    campaign = Campaign.objects.create(
        name="Rush", bank_version=version, status=Campaign.Status.OPEN,
        closes_at=timezone.now() + datetime.timedelta(days=1))
    department = Department.objects.create(code="RUSH", name="Rush")
    # One hash for everybody: hashing is what each login costs the server, not the set-up.
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(username=f"rush{i:04d}", password=password) for i in range(WARM_UP + USERS))
    employees = Employee.objects.bulk_create(
        Employee(employee_id=f"R{i:05d}", name=f"Rush {i}", department=department, user=user)
        for i, user in enumerate(users))
    assignments = Assignment.objects.bulk_create(
        Assignment(campaign=campaign, employee=employee, department=department)
        for employee in employees)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return [(user.username, a.pk) for user, a in zip(users, assignments, strict=True)]


class Failed(Exception):
    """A request answered otherwise than a browser expects, or not at all."""


class Timings:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {name: [] for name in ENDPOINTS}
        self.errors = dict.fromkeys(ENDPOINTS, 0)

    def record(self, endpoint, milliseconds, ok):
        with self.lock:
            self.latencies[endpoint].append(milliseconds)
            self.errors[endpoint] += not ok


class Browser:
    """One person's cookies, and their requests with the headers a browser sends."""

    def __init__(self, port, timings):
        self.port, self.timings, self.cookies = port, timings, {}
        self.origin = f"http://127.0.0.1:{port}"

    def get(self, endpoint, path, expect=200, location=None):
        return self._send(endpoint, "GET", path, None, {}, expect, location)

    def post(self, endpoint, path, fields, expect=302, location=None, headers=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Origin": self.origin, **(headers or {})}
        return self._send(endpoint, "POST", path, urlencode(fields), headers, expect,
                          location)

    def _send(self, endpoint, method, path, body, headers, expect, location):
        headers = {"Accept-Language": "en", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode()
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
    """One person's rush, from the login page to their report. `acknowledged` gets
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
    number, sequence = 1, 0
    while True:
        path = f"{base}page/{number}/"
        __, html = browser.get("page load", path)
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
        if 'name="go" value="submit"' in html:
            browser.post("submit", path, {**form, "go": "submit"},
                         location=f"{base}submitted/")
            submitted.add(assignment_id)
            break
        browser.post("next page", path, {**form, "go": "next"},
                     location=f"{base}page/{number + 1}/")
        number += 1
    browser.get("submitted", f"{base}submitted/")
    browser.get("report", f"{base}report/")


def _bench(port, everybody):
    warm_up, people = everybody[:WARM_UP], everybody[WARM_UP:]
    acknowledged, submitted = {}, set()
    warming, warm_failures, __ = _rush(port, warm_up, WARM_UP, acknowledged, submitted)
    load_before = os.getloadavg()
    print(f"gunicorn: 127.0.0.1:{port}, {loopback.WORKERS} sync workers; {len(people)} people, "
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
