"""Time and peak memory of the bulk answer paths on PostgreSQL (never run by the tests).

    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_responses.py --rows 100000

1. import_responses of a generated wide CSV (--create-employees, so every row also
   creates an employee), 2. generate_submitted_answers for the same number of people.
Each runs in a child process; its wall time and peak resident memory are printed next to
a child that only starts Django. The rows are deleted afterwards unless --keep.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from assessments.demo import bank_from_layout, generate_submitted_answers  # noqa: E402
from assessments.models import BankVersion, Campaign  # noqa: E402
from assessments.scoring import demo_layout  # noqa: E402
from scripts.gen_responses import write_csv  # noqa: E402

BANK = "BENCH"


def ensure_bank():
    """BENCH: scoring's 48-item demo layout as a published bank (made once)."""
    version = BankVersion.objects.filter(bank__code=BANK).order_by("number").first()
    return version or bank_from_layout(demo_layout(), BANK)


def child(args):
    """Run one phase in a child process; (seconds, its peak resident memory in MB)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, *args], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    peak = [line for line in out.splitlines() if line.startswith("peak_rss_kb=")]
    return seconds, int(peak[-1].split("=")[1]) / 1024


def copy_floor(n_answers):
    """A plain COPY of as many answer rows into a scratch table shaped and indexed like
    the answer table, with no foreign keys: what the server alone needs."""
    rng = np.random.default_rng(1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_answer (LIKE assessments_answer INCLUDING ALL)")
        cursor.execute("CREATE INDEX ON bench_answer (assignment_id)")
        cursor.execute("CREATE INDEX ON bench_answer (item_id)")
        started = time.perf_counter()
        with cursor.copy("COPY bench_answer (assignment_id, item_id, value, seconds) "
                         "FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "int8", "int2", "float8"])
            for offset in range(0, n_answers, 240_000):
                n = min(240_000, n_answers - offset)
                rows = zip(((offset + np.arange(n)) // 48).tolist(), (np.arange(n) % 48).tolist(),
                           rng.integers(1, 6, n).tolist(), rng.uniform(1, 20, n).tolist(),
                           strict=True)
                for row in rows:
                    copy.write_row(row)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_answer")
    return seconds


def delete_campaign(name):
    """Remove a benchmark campaign and its people with plain SQL (millions of rows)."""
    campaign = Campaign.objects.filter(name=name).first()
    if campaign is None:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_people ON COMMIT DROP AS SELECT employee_id "
                       "FROM assessments_assignment WHERE campaign_id = %s", [campaign.pk])
        cursor.execute("DELETE FROM assessments_answer a USING assessments_assignment s "
                       "WHERE a.assignment_id = s.id AND s.campaign_id = %s", [campaign.pk])
        cursor.execute("DELETE FROM assessments_assignment WHERE campaign_id = %s",
                       [campaign.pk])
        cursor.execute("DELETE FROM assessments_campaign WHERE id = %s", [campaign.pk])
        cursor.execute("DELETE FROM talent_employee WHERE id IN (SELECT employee_id FROM "
                       "bench_people) AND NOT EXISTS (SELECT 1 FROM assessments_assignment "
                       "WHERE employee_id = talent_employee.id)")


def run_phase(args):
    if args.phase == "baseline":
        Campaign.objects.exists()
    elif args.phase == "import":
        from django.core.management import call_command

        call_command("import_responses", args.file, "--bank", BANK, "--campaign",
                     "Bench import", "--create-employees")
    elif args.phase == "generate":
        campaign = Campaign.objects.create(name="Bench generate",
                                           bank_version=ensure_bank(), status="closed")
        written = generate_submitted_answers(campaign, args.rows, np.random.default_rng(7))
        print(f"generate_submitted_answers: {written} answers written")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--phase", choices=["baseline", "import", "generate"])
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.phase:
        run_phase(args)
        print(f"peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
        return
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")

    ensure_bank()
    for name in ("Bench import", "Bench generate"):
        delete_campaign(name)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE assessments_answer")
    floor = copy_floor(args.rows * 48)
    print(f"plain COPY of {args.rows * 48} rows into an indexed copy of the answer table: "
          f"{floor:.1f} s")
    base_s, base_mb = child(["--phase", "baseline"])
    print(f"child that only starts Django: {base_s:.1f} s, peak {base_mb:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses.csv"
        with open(path, "w", newline="", encoding="utf-8") as out:
            write_csv(out, demo_layout(), args.rows, np.random.default_rng(2026),
                      prefix=f"B{int(time.time())}-")
        size = path.stat().st_size / 1e6
        import_s, import_mb = child(["--phase", "import", "--file", str(path)])
        print(f"import_responses --create-employees, {args.rows} rows x 48 items "
              f"({size:.1f} MB CSV): {import_s:.1f} s, peak {import_mb:.0f} MB")
    gen_s, gen_mb = child(["--phase", "generate", "--rows", str(args.rows)])
    print(f"generate_submitted_answers, {args.rows} people x 48 items: {gen_s:.1f} s, "
          f"peak {gen_mb:.0f} MB")
    if not args.keep:
        for name in ("Bench import", "Bench generate"):
            delete_campaign(name)


if __name__ == "__main__":
    main()
