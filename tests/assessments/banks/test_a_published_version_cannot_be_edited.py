"""A published version is read-only on the site: its page has no editing controls, and
every editing request is refused with 409 and a clear message, changing nothing."""

import pytest
from django.urls import reverse

from assessments.models import Item, TwinPair
from assessments.services.bank_files import export_version
from assessments.services.banks import publish

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(bank_admin, client_for):
    return client_for(bank_admin)


def editing_requests(version):
    item = version.items.get(code="EXE01")
    other = version.items.get(code="EXE05")
    pair = version.pairs.first()
    return [
        ("get", reverse("assessments:bank_item_edit", args=[version.pk, item.pk]), {}),
        ("post", reverse("assessments:bank_item_save", args=[version.pk, item.pk]),
         {"text_en": "Changed", "text_zh_hans": "改了", "scale": item.scale_id}),
        ("post", reverse("assessments:bank_item_move", args=[version.pk, item.pk]),
         {"direction": "down"}),
        ("post", reverse("assessments:bank_pair_add", args=[version.pk]),
         {"item_a": item.pk, "item_b": other.pk, "relation": "same"}),
        ("post", reverse("assessments:bank_pair_remove", args=[version.pk, pair.pk]), {}),
        ("post", reverse("assessments:bank_publish", args=[version.pk]), {}),
    ]


def test_the_published_page_has_no_editing_controls(editor, published):
    html = editor.get(reverse("assessments:bank_version", args=[published.pk])).content.decode()
    assert "I keep my files and work materials arranged" in html
    assert "read-only" in html
    assert "hx-post" not in html and 'name="text_en"' not in html
    assert "Publish version" not in html
    assert "Start a draft from version 1" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_every_edit_of_a_published_version_is_refused_and_changes_nothing(
        editor, published, htmx):
    before = export_version(published)
    for method, url, data in editing_requests(published):
        response = getattr(editor, method)(url, data, **(HTMX if htmx else {}))
        assert response.status_code == 409, url
        html = response.content.decode()
        assert "Version 1 is published and can no longer be changed" in html, url
        if htmx:
            assert response["HX-Retarget"] == "#editor-messages"
    assert export_version(published) == before


def test_a_draft_published_from_another_tab_refuses_the_next_edit(editor, draft, bank_admin):
    item = draft.items.get(code="EXE01")
    form = editor.get(reverse("assessments:bank_item_edit", args=[draft.pk, item.pk]), **HTMX)
    assert form.status_code == 200
    publish(draft, bank_admin)
    response = editor.post(reverse("assessments:bank_item_save", args=[draft.pk, item.pk]),
                           {"text_en": "Too late", "text_zh_hans": "太晚了",
                            "scale": item.scale_id}, **HTMX)
    assert response.status_code == 409
    assert Item.objects.get(pk=item.pk).text["en"] != "Too late"


def test_the_model_lock_is_answered_as_a_refusal_too(editor, draft, bank_admin, monkeypatch):
    """Published between the editor's check and its write: the model's own lock refuses."""
    from assessments.services import bank_editing

    monkeypatch.setattr(bank_editing, "_lock_draft", lambda version: None)
    publish(draft, bank_admin)
    monkeypatch.setattr(bank_editing, "access_version",
                        lambda user, version_id, edit=False: draft)
    pair = draft.pairs.first()
    response = editor.post(reverse("assessments:bank_pair_remove", args=[draft.pk, pair.pk]),
                           **HTMX)
    assert response.status_code == 409
    assert TwinPair.objects.filter(pk=pair.pk).exists()
