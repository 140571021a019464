"""A bank admin edits a draft's item on the site: the row becomes a small form, saving
puts the row back with the new texts and keying, bad input is shown in the form with
nothing written."""

import pytest
from django.urls import reverse

from assessments.models import Item

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(bank_admin, client_for):
    return client_for(bank_admin)


def edit_url(draft, item):
    return reverse("assessments:bank_item_edit", args=[draft.pk, item.pk])


def save_url(draft, item):
    return reverse("assessments:bank_item_save", args=[draft.pk, item.pk])


def form_data(item, **changes):
    data = {"text_en": item.text["en"], "text_zh_hans": item.text["zh-hans"],
            "scale": item.scale_id, **({"reverse": "on"} if item.reverse else {})}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_draft_page_shows_every_item_in_english_and_chinese_by_scale(editor, draft):
    html = editor.get(reverse("assessments:bank_version", args=[draft.pk])).content.decode()
    assert html.count('class="list-group-item bank-item"') == 52
    assert "I keep my files and work materials arranged" in html
    assert "我会把文件和工作资料整理好" in html
    assert "EXE · Precise execution" in html and "CMP · High compression" in html
    assert "Reverse-keyed" in html and "Keyed forward" in html


def test_edit_turns_the_row_into_a_form_with_both_texts(editor, draft):
    item = draft.items.get(code="EXE01")
    html = editor.get(edit_url(draft, item), **HTMX).content.decode()
    assert 'name="text_en"' in html and 'name="text_zh_hans"' in html
    assert item.text["zh-hans"] in html
    assert f'id="item-{item.pk}"' in html


def test_saving_rewords_rekeys_and_puts_the_row_back(editor, draft):
    item = draft.items.get(code="EXE01")
    was_reverse = item.reverse
    response = editor.post(save_url(draft, item), form_data(
        item, text_en="I keep my papers in order.", text_zh_hans="我把文件整理得井井有条。",
        reverse=None if was_reverse else "on"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "bank-changed"
    html = response.content.decode()
    assert "I keep my papers in order." in html and "我把文件整理得井井有条。" in html
    assert 'name="text_en"' not in html
    item.refresh_from_db()
    assert item.text["en"] == "I keep my papers in order."
    assert item.text["zh-hans"] == "我把文件整理得井井有条。"
    assert item.reverse is not was_reverse


def test_moving_an_item_to_another_scale_redraws_the_page(editor, draft):
    item = draft.items.get(code="EXE01")
    other = draft.scales.get(code="CMP")
    response = editor.post(save_url(draft, item), form_data(item, scale=other.pk), **HTMX)
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    item.refresh_from_db()
    assert item.scale == other


def test_cancel_puts_the_unchanged_row_back(editor, draft):
    item = draft.items.get(code="EXE01")
    html = editor.get(reverse("assessments:bank_item", args=[draft.pk, item.pk]),
                      **HTMX).content.decode()
    assert item.text["en"] in html and 'name="text_en"' not in html


@pytest.mark.parametrize("changes, field, message", [
    ({"text_zh_hans": "   "}, "zh", "Write the sentence in this language."),
    ({"text_en": ""}, "en", "Write the sentence in this language."),
    ({"text_en": "x" * 501}, "en", "At most 500 characters (this has 501)."),
    ({"scale": "not-a-number"}, "scale", "Choose one of this version&#x27;s scales."),
    ({"scale": None}, "scale", "Choose one of this version&#x27;s scales."),
])
def test_bad_input_is_shown_in_the_form_and_nothing_is_saved(editor, draft, changes, field,
                                                             message):
    item = draft.items.get(code="EXE01")
    before = (dict(item.text), item.scale_id, item.reverse)
    response = editor.post(save_url(draft, item), form_data(
        item, **{"text_en": "A new English text", **changes}), **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="item-{item.pk}-{field}-error"' in html
    assert "Nothing was saved." in html
    item.refresh_from_db()
    assert (item.text, item.scale_id, item.reverse) == before


def test_a_scale_of_another_version_is_refused(editor, draft, core_data):
    from assessments.services.bank_files import import_bank

    core_data["code"] = "OTHER"
    other = import_bank(core_data)
    item = draft.items.get(code="EXE01")
    response = editor.post(save_url(draft, item), form_data(
        item, scale=other.scales.first().pk), **HTMX)
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.scale.version_id == draft.pk


def test_an_item_of_another_version_is_not_found(editor, draft, core_data):
    from assessments.services.bank_files import import_bank

    core_data["code"] = "OTHER"
    other_item = import_bank(core_data).items.first()
    response = editor.post(save_url(draft, other_item), form_data(other_item), **HTMX)
    assert response.status_code == 404
    assert Item.objects.get(pk=other_item.pk).text == other_item.text


def test_the_chinese_page_labels_the_form_in_chinese(editor, draft):
    editor.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    item = draft.items.get(code="EXE01")
    response = editor.post(save_url(draft, item), form_data(item, text_en=""), **HTMX)
    html = response.content.decode()
    assert "英语" in html and "请用这种语言写出这句话。" in html
    assert "Write the sentence" not in html


def test_a_missing_translation_is_marked_on_its_row(editor, draft):
    item = draft.items.get(code="EXE01")
    item.text = {"en": item.text["en"]}
    item.save()
    html = editor.get(reverse("assessments:bank_item", args=[draft.pk, item.pk]),
                      **HTMX).content.decode()
    assert "No text yet" in html


def test_answer_labels_are_edited_in_both_languages_one_a_line(editor, draft):
    item = draft.items.get(code="EXE01")
    form = editor.get(edit_url(draft, item), **HTMX).content.decode()
    assert 'name="anchors_en"' in form and 'name="anchors_zh_hans"' in form
    response = editor.post(save_url(draft, item), form_data(
        item, anchors_en="Never\n\nAlways\n", anchors_zh_hans="从不\n总是"), **HTMX)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.anchors == {"en": ["Never", "Always"], "zh-hans": ["从不", "总是"]}
    html = response.content.decode()
    assert "Never · Always" in html and "从不 · 总是" in html
    assert item.answer_choices("zh-hans")[0] == (1, "从不")


def test_answer_labels_in_one_language_only_or_of_the_wrong_count_are_refused(editor, draft):
    item = draft.items.get(code="EXE01")
    before = item.anchors
    response = editor.post(save_url(draft, item), form_data(
        item, anchors_en="Never\nRarely\nAlways", anchors_zh_hans=""), **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "3 labels: give 2" in html and "in this language too, or in neither" in html
    assert 'aria-invalid="true"' in html
    item.refresh_from_db()
    assert item.anchors == before


def test_a_form_without_the_label_fields_leaves_the_labels_as_they_are(editor, draft):
    item = draft.items.get(code="EXE01")
    before = item.anchors
    assert editor.post(save_url(draft, item), form_data(item), **HTMX).status_code == 200
    item.refresh_from_db()
    assert item.anchors == before
