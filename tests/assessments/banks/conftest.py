import copy
import json

import pytest

from assessments.services.bank_files import DEFAULT_BANK_FILE, import_bank

_CORE = json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def core_data():
    """The default bank's JSON document, safe to modify."""
    return copy.deepcopy(_CORE)


@pytest.fixture
def draft(db, core_data):
    """CORE v1 as a draft that passes every publish check."""
    return import_bank(core_data)


@pytest.fixture
def published(db, core_data):
    return import_bank(core_data, publish_it=True)


def small_bank(code="MINI", *, pairs=()):
    """A plain measurement bank (no role scale) with two scales of two items each."""
    def text(words):
        return {"en": words, "zh-hans": f"中文：{words}"}

    return {
        "code": code, "version": 1, "name": text("Mini bank"),
        "scales": [{"code": "A", "role": None, "name": text("Scale A")},
                   {"code": "B", "role": None, "name": text("Scale B")}],
        "items": [{"code": f"{scale}{n}", "scale": scale, "reverse": n == 2, "min": 1,
                   "max": 5, "text": text(f"Item {scale}{n}")}
                  for scale in "AB" for n in (1, 2)],
        "pairs": list(pairs),
    }
