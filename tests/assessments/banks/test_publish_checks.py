import pytest
from django.core.exceptions import ValidationError

from assessments.models import BankVersion, Item, Scale, TwinPair
from assessments.models.banks import content_problems
from assessments.services.bank_files import import_bank
from assessments.services.banks import publish

from .conftest import small_bank


def refusal(version):
    with pytest.raises(ValidationError) as caught:
        publish(version)
    version.refresh_from_db()
    assert version.status == BankVersion.Status.DRAFT
    return caught.value.messages


def test_the_default_bank_draft_publishes(draft, bank_admin):
    assert draft.publish_problems() == []
    version = publish(draft, bank_admin)
    assert version.status == BankVersion.Status.PUBLISHED
    assert version.published_by == bank_admin
    assert version.published_at is not None


def test_an_item_without_chinese_text_is_refused(draft):
    Item.objects.filter(version=draft, code="EXE05").update(text={"en": "Only English"})
    assert refusal(draft) == [
        "Item EXE05 has no Simplified Chinese (zh-hans) text."
    ]


def test_a_blank_text_counts_as_missing(draft):
    item = draft.items.get(code="CMP03")
    item.text = {"en": "   ", "zh-hans": "有"}
    item.save()
    assert refusal(draft) == ["Item CMP03 has no English (en) text."]


def test_an_item_whose_lowest_answer_is_not_below_the_highest_is_refused():
    # The database refuses such a row outright; the check covers files before writing.
    scale = Scale(code="A", name={"en": "A", "zh-hans": "甲"})
    item = Item(code="A1", scale=scale, text={"en": "x", "zh-hans": "x"}, min_value=5,
                max_value=5)
    assert content_problems([scale], [item], []) == [
        "Item A1: the lowest answer (5) must be below the highest (5)."
    ]


def test_a_twin_pair_across_scales_is_refused(draft):
    pair = draft.pairs.get(item_a__code="EXE01")
    pair.item_b = draft.items.get(code="CMP04")  # CMP04 is in no pair
    pair.save()
    assert refusal(draft) == [
        "Twin pair EXE01 ~ CMP04 joins items of different scales (EXE and CMP)."
    ]


def test_an_item_in_two_twin_pairs_is_refused(draft):
    pair = draft.pairs.get(item_a__code="EXE03")
    pair.item_a = draft.items.get(code="EXE02")  # already twinned with EXE01
    pair.save()
    assert refusal(draft) == [
        "Item EXE02 is in two twin pairs (EXE01 ~ EXE02 and EXE02 ~ EXE04)."
    ]


def test_a_classifying_bank_needs_both_families(draft):
    draft.scales.filter(code="CMP").update(role=Scale.Role.NONE)
    assert refusal(draft) == [
        "A bank that classifies needs a High compression scale, and this one has none."
    ]


def test_a_family_scale_needs_twelve_items(db, core_data):
    dropped = {f"EXE{n:02d}" for n in range(12, 27)}  # 11 execution items remain
    core_data["items"] = [i for i in core_data["items"] if i["code"] not in dropped]
    core_data["pairs"] = [p for p in core_data["pairs"] if not {p["a"], p["b"]} & dropped]
    version = import_bank(core_data)
    messages = refusal(version)
    assert "Scale EXE has 11 items; a family scale needs at least 12." in messages


def test_a_family_scale_needs_30_to_70_percent_reverse_keyed_items(draft):
    draft.items.filter(scale__code="CMP").update(reverse=False)
    draft.items.filter(scale__code="EXE").update(reverse=True)
    assert refusal(draft) == [
        "Scale CMP has 0 of 26 items reverse-keyed (0%); a family scale needs 30–70%.",
        "Scale EXE has 26 of 26 items reverse-keyed (100%); a family scale needs 30–70%.",
    ]


def test_a_classifying_bank_needs_eight_twin_pairs(draft):
    keep = list(draft.pairs.order_by("pk").values_list("pk", flat=True)[:7])
    draft.pairs.exclude(pk__in=keep).delete()
    assert "The bank has 7 twin pairs; a bank that classifies needs at least 8." in refusal(draft)


def test_a_third_of_the_twin_pairs_must_be_opposite(draft):
    opposite = draft.pairs.filter(relation=TwinPair.Relation.OPPOSITE)
    keep = list(opposite.order_by("pk").values_list("pk", flat=True)[:5])
    opposite.exclude(pk__in=keep).update(relation=TwinPair.Relation.SAME)
    assert refusal(draft) == [
        "5 of 18 twin pairs are opposite (reverse-worded); at least a third must be."
    ]


def test_exactly_a_third_opposite_is_enough(draft):
    opposite = draft.pairs.filter(relation=TwinPair.Relation.OPPOSITE)
    keep = list(opposite.order_by("pk").values_list("pk", flat=True)[:6])
    opposite.exclude(pk__in=keep).update(relation=TwinPair.Relation.SAME)
    assert draft.publish_problems() == []


def test_a_bank_without_role_scales_is_a_plain_measurement_bank(db):
    version = import_bank(small_bank())
    assert not version.classifies
    assert publish(version).status == BankVersion.Status.PUBLISHED


def test_every_reason_is_listed_not_just_the_first(draft):
    Item.objects.filter(version=draft, code="EXE05").update(text={"zh-hans": "只有中文"})
    draft.items.filter(scale__code="CMP").update(reverse=False)
    draft.pairs.filter(relation=TwinPair.Relation.OPPOSITE).update(
        relation=TwinPair.Relation.SAME)
    messages = refusal(draft)
    assert messages == [
        "Item EXE05 has no English (en) text.",
        "Scale CMP has 0 of 26 items reverse-keyed (0%); a family scale needs 30–70%.",
        "0 of 18 twin pairs are opposite (reverse-worded); at least a third must be.",
    ]


def test_a_published_version_cannot_be_published_again(published):
    with pytest.raises(ValidationError) as caught:
        publish(published)
    assert caught.value.messages == [
        "Only a draft can be published; this version is Published."
    ]
