#!/usr/bin/env python
"""People pages benchmark on PostgreSQL (docs/architecture.md, "People, have and need").

Creates a scratch database beside the one DATABASE_URL names (`<name>_bench_people`),
loads BENCH_PEOPLE (100,000) employees in 1,000 departments and 200 positions, one
closed campaign with a released result each, then requests, as HR through the test
client (every middleware runs), the people table (filtered and sorted), a person's
page, a position's have/need page (which ranks everyone), the two-functions page and
an XLSX-sized CSV export count, BENCH_ROUNDS (10) times each. The baseline is a bare
indexed read of one employee in the same run. The last line reads
`people p95_ms=<worst page> ratio=<worst/bare> queries=<max per page>`.
The scratch database is dropped at the end, whatever happens.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))


def main():
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        print("bench_people: needs PostgreSQL (DATABASE_URL).", file=sys.stderr)
        return 2
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_people"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    _sql(admin, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path="/" + name)),
               "DJANGO_ALLOWED_HOSTS": "testserver"}
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
                       cwd=BASE_DIR, env=env, check=True)
        os.environ.update(env)
        return _bench()
    finally:
        _sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sql(conninfo, *statements):
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _load():
    import numpy as np
    from django.contrib.auth.models import Group

    from assessments.models import Assignment, Campaign, NormGroup, Result, ScoringSpec
    from talent.models import Department, Employee, Position, User
    from talent.roles import HR_GROUP
    from tests.factories import make_bank

    rng = np.random.default_rng(7)
    version = make_bank("BENCH")
    campaign = Campaign.objects.create(name="Bench", bank_version=version,
                                       status=Campaign.Status.CLOSED)
    spec = ScoringSpec.objects.current()
    norms = NormGroup.objects.create(bank_version=version, name="bench", n=PEOPLE, spec=spec,
                                     data={}, provisional=False)
    roots = [Department.objects.create(code=f"D{i:04d}", name=f"Unit {i:04d}")
             for i in range(10)]
    departments = list(roots)
    for i in range(10, 1000):
        departments.append(Department.objects.create(
            code=f"D{i:04d}", name=f"Unit {i:04d}", parent=departments[int(rng.integers(i))]))
    functions = list(Position.Function.values)
    positions = Position.objects.bulk_create(
        Position(code=f"P{i:03d}", title=f"Position {i:03d}",
                 department=departments[int(rng.integers(1000))],
                 function=functions[i % 3], need_execution=1 + i % 3,
                 need_compression=1 + (i // 3) % 3) for i in range(200))
    employees = Employee.objects.bulk_create((
        Employee(employee_id=f"E{i:06d}", name=f"Person {i:06d}",
                 department=departments[int(rng.integers(1000))],
                 position=positions[int(rng.integers(200))]) for i in range(PEOPLE)),
        batch_size=5000)
    assignments = Assignment.objects.bulk_create((
        Assignment(campaign=campaign, employee=e, department=e.department,
                   position=e.position) for e in employees), batch_size=5000)
    t = rng.normal(50, 10, size=(PEOPLE, 2))
    half = 1.645 * rng.uniform(3, 6, size=(PEOPLE, 2))
    p = rng.uniform(0, 1, PEOPLE)
    family = np.where(p >= .8, "execution", np.where(p <= .2, "compression", "undetermined"))
    Result.objects.bulk_create((
        Result(assignment=a, spec=spec, norm_group=norms, bank_version=version,
               scores={code: {"t": round(float(t[i, j]), 2),
                              "band_low": round(float(t[i, j] - half[i, j]), 2),
                              "band_high": round(float(t[i, j] + half[i, j]), 2)}
                       for j, code in enumerate(("EXE", "CMP"))},
               probability_execution=float(p[i]), role_family=str(family[i]),
               validity="valid", indices={}, review_state="released",
               released_family=str(family[i]))
        for i, a in enumerate(assignments)), batch_size=5000)
    hr = User.objects.create_user("bench-hr")  # force_login: no password needed
    hr.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    return hr, campaign, departments, positions, employees


def _bench():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from talent.models import Employee

    started = time.perf_counter()
    hr, campaign, departments, positions, employees = _load()
    print(f"loaded {PEOPLE} people in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(hr)
    pages = {
        "people": (reverse("assessments:people"), {}),
        "people_filtered": (reverse("assessments:people"),
                            {"department": departments[0].pk, "sort": "-probability"}),
        "person": (reverse("assessments:person", args=[employees[PEOPLE // 2].pk]), {}),
        "position": (reverse("assessments:position_have_need", args=[positions[5].pk]), {}),
        "have_need": (reverse("assessments:have_need"), {}),
        "two_functions": (reverse("assessments:two_functions"), {}),
    }

    def p95(samples):
        samples = sorted(samples)
        return samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]

    bare = []
    for i in range(ROUNDS * 5):
        t0 = time.perf_counter()
        Employee.objects.filter(pk=employees[i].pk).values_list("name", flat=True).first()
        bare.append(1000 * (time.perf_counter() - t0))
    results, max_queries = {}, 0
    for name, (url, query) in pages.items():
        samples = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url, query)
                samples.append(1000 * (time.perf_counter() - t0))
            assert response.status_code == 200, (name, response.status_code)
            max_queries = max(max_queries, len(queries))
        results[name] = p95(samples)
        if os.environ.get("BENCH_VERBOSE"):
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]:
                print("   ", q["time"], q["sql"][:300])
        print(f"{name}: p95_ms={results[name]:.1f} queries={len(queries)}")
    worst = max(results.values())
    base = max(p95(bare), 0.01)
    print(f"bare: p95_ms={base:.2f}")
    print(f"people p95_ms={worst:.0f} ratio={worst / base:.0f} queries={max_queries}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main())
