"""A published version never changes: every write path is refused by the model layer."""

import pytest

from assessments.models import BankVersion, Item, Scale, TwinPair
from assessments.models.banks import PublishedVersionLocked
from assessments.services.banks import publish, retire, start_draft_from


@pytest.fixture
def draft_from_published(published):
    return start_draft_from(published)


def test_saving_a_changed_published_version_is_refused(published):
    published.changelog = "Rewritten history"
    with pytest.raises(PublishedVersionLocked):
        published.save()
    published.refresh_from_db()
    assert published.changelog == "First version of the default bank."


def test_moving_a_published_version_back_to_draft_is_refused(published):
    published.status = BankVersion.Status.DRAFT
    with pytest.raises(PublishedVersionLocked):
        published.save()


def test_deleting_a_published_version_is_refused(published):
    with pytest.raises(PublishedVersionLocked):
        published.delete()
    with pytest.raises(PublishedVersionLocked):
        BankVersion.objects.filter(pk=published.pk).delete()
    assert BankVersion.objects.filter(pk=published.pk).exists()


def test_a_queryset_update_of_a_published_version_is_refused(published):
    with pytest.raises(PublishedVersionLocked):
        BankVersion.objects.filter(pk=published.pk).update(changelog="x")
    with pytest.raises(PublishedVersionLocked):
        BankVersion.objects.all().update(status=BankVersion.Status.DRAFT)
    published.changelog = "y"
    with pytest.raises(PublishedVersionLocked):
        BankVersion.objects.bulk_update([published], ["changelog"])


def test_editing_an_item_of_a_published_version_is_refused(published):
    item = published.items.get(code="EXE01")
    item.text = {"en": "Changed", "zh-hans": "改了"}
    with pytest.raises(PublishedVersionLocked):
        item.save()
    assert published.items.get(code="EXE01").text["en"].startswith("I keep my files")


def test_queryset_and_bulk_edits_of_items_are_refused(published):
    with pytest.raises(PublishedVersionLocked):
        Item.objects.filter(version=published).update(reverse=True)
    with pytest.raises(PublishedVersionLocked):
        published.items.all().delete()
    items = list(published.items.all()[:2])
    for item in items:
        item.order += 100
    with pytest.raises(PublishedVersionLocked):
        Item.objects.bulk_update(items, ["order"])
    scale = published.scales.first()
    with pytest.raises(PublishedVersionLocked):
        Item.objects.bulk_create([Item(version=published, scale=scale, code="NEW")])
    assert published.items.count() == 52
    assert published.items.filter(reverse=True).count() == 24


def test_deleting_an_item_scale_or_pair_of_a_published_version_is_refused(published):
    for obj in (published.items.first(), published.scales.first(), published.pairs.first()):
        with pytest.raises(PublishedVersionLocked):
            obj.delete()
    assert (published.scales.count(), published.items.count(), published.pairs.count()) == (
        2, 52, 18)


def test_editing_scales_and_pairs_of_a_published_version_is_refused(published):
    scale = published.scales.get(code="EXE")
    scale.role = Scale.Role.NONE
    with pytest.raises(PublishedVersionLocked):
        scale.save()
    with pytest.raises(PublishedVersionLocked):
        Scale.objects.filter(version=published).update(role="")
    pair = published.pairs.first()
    pair.relation = TwinPair.Relation.SAME
    with pytest.raises(PublishedVersionLocked):
        pair.save()
    with pytest.raises(PublishedVersionLocked):
        TwinPair.objects.filter(version=published).update(relation="same")


def test_adding_an_item_to_a_published_version_is_refused(published):
    with pytest.raises(PublishedVersionLocked):
        Item.objects.create(version=published, scale=published.scales.first(), code="NEW",
                            text={"en": "New", "zh-hans": "新"})


def test_moving_a_published_item_into_a_draft_is_refused(published, draft_from_published):
    item = published.items.get(code="EXE01")
    item.version = draft_from_published
    item.code = "MOVED"
    with pytest.raises(PublishedVersionLocked):
        item.save()
    with pytest.raises(PublishedVersionLocked):
        Item.objects.filter(pk=item.pk).update(version=draft_from_published)


def test_moving_a_draft_item_into_a_published_version_is_refused(published, draft_from_published):
    with pytest.raises(PublishedVersionLocked):
        draft_from_published.items.filter(code="EXE01").update(version=published)


def test_a_published_version_can_be_retired_and_nothing_else(published):
    retire(published)
    published.refresh_from_db()
    assert published.status == BankVersion.Status.RETIRED
    published.status = BankVersion.Status.PUBLISHED
    with pytest.raises(PublishedVersionLocked):
        published.save()


def test_retiring_through_a_queryset_is_allowed(published):
    BankVersion.objects.filter(pk=published.pk).update(status=BankVersion.Status.RETIRED)
    published.refresh_from_db()
    assert published.status == BankVersion.Status.RETIRED


def test_drafts_stay_editable(draft):
    item = draft.items.get(code="EXE01")
    item.text = {"en": "Edited", "zh-hans": "已修改"}
    item.save()
    draft.items.filter(code="EXE02").update(order=999)
    draft.changelog = "Edited"
    draft.save()
    assert draft.items.get(code="EXE02").order == 999


def test_a_draft_that_a_published_version_was_copied_from_cannot_be_deleted(draft):
    copy = publish(start_draft_from(draft))
    with pytest.raises(PublishedVersionLocked):
        draft.delete()
    with pytest.raises(PublishedVersionLocked):
        BankVersion.objects.filter(pk=draft.pk).delete()
    copy.refresh_from_db()
    assert copy.based_on == draft
