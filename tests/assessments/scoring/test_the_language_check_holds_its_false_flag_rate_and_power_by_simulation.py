"""At the smallest group the language check accepts, on the default bank's layout and on
answers from a model that is not the engine's own (an ordinal-probit threshold model:
normal traits, normal errors, 5 categories cut at item-specific, skewed thresholds):

* clean data (both languages answer alike): at most 5% of checks flag any item;
* one statement read reversed in one language (its r.drop .40 there, -.40 in the other):
  found in at least 95% of checks, and of the statements flagged beside it about 5% are
  false (the false-discovery rate).

Measured in this run (300 checks of each kind, seeded): printed with -s.  Long runs of
2,000 checks (docs/scoring.md) give 2.9% false flags and 97.0% power at 72 people."""

import json

import numpy as np
import pytest

from assessments import scoring
from assessments.scoring import drift
from assessments.services.bank_files import DEFAULT_BANK_FILE

CHECKS = 300


@pytest.fixture(scope="module")
def model():
    bank = json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))
    layout = scoring.Layout.build(bank["items"], bank["scales"], [])
    rng = np.random.default_rng(2026)
    loading = rng.uniform(0.35, 0.75, layout.k)
    cuts = np.sort(rng.normal(0, 0.9, (layout.k, 4)), axis=1) + rng.normal(0, 0.4, (layout.k, 1))

    def answers(n, rng, reversed_item=None):
        traits = rng.multivariate_normal([0, 0], [[1, 0.3], [0.3, 1]], n)
        latent = loading * traits[:, layout.item_scale] + np.sqrt(1 - loading ** 2) \
            * rng.standard_normal((n, layout.k))
        latent = np.where(layout.reverse, -latent, latent)
        X = 1.0 + (latent[:, :, None] > cuts[None]).sum(axis=2)
        if reversed_item is not None:
            X[:, reversed_item] = 6 - X[:, reversed_item]
        return X

    # The statement to reverse: the one whose r.drop is nearest .40 in a large sample.
    r_drop, __ = drift.r_drop_in(scoring.key(answers(20_000, rng), layout), layout)
    target = int(np.argmin(np.abs(r_drop - drift.DETECTED_R_DROP)))
    return layout, answers, target, r_drop


def _check(layout, first, second):
    n1, n2 = len(first), len(second)
    return drift.item_total_by_group(scoring.key(np.vstack([first, second]), layout),
                                     ["en"] * n1 + ["zh-hans"] * n2, layout)


def test_the_reversed_statement_is_a_typical_one(model):
    layout, __, target, r_drop = model
    assert abs(r_drop[target] - 0.40) < 0.01
    assert 0.38 < np.median(r_drop) < 0.48


def test_the_check_refuses_one_person_below_its_minimum(model):
    layout, answers, __, __ = model
    minimum = drift.min_group_size(layout.k)
    rng = np.random.default_rng(5)
    out = _check(layout, answers(minimum, rng), answers(minimum - 1, rng))
    assert out["min_n"] == minimum == 72
    assert out["compared"] == ["en"] and out["needed"] == {"zh-hans": 1}


def test_at_its_minimum_the_check_rarely_flags_clean_data_and_finds_a_reversed_item(model):
    layout, answers, target, __ = model
    n = drift.min_group_size(layout.k)
    code = layout.item_codes[target]
    rng = np.random.default_rng(72)
    false_flags = found = 0
    false_shares = []
    for __ in range(CHECKS):
        english = answers(n, rng)
        clean = _check(layout, english, answers(n, rng))
        assert clean["compared"] == ["en", "zh-hans"]
        false_flags += any(item["flagged"] for item in clean["items"].values())
        reversed_ = _check(layout, english, answers(n, rng, reversed_item=target))
        found += reversed_["items"][code]["flagged"]
        flagged = [c for c, item in reversed_["items"].items() if item["flagged"]]
        false_shares.append(sum(c != code for c in flagged) / max(len(flagged), 1))
    false_rate, power, fdr = false_flags / CHECKS, found / CHECKS, np.mean(false_shares)
    print(f"\n{n} people per language, {CHECKS} checks: clean checks flagging a statement "
          f"{false_rate:.3f}; reversed statement found {power:.3f}, share of the flagged "
          f"statements that are not it {fdr:.3f}")
    # The figures claimed (docs/scoring.md), and not far from what this seed measures: 300
    # checks give a standard error of about .01 for either.
    assert 0.015 <= false_rate <= 0.05
    assert power >= 0.95
    # Beside a reversed statement the control keeps the share of false flags near 5%
    # (about one check in ten flags one more statement; the other flagged is then 1/2).
    assert fdr <= 0.06
