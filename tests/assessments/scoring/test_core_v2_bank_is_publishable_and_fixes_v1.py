"""CORE v2: the publish rules hold, the twins that were content are gone, v1 is unchanged."""

import json
from pathlib import Path

import pytest

BANKS = Path(__file__).resolve().parents[3] / "assessments" / "banks"
V1 = json.loads((BANKS / "core.json").read_text(encoding="utf-8"))
V2 = json.loads((BANKS / "core_v2.json").read_text(encoding="utf-8"))


def test_v2_has_the_v1_format_and_a_changelog():
    assert set(V2) == set(V1)
    assert V2["code"] == V1["code"] == "CORE" and V1["version"] == 1 and V2["version"] == 2
    assert "Version 2" in V2["changelog"] and len(V2["changelog"]) > 200
    assert [s["code"] for s in V2["scales"]] == [s["code"] for s in V1["scales"]]


def test_transfer_judgements_are_content_not_twins():
    joined = [{p["a"], p["b"]} for p in V2["pairs"]]
    assert {"CMP17", "CMP18"} not in joined and {"CMP19", "CMP20"} not in joined
    assert len(V2["pairs"]) >= 16
    assert sum(p["relation"] == "opposite" for p in V2["pairs"]) * 3 >= len(V2["pairs"])


def test_twins_stay_at_least_eight_positions_apart_and_orders_are_complete():
    order = {it["code"]: it["order"] for it in V2["items"]}
    assert sorted(order.values()) == list(range(1, len(order) + 1))
    assert min(abs(order[p["a"]] - order[p["b"]]) for p in V2["pairs"]) >= 8


def test_items_are_bilingual_single_statements_on_the_five_point_scale():
    for it in V2["items"]:
        assert (it["min"], it["max"]) == (1, 5)
        assert it["text"]["en"].isascii() and it["text"]["zh-hans"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in it["text"]["zh-hans"])
    text = {it["code"]: it["text"] for it in V2["items"]}
    assert ";" not in text["CMP21"]["en"] and ";" not in text["CMP22"]["en"]
    assert "抽象的概念" not in text["CMP04"]["zh-hans"]
    assert "不太值得" not in text["EXE23"]["zh-hans"]
    assert "一定" not in text["EXE10"]["zh-hans"]
    assert "都" not in text["CMP14"]["zh-hans"]
    for code in ("EXE09", "EXE13", "EXE06"):   # reverse EXE items no longer describe autonomy
        assert not any(w in text[code]["en"] for w in ("adjust", "way around", "confining"))


def test_keys_and_reverse_shares_are_unchanged_from_v1():
    rev1 = {it["code"]: it["reverse"] for it in V1["items"]}
    rev2 = {it["code"]: it["reverse"] for it in V2["items"]}
    assert rev1 == rev2


@pytest.mark.django_db
def test_v2_passes_the_publish_rules():
    from assessments.models.banks import content_problems
    from assessments.services.bank_files import parse_bank

    parsed = parse_bank(V2)
    assert content_problems(parsed.scales, parsed.items, parsed.pairs) == []
