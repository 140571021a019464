"""Write a realistic wide responses CSV (docs/bank-format.md) from the latent model.

    .venv/bin/python scripts/gen_responses.py --rows 100000 --out var/responses.csv
    .venv/bin/python scripts/gen_responses.py --bank CORE --rows 500 --ids E --out x.csv

Without --bank the 48 items of scoring's demo layout (EX01..EX24, CP01..CP24) are used
and Django is not needed; with --bank CODE[:VERSION] the items come from the database.
Employee ids are PREFIX followed by a 6-digit number (--ids E gives E000001, ...).
A chunk of people is simulated and written at a time, so memory stays flat.
"""

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.scoring import demo_layout, item_parameters, simulate  # noqa: E402


def layout_from_bank(spec):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from assessments.engine_io import bank_layout
    from assessments.services.response_import import resolve_bank_version

    return bank_layout(resolve_bank_version(spec)).layout


def write_csv(out, layout, rows, rng, *, prefix="P", start=1, chunk=20_000):
    """Write `rows` simulated people to the open text file `out`."""
    parameters = item_parameters(layout)
    out.write(",".join(["employee_id", *layout.item_codes]) + "\r\n")
    # Cells by value: index 0 is a missing answer, index v + 1 - low the answer v.
    low = int(layout.minimum.min())
    cells = np.array(["", *(str(v) for v in range(low, int(layout.maximum.max()) + 1))])
    for offset in range(0, rows, chunk):
        n = min(chunk, rows - offset)
        X = simulate(layout, n, rng, items=parameters, timings=False).X
        X = np.clip(X, layout.minimum, layout.maximum)
        index = np.where(np.isnan(X), 0, np.nan_to_num(X) + 1 - low).astype(int)
        text = cells[index]
        ids = range(start + offset, start + offset + n)
        out.write("".join(f"{prefix}{i:06d}," + ",".join(row) + "\r\n"
                          for i, row in zip(ids, text.tolist(), strict=True)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--bank", help="CODE[:VERSION] from the database")
    parser.add_argument("--ids", default="P", help="employee id prefix")
    parser.add_argument("--start", type=int, default=1, help="first employee number")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", help="output file (default: standard output)")
    args = parser.parse_args(argv)
    layout = layout_from_bank(args.bank) if args.bank else demo_layout()
    rng = np.random.default_rng(args.seed)
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            write_csv(out, layout, args.rows, rng, prefix=args.ids, start=args.start)
    else:
        write_csv(sys.stdout, layout, args.rows, rng, prefix=args.ids, start=args.start)


if __name__ == "__main__":
    main()
