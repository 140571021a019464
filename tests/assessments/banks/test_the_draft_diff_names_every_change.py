"""What a draft changes against the version it was copied from: items added, removed,
reworded (per language), keyed the other way, moved between scales, and twin pairs added
and removed, on the report (reports/bank_diff.py) and on the page."""

import pytest
from django.urls import reverse

from assessments.models import Item, TwinPair
from assessments.reports.bank_diff import bank_diff, has_changes
from assessments.services.banks import start_draft_from


@pytest.fixture
def changed(published):
    draft = start_draft_from(published)
    items = {item.code: item for item in draft.items.select_related("scale")}
    exe = draft.scales.get(code="EXE")
    cmp_ = draft.scales.get(code="CMP")
    # Reworded in Chinese only.
    items["EXE05"].text = {**items["EXE05"].text, "zh-hans": "新的中文句子。"}
    items["EXE05"].save()
    # Keyed the other way.
    items["EXE06"].reverse = not items["EXE06"].reverse
    items["EXE06"].save()
    # Moved to the other scale.
    items["CMP22"].scale = exe
    items["CMP22"].save()
    # A pair removed (its items stay), an item removed (and with it its pair).
    removed_pair = draft.pairs.select_related("item_a", "item_b").get(item_a__code="EXE03")
    removed_pair.delete()
    draft.items.filter(code="EXE01").delete()
    # An item added, paired with a freed item.
    new = Item.objects.create(version=draft, scale=exe, code="EXE99", order=99,
                              text={"en": "A brand-new item.", "zh-hans": "全新的题目。"})
    TwinPair.objects.create(version=draft, item_a=new, item_b=items["EXE03"],
                            relation="same")
    del cmp_
    return draft


def test_the_report_names_every_change(published, changed):
    diff = bank_diff(published, changed)
    assert has_changes(diff)
    assert [i["code"] for i in diff["added"]] == ["EXE99"]
    assert [i["code"] for i in diff["removed"]] == ["EXE01"]
    assert [(c["code"], c["language"], c["after"]) for c in diff["reworded"]] == [
        ("EXE05", "zh-hans", "新的中文句子。")]
    assert [(i["code"], i["was_reverse"], i["reverse"]) for i in diff["rekeyed"]] == [
        ("EXE06", published.items.get(code="EXE06").reverse,
         not published.items.get(code="EXE06").reverse)]
    assert [(i["code"], i["was_scale"], i["scale"]) for i in diff["moved"]] == [
        ("CMP22", "CMP", "EXE")]
    assert {(p["a"], p["b"]) for p in diff["pairs_removed"]} == {
        ("EXE01", "EXE02"), ("EXE03", "EXE04")}
    assert [(p["a"], p["b"], p["relation"]) for p in diff["pairs_added"]] == [
        ("EXE99", "EXE03", "same")]


def test_a_fresh_copy_has_no_changes(published):
    assert not has_changes(bank_diff(published, start_draft_from(published)))


def test_the_page_says_each_change_in_words(bank_admin, client_for, published, changed):
    html = client_for(bank_admin).get(
        reverse("assessments:bank_changes", args=[changed.pk])).content.decode()
    assert "Changes in version 2 since version 1" in html
    assert "1 item added" in html and "A brand-new item." in html
    assert "1 item removed" in html
    assert "1 text reworded" in html and "新的中文句子。" in html
    assert "Simplified Chinese" in html
    assert "1 item keyed the other way" in html
    assert "1 item moved to another scale" in html and "from CMP to EXE" in html
    assert "1 twin pair added" in html and "2 twin pairs removed" in html
    assert "~" not in html.split("<main")[1]


def test_a_version_not_copied_from_another_says_so(bank_admin, client_for, draft):
    html = client_for(bank_admin).get(
        reverse("assessments:bank_changes", args=[draft.pk])).content.decode()
    assert "nothing to compare it with" in html


def test_the_draft_page_links_to_its_changes(bank_admin, client_for, changed):
    html = client_for(bank_admin).get(
        reverse("assessments:bank_version", args=[changed.pk])).content.decode()
    assert reverse("assessments:bank_changes", args=[changed.pk]) in html
    assert "Changes since version 1" in html


def test_new_answer_labels_are_a_change_shown_in_the_page_language(published, bank_admin,
                                                                   client_for):
    draft = start_draft_from(published)
    item = draft.items.get(code="EXE02")
    item.anchors = {"en": ["Never", "Always"], "zh-hans": ["从不", "总是"]}
    item.save()
    diff = bank_diff(published, draft, "zh-hans")
    assert has_changes(diff)
    assert [(i["code"], i["now"]) for i in diff["relabelled"]] == [("EXE02", "从不 · 总是")]
    html = client_for(bank_admin).get(
        reverse("assessments:bank_changes", args=[draft.pk])).content
    assert "1 item with new answer labels" in html.decode() and "Never · Always" in html.decode()
