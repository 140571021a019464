"""Print the slowest tests of one or more JUnit XML reports, and the totals.

The test suite runs in two phases (scripts/run-tests); pytest's own --durations can only
rank each phase on its own, so this reads both reports and ranks them together.
Usage: python scripts/slowest_tests.py REPORT.xml [REPORT.xml ...] [--top N]
"""

import argparse
import sys
from xml.etree import ElementTree


def read_cases(paths):
    for path in paths:
        try:
            # pytest wrote these reports in this very run: trusted input.
            root = ElementTree.parse(path).getroot()  # noqa: S314
        except (OSError, ElementTree.ParseError) as error:
            print(f"(no report read from {path}: {error})", file=sys.stderr)
            continue
        for case in root.iter("testcase"):
            outcome = "passed"
            for child in case:
                if child.tag in ("failure", "error"):
                    outcome = "failed"
                elif child.tag == "skipped":
                    outcome = "skipped"
            name = f"{case.get('classname', '')}::{case.get('name', '')}"
            yield name, float(case.get("time") or 0), outcome


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    cases = list(read_cases(args.reports))
    if not cases:
        print("No test report to rank.")
        return
    print(f"\n==> The {args.top} slowest tests (seconds, set-up and teardown included)")
    for name, seconds, outcome in sorted(cases, key=lambda c: -c[1])[: args.top]:
        print(f"{seconds:8.2f}  {name}  [{outcome}]")
    counts = {}
    for _, _, outcome in cases:
        counts[outcome] = counts.get(outcome, 0) + 1
    total = sum(seconds for _, seconds, _ in cases)
    print(f"{total:.0f} s of test time in all, over {len(cases)} tests")
    # The closing line, in the plain form CI reads for any runner.
    print(
        f"tests: {counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed, "
        f"{counts.get('skipped', 0)} skipped"
    )


if __name__ == "__main__":
    main()
