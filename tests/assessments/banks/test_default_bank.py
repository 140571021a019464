"""The default CORE bank: two families, enough items and twins, publishable, bilingual."""

import json
import re

from assessments.demo import seed_assessments
from assessments.models import BankVersion, QuestionBank
from assessments.services.bank_files import DEFAULT_BANK_FILE, DEFAULT_BANK_FILES

CORE = json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))
CORE_V2 = json.loads(DEFAULT_BANK_FILES[1].read_text(encoding="utf-8"))


def items_of(scale):
    return [item for item in CORE["items"] if item["scale"] == scale]


def test_each_family_has_at_least_24_items_about_half_reverse_keyed():
    roles = {scale["code"]: scale["role"] for scale in CORE["scales"]}
    assert roles == {"EXE": "execution", "CMP": "compression"}
    for scale in roles:
        items = items_of(scale)
        assert len(items) >= 24
        assert 0.4 <= sum(item["reverse"] for item in items) / len(items) <= 0.6


def test_every_item_uses_the_five_point_agreement_scale_in_both_languages():
    for item in CORE["items"]:
        assert (item["min"], item["max"]) == (1, 5)
        assert item["anchors"]["en"][0] == "Strongly disagree"
        assert item["anchors"]["zh-hans"][-1] == "非常同意"
        assert re.search(r"[\u4e00-\u9fff]", item["text"]["zh-hans"]), item["code"]
        assert item["text"]["en"].isascii(), item["code"]


def test_there_are_16_twin_pairs_or_more_a_third_of_them_opposite_in_both_families():
    pairs = CORE["pairs"]
    assert len(pairs) >= 16
    assert sum(pair["relation"] == "opposite" for pair in pairs) * 3 >= len(pairs)
    families = {pair["a"][:3] for pair in pairs}
    assert families == {"EXE", "CMP"}


def test_twins_are_not_shown_next_to_each_other():
    order = {item["code"]: item["order"] for item in CORE["items"]}
    assert sorted(order.values()) == list(range(1, len(order) + 1))
    assert min(abs(order[p["a"]] - order[p["b"]]) for p in CORE["pairs"]) >= 8


def test_the_scenario_twins_share_a_structure_with_different_stories():
    text = {item["code"]: item["text"]["en"] for item in CORE["items"]}
    beef = next(code for code, words in text.items() if "beef" in words)
    pair = next(p for p in CORE["pairs"] if beef in (p["a"], p["b"]))
    twin = pair["b"] if pair["a"] == beef else pair["a"]
    assert "shares" in text[twin]
    assert pair["relation"] == "same"


def test_the_description_says_the_bank_is_not_yet_normed():
    assert "Not yet normed" in CORE["description"]["en"]
    assert "organisation's own data" in CORE["description"]["en"]
    assert "尚未建立常模" in CORE["description"]["zh-hans"]


def test_seeding_loads_the_default_bank_published_once(db):
    first = list(seed_assessments())
    second = list(seed_assessments())
    assert "loaded" in first[0] and "already there" in second[0]
    v1, v2 = BankVersion.objects.order_by("number")
    # v2 is offered to new campaigns; v1 is kept, retired, for the results made with it.
    assert (v1.number, v1.status) == (1, BankVersion.Status.RETIRED)
    assert (v2.number, v2.status) == (2, BankVersion.Status.PUBLISHED)
    assert QuestionBank.objects.get().code == "CORE"
    assert v1.items.count() == len(CORE["items"])
    assert v2.items.count() == len(CORE_V2["items"])
