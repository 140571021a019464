#!/usr/bin/env python
"""The API's released-results export on PostgreSQL (docs/api.md, "BI export").

Creates a scratch database beside the one DATABASE_URL names (`<name>_bench_api`), loads
BENCH_PEOPLE (100,000) released results in one campaign, then, with an HR token through
the test client (every middleware runs), walks every page of
`/api/v1/campaigns/<id>/results/?page_size=1000` as a BI tool would: each page also
writes its access records. The baseline, in the same run, is reading the same rows'
columns with one plain ORM query. Printed: the first and last page's time (keyset
pagination: the last costs what the first costs), the whole walk against the baseline,
and the queries per page. The scratch database is dropped at the end, whatever happens.
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
PAGE = 1000
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main():
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        print("bench_api: needs PostgreSQL (DATABASE_URL).", file=sys.stderr)
        return 2
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_api"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    _sql(admin, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path="/" + name)),
               "DJANGO_ALLOWED_HOSTS": "testserver", "API_RATE_PER_TOKEN": "100000/minute"}
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

    from api import tokens
    from assessments.models import Assignment, Campaign, NormGroup, Result, ScoringSpec
    from talent.models import Department, Employee, User
    from talent.roles import HR_GROUP
    from tests.factories import make_bank

    rng = np.random.default_rng(7)
    version = make_bank("BENCH")
    campaign = Campaign.objects.create(name="Bench", bank_version=version,
                                       status=Campaign.Status.CLOSED)
    spec = ScoringSpec.objects.current()
    norms = NormGroup.objects.create(bank_version=version, name="bench", n=PEOPLE, spec=spec,
                                     data={}, provisional=False)
    unit = Department.objects.create(code="D", name="Unit")
    employees = Employee.objects.bulk_create(
        (Employee(employee_id=f"E{i:06d}", name=f"Person {i:06d}", department=unit)
         for i in range(PEOPLE)), batch_size=5000)
    assignments = Assignment.objects.bulk_create(
        (Assignment(campaign=campaign, employee=e, department=unit) for e in employees),
        batch_size=5000)
    t = rng.normal(50, 10, size=(PEOPLE, 2))
    p = rng.uniform(0, 1, PEOPLE)
    Result.objects.bulk_create((
        Result(assignment=a, spec=spec, norm_group=norms, bank_version=version,
               scores={code: {"t": round(float(t[i, j]), 2), "band_low": 40.0,
                              "band_high": 60.0, "scorable": True}
                       for j, code in enumerate(("EXE", "CMP"))},
               probability_execution=float(p[i]), role_family="undetermined",
               validity="valid", indices={}, review_state="released",
               released_family="undetermined")
        for i, a in enumerate(assignments)), batch_size=5000)
    hr = User.objects.create_user("bench-hr")
    hr.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    return campaign, tokens.issue(hr, name="bench", scopes=["results:read"], days=1)[1]


def _bench():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Result

    started = time.perf_counter()
    campaign, raw = _load()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have, after a bulk load
    print(f"loaded {PEOPLE} released results in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    baseline = sum(1 for _row in Result.objects.filter(assignment__campaign=campaign).values_list(
        "pk", "assignment__employee__employee_id", "scores", "probability_execution",
        "released_family", "validity").iterator(PAGE))
    bare = time.perf_counter() - started

    client = Client(headers={"Authorization": f"Bearer {raw}"})
    url = f"/api/v1/campaigns/{campaign.pk}/results/?page_size={PAGE}"
    pages, rows, times, queries = 0, 0, [], []
    started = time.perf_counter()
    while url:
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            body = client.get(url).json()
            times.append(time.perf_counter() - begin)
        queries.append(len(captured))
        rows += len(body["results"])
        pages += 1
        url = body["next"]
    walk = time.perf_counter() - started
    assert rows == baseline == PEOPLE, (rows, baseline)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]:
            print(query["time"], query["sql"][:300])
    print(f"baseline: one ORM read of {baseline} rows in {bare:.2f} s")
    print(f"API: {pages} pages of {PAGE} in {walk:.2f} s (with {rows} access records)")
    print(f"api_results first_page_ms={times[0] * 1000:.0f} "
          f"last_page_ms={times[-1] * 1000:.0f} "
          f"last_over_first={times[-1] / times[0]:.2f} walk_over_baseline={walk / bare:.1f} "
          f"queries_per_page={max(queries)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
