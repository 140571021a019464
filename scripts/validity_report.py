"""Rerunnable measurement of the validity screens and the calibration of P.

    .venv/bin/python scripts/validity_report.py [--quick]

Prints, for every generating model of the stress suite (tests/assessments/scoring/
stress_models.py): the share of attentive people marked invalid and flagged at all,
the share whose probability and family the soft ``unpatterned`` screen withholds,
the share of each careless type caught (flagged at all), the share of midpoint-random
responders given a family (and given "compression", beside the attentive people's own
rate of it), the
calibration error per tenth of P (largest absolute bin error) with norm groups of
40 / 100 / 250 / 1,000 people, and the share of real bfi respondents flagged with its
most-correlated within-scale pairs declared as twins.  Below the minimum norm size
the engine gives no probability; the calibration at 40 is measured with that minimum
lowered, to show what a probability from such a group would be worth.  Screens and the
n = 1,000 calibration use exactly the samples the stress tests use; smaller norm sizes
pool 20 / 12 / 8 norm draws of 4,000 test people each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.scoring import Spec  # noqa: E402
from tests.assessments.scoring.stress_models import (  # noqa: E402
    CARELESS,
    MODELS,
    bfi_with_twins,
    calibration_of,
    measure_calibration,
    screens_of,
)

SIZES = (40, 100, 250, 1000)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer norm draws")
    args = ap.parse_args(argv)
    spec = Spec()
    open_spec = Spec(provisional_norm_n=2)
    draws = {40: 20, 100: 12, 250: 8} if not args.quick else {40: 4, 100: 3, 250: 2}
    head = ["model", "att invalid", "att flagged", "att withheld"] \
        + [f"{c} caught" for c in CARELESS] \
        + ["midpoint family", "midpoint compression / att"] \
        + [f"cal n={n}" for n in SIZES] + ["misaligned"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for model in MODELS:
        r = screens_of(model.name)               # the stress suite's own sample
        cells = [model.name, f"{r['attentive']['invalid']:.1%}",
                 f"{r['attentive']['flagged']:.1%}", f"{r['attentive']['withheld']:.1%}"]
        cells += [f"{r[c]['flagged']:.1%}" for c in CARELESS]
        cells.append(f"{r['midpoint']['family']:.1%}")
        cells.append(f"{r['midpoint']['compression']:.1%} / {r['attentive']['compression']:.1%}")
        for n in SIZES:
            if n == 1000:
                err = calibration_of(model.name)     # as the stress suite: 5 x 10,000
            else:
                err = measure_calibration(model, open_spec if n < spec.provisional_norm_n
                                          else spec, n, draws[n], n_test=4000)
            cells.append(f"{np.nanmax(np.abs(err)):.3f}")
        cells.append("hard" if r["norms"].screens.get("misaligned_hard") else "soft")
        print("| " + " | ".join(cells) + " |", flush=True)
    share, invalid, detail = bfi_with_twins(spec)
    print(f"\nbfi (2,800 people, 8 most-correlated within-scale pairs as twins): "
          f"flagged {share:.1%}, invalid {invalid:.1%}; by flag {detail}")


if __name__ == "__main__":
    main()
