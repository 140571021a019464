"""Twin pairs on the site: picked from the items by code and sentence, listed with both
sentences and their relation, removed with a button; every bad choice is named and
nothing is added."""

import pytest
from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(bank_admin, client_for):
    return client_for(bank_admin)


def unpaired(version, scale):
    paired = set(version.pairs.values_list("item_a", flat=True)) | set(
        version.pairs.values_list("item_b", flat=True))
    return [i for i in version.items.filter(scale__code=scale).order_by("order", "pk")
            if i.pk not in paired]


def add(client, version, a, b, relation="opposite"):
    return client.post(reverse("assessments:bank_pair_add", args=[version.pk]),
                       {"item_a": a, "item_b": b, "relation": relation}, **HTMX)


def test_the_pair_list_shows_both_sentences(editor, draft):
    html = editor.get(reverse("assessments:bank_version", args=[draft.pk])).content.decode()
    pairs = html.split('id="twin-pairs"')[1]
    pair = draft.pairs.select_related("item_a", "item_b").get(item_a__code="EXE01")
    assert pair.item_a.text["en"] in pairs and pair.item_b.text["en"] in pairs
    assert "Opposite (reverse-worded)" in pairs
    assert "EXE01 ~ EXE02" not in html


def test_the_choices_show_code_and_sentence_in_the_page_language(editor, draft):
    editor.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = editor.get(reverse("assessments:bank_version", args=[draft.pk])).content.decode()
    item = draft.items.get(code="EXE01")
    assert f'<option value="{item.pk}">EXE01 · {item.text["zh-hans"]}</option>' in html


def test_a_pair_is_added_and_removed(editor, draft):
    a, b = unpaired(draft, "EXE")[:2]
    count = draft.pairs.count()
    response = add(editor, draft, a.pk, b.pk)
    assert response.status_code == 200 and response["HX-Trigger"] == "bank-changed"
    assert a.text["en"] in response.content.decode().split("<form")[0]
    pair = draft.pairs.get(item_a=a)
    assert (pair.item_b, pair.relation) == (b, "opposite")
    response = editor.post(reverse("assessments:bank_pair_remove", args=[draft.pk, pair.pk]),
                           **HTMX)
    assert response.status_code == 200
    assert draft.pairs.count() == count
    listed = response.content.decode().split("<form")[0]
    assert a.text["en"] not in listed


def test_every_bad_choice_is_named_and_nothing_is_added(editor, draft):
    count = draft.pairs.count()
    exe, cmp_ = unpaired(draft, "EXE")[0], unpaired(draft, "CMP")[0]
    paired = draft.pairs.first().item_a
    cases = [
        (("", "", "same"), ["Choose an item of this version."]),
        ((exe.pk, exe.pk, "same"), ["Choose two different items."]),
        ((exe.pk, cmp_.pk, "same"), [f"Twins belong to the same scale; {exe.code} is in EXE"]),
        ((exe.pk, paired.pk, "same"), [f"{paired.code} is already in a twin pair"]),
        ((exe.pk, unpaired(draft, "EXE")[1].pk, "sideways"),
         ["Choose how the two items relate."]),
        (("999999", "x", "same"), ["Choose an item of this version."]),
    ]
    for (a, b, relation), messages in cases:
        response = add(editor, draft, a, b, relation)
        assert response.status_code == 400, (a, b, relation)
        html = response.content.decode()
        assert "No pair was added." in html
        for message in messages:
            assert message in html, message
    assert draft.pairs.count() == count


def test_a_pair_of_another_version_cannot_be_removed(editor, draft, core_data):
    from assessments.services.bank_files import import_bank

    core_data["code"] = "OTHER"
    other = import_bank(core_data)
    pair = other.pairs.first()
    response = editor.post(reverse("assessments:bank_pair_remove", args=[draft.pk, pair.pk]),
                           **HTMX)
    assert response.status_code == 404
    assert other.pairs.filter(pk=pair.pk).exists()
