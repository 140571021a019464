"""Rerunnable measurement of the validity screens and the calibration of P.

    .venv/bin/python scripts/validity_report.py [--people N] [--quick] [--norm-sizes]
        [--models engine_simulate,styles_strong,...] [--no-bfi]

For every generating model of the stress suite (tests/assessments/scoring/
stress_models.py, ALL_MODELS: the original six and the issue-21 models) one campaign
of N attentive people (default 20,000) plus 1 % of N of every careless type builds its
norms and is scored with them, as the product does (stress_models.measure_campaign).
The first row is the engine's own simulator (scoring.simulate on demo_layout, with
its own 9 % of random, straight, yea-saying and incomplete records; its random, straight
and yea-saying people are measured, the other careless types are not drawn there).
Printed per model:

* attentive people marked invalid and flagged at all; where the model has response
  styles, the same for the extreme-style and the midpoint-style subgroup; where it has a
  translation, for the people reading it;
* attentive people given a family, and attentive people whose family is withheld without
  a flag because their answers sit on the random side of the campaign's null
  (``unclassified_reason == "random_side"``; per style subgroup where there are styles);
* for each careless type (1,000 more of each, scored with the same norms; 10 % of N
  with --people below 10,000): the share flagged at all and the share given a family;
* calibration: the worst |mean P - share truly execution-higher| over tenths of P with
  >= 300 people, over the attentive people not marked invalid, **beside its noise
  floor**: the worst gap a perfectly calibrated P shows on the same P values (outcomes
  drawn as Bernoulli(P), 400 replications; median and 95th percentile).  A gap is
  evidence of miscalibration only where it clearly exceeds the floor.  Where the model
  has styles or a translation, the same for the extreme-style people or the people
  reading the translation (tenths with >= 200 of them), with their own floor.

After the table, the screens of ``spec.hard_flags`` each norm group made soft, with the
reason it stores.  Then the share of real bfi respondents flagged with its
most-correlated within-scale pairs declared as twins.  --quick runs 3,000 people per
model.  --norm-sizes adds the
older table (calibration with norm groups of 40 / 100 / 250 / 1,000 people and the
original careless types, on the samples the original stress tests use).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.scoring import Spec  # noqa: E402
from tests.assessments.scoring.stress_models import (  # noqa: E402
    ALL_CARELESS,
    ALL_MODELS,
    CARELESS,
    MODELS,
    bfi_with_twins,
    calibration_of,
    measure_calibration,
    measure_campaign,
    measure_engine_model,
    screens_of,
)

SIZES = (40, 100, 250, 1000)


def _pct(x):
    return "—" if x is None or not np.isfinite(x) else f"{x:.1%}"


def _num(x):
    return "—" if not np.isfinite(x) else f"{x:.3f}"


def _side(r):
    """Attentive people given a family, and withheld one (no flag) on the random side of
    the campaign's null; the same share for each style subgroup where the model has them."""
    text = f"{_pct(r['attentive']['family'])} / {_pct(r['attentive'].get('random_side'))}"
    styles = [r[k].get("random_side") for k in ("style:extreme", "style:midpoint") if k in r]
    return text + (f" ({'; '.join(_pct(v) for v in styles)})" if styles else "")


def _pair(r):
    return f"{_pct(r['invalid'])} / {_pct(r['flagged'])}" if r else "—"


def campaign_table(people: int, careless: int, seed: int = 2026, models=None):
    spec = Spec()
    head = (["model", "att invalid / flagged", "extreme style inv / flag",
             "midpoint style inv / flag", "translated inv / flag",
             "att family / random side (ext; mid)"]
            + [f"{c} flagged / family" for c in ALL_CARELESS]
            + ["cal worst gap", "noise floor median (p95)", "P people",
               "subgroup cal worst gap (floor median, p95)"])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    runs = [("engine_simulate", lambda: measure_engine_model(spec, people, careless, seed))]
    runs += [(m.name, lambda m=m, i=i: measure_campaign(m, spec, people, careless, seed + i))
             for i, m in enumerate(ALL_MODELS)]
    if models:
        unknown = set(models) - {name for name, _ in runs}
        if unknown:
            raise SystemExit(f"unknown models: {sorted(unknown)}")
        runs = [(name, run) for name, run in runs if name in models]
    soft = []
    for name, run in runs:
        r = run()
        soft.append((name, _soft_screens(r["norms"], spec)))
        cal = r["calibration"]
        cells = [name, _pair(r["attentive"]), _pair(r.get("style:extreme")),
                 _pair(r.get("style:midpoint")), _pair(r.get("language:translated")),
                 _side(r)]
        cells += [f"{_pct(r[c]['flagged'])} / {_pct(r[c]['family'])}" if c in r else "—"
                  for c in ALL_CARELESS]
        cells += [_num(cal["worst"]),
                  f"{_num(cal['floor_median'])} ({_num(cal['floor_p95'])})",
                  f"{cal['people']:,}"]
        sub = [(key.split(":")[1], r[key]) for key in ("calibration:extreme",
                                                       "calibration:translated") if key in r]
        cells.append("; ".join(f"{name} {_num(c['worst'])} ({_num(c['floor_median'])}, "
                               f"{_num(c['floor_p95'])}; {c['people']:,} people)"
                               for name, c in sub) or "—")
        print("| " + " | ".join(cells) + " |", flush=True)
    print("\nScreens of spec.hard_flags the norm group made soft (why):")
    for name, text in soft:
        print(f"  {name}: {text or 'none'}")


def _soft_screens(norms, spec) -> str:
    """The spec's hard flags this norm group made soft, each with the reason it stores
    (`*_soft_reason`; "null rate" where only the held-out null rate is stored)."""
    made_soft = [f for f in spec.hard_flags if f not in norms.hard_flags(spec)]
    return ", ".join(f"{f} ({norms.screens.get(f'{f}_soft_reason') or 'null rate'})"
                     for f in made_soft)


def norm_size_table(quick: bool):
    spec = Spec()
    open_spec = Spec(provisional_norm_n=2)
    draws = {40: 20, 100: 12, 250: 8} if not quick else {40: 4, 100: 3, 250: 2}
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


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=20000,
                    help="attentive people per model (default 20,000)")
    ap.add_argument("--quick", action="store_true", help="3,000 people per model")
    ap.add_argument("--norm-sizes", action="store_true",
                    help="also the calibration by norm-group size (original models)")
    ap.add_argument("--models", default="",
                    help="comma-separated model names (engine_simulate for the first row); "
                         "default all")
    ap.add_argument("--no-bfi", action="store_true", help="skip the bfi line")
    args = ap.parse_args(argv)
    people = 3000 if args.quick else args.people
    careless = 1000 if people >= 10000 else max(people // 10, 50)
    started = time.time()
    print(f"{datetime.date.today().isoformat()}: {people:,} attentive people per model, "
          f"{careless:,} of each careless type\n")
    campaign_table(people, careless,
                   models=[m for m in args.models.split(",") if m] or None)
    if args.norm_sizes:
        print()
        norm_size_table(args.quick)
    if not args.no_bfi:
        share, invalid, detail = bfi_with_twins(Spec())
        print(f"\nbfi (2,800 people, 8 most-correlated within-scale pairs as twins): "
              f"flagged {share:.1%}, invalid {invalid:.1%}; by flag {detail}")
    print(f"\n({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
