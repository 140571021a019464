from assessments.models import BankVersion
from assessments.services.bank_files import export_version
from assessments.services.banks import start_draft_from


def test_a_new_draft_copies_scales_items_and_pairs_into_the_next_number(published):
    draft = start_draft_from(published)
    assert draft.number == 2
    assert draft.status == BankVersion.Status.DRAFT
    assert draft.based_on == published
    before, after = export_version(published), export_version(draft)
    assert after["version"] == 2
    for key in ("scales", "items", "pairs"):
        assert after[key] == before[key]


def test_the_copy_is_independent_of_the_original(published):
    draft = start_draft_from(published)
    item = draft.items.get(code="EXE01")
    item.text = {"en": "Changed in the draft", "zh-hans": "草稿中修改"}
    item.save()
    assert published.items.get(code="EXE01").text["en"] != "Changed in the draft"
    pair = draft.pairs.get(item_a__code="EXE01")
    assert pair.item_a.version == draft and pair.item_b.version == draft
    assert set(draft.items.values_list("scale__version", flat=True)) == {draft.pk}


def test_drafts_are_numbered_after_the_latest_version(published):
    first = start_draft_from(published)
    second = start_draft_from(published)
    assert (first.number, second.number) == (2, 3)
    assert second.based_on == published


def test_a_draft_can_be_copied_too(draft):
    copy = start_draft_from(draft)
    assert copy.items.count() == draft.items.count() == 52
