"""Re-importing a file with the content of the bank's newest version creates nothing and
says so, in the service, the command and the admin; a file that differs by one word, one
keying or one twin makes a new draft as before."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from assessments.models import BankVersion
from assessments.services.bank_files import BankFileUnchanged, export_version, import_bank

IDENTICAL = "This file is identical to version 1; nothing was created."


def same_content_other_layout(data):
    """The document as another tool might write it: lists in another order, a pair named
    the other way round, extra white space, another version number and changelog."""
    data = json.loads(json.dumps(data, sort_keys=True))
    data["scales"].reverse()
    data["items"].reverse()
    data["pairs"] = [dict(pair, a=pair["b"], b=pair["a"]) for pair in reversed(data["pairs"])]
    data["items"][0]["text"]["en"] = "  " + data["items"][0]["text"]["en"].replace(" ", "  ")
    data["version"] = 7
    data["changelog"] = "Exported again."
    return data


def test_an_identical_file_creates_no_version_and_names_the_one_it_matches(published,
                                                                           core_data):
    with pytest.raises(BankFileUnchanged) as caught:
        import_bank(core_data)
    assert caught.value.version == published
    assert caught.value.message == IDENTICAL
    assert list(BankVersion.objects.all()) == [published]


def test_layout_order_and_white_space_do_not_make_a_file_different(published, core_data):
    with pytest.raises(BankFileUnchanged):
        import_bank(same_content_other_layout(core_data))
    assert BankVersion.objects.count() == 1


def test_an_export_of_the_newest_version_imports_as_identical(published):
    with pytest.raises(BankFileUnchanged):
        import_bank(export_version(published))


def one_word(data):
    data["items"][3]["text"]["en"] = data["items"][3]["text"]["en"].replace(" ", " really ", 1)


def one_chinese_character(data):
    data["items"][3]["text"]["zh-hans"] += "。"


def one_keying(data):
    data["items"][3]["reverse"] = not data["items"][3]["reverse"]


def one_twin_relation(data):
    pair = data["pairs"][0]
    pair["relation"] = "same" if pair["relation"] == "opposite" else "opposite"


def one_scale_name(data):
    data["scales"][0]["name"]["zh-hans"] += "（新）"


def one_answer_label(data):
    item = data["items"][0]
    item["anchors"] = {"en": ["Never", "Always"]}


@pytest.mark.parametrize("change", [one_word, one_chinese_character, one_keying,
                                    one_twin_relation, one_scale_name, one_answer_label])
def test_a_file_that_differs_in_one_place_makes_a_new_draft(published, core_data, change):
    change(core_data)
    version = import_bank(core_data)
    assert (version.number, version.status) == (2, BankVersion.Status.DRAFT)
    published.refresh_from_db()
    assert published.status == BankVersion.Status.PUBLISHED


def test_only_the_newest_version_is_compared(published, core_data):
    original = json.loads(json.dumps(core_data))
    one_word(core_data)
    assert import_bank(core_data).number == 2
    # The file of version 1 differs from the newest (2), so it becomes version 3.
    assert import_bank(original).number == 3


def test_the_command_says_nothing_was_created(published, core_data, tmp_path):
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(core_data), encoding="utf-8")
    out = io.StringIO()
    call_command("import_bank", str(path), stdout=out)
    assert out.getvalue().strip() == f"CORE: {IDENTICAL}"
    assert BankVersion.objects.count() == 1


def upload(client, data, *, publish=False):
    form = {"file": SimpleUploadedFile("bank.json", json.dumps(data).encode(),
                                       "application/json")}
    if publish:
        form["publish"] = "on"
    return client.post(reverse("admin:assessments_bankversion_import_json"), form,
                       follow=True)


def test_the_admin_says_so_and_opens_the_matching_version(bank_admin, client_for,
                                                          published, core_data):
    response = upload(client_for(bank_admin), core_data)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:assessments_bankversion_change", args=[published.pk])
    html = response.content.decode()
    assert IDENTICAL in html
    assert "imported" not in html
    assert BankVersion.objects.count() == 1


def test_publishing_an_identical_draft_from_a_file_says_it_was_not_published(
    bank_admin, client_for, draft, core_data
):
    html = upload(client_for(bank_admin), core_data, publish=True).content.decode()
    assert IDENTICAL in html
    assert "Version 1 is a draft and was not published; publish it from its page." in html
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.DRAFT
    assert BankVersion.objects.count() == 1


def test_a_file_differing_by_one_word_is_imported_in_the_admin(bank_admin, client_for,
                                                               published, core_data):
    one_word(core_data)
    html = upload(client_for(bank_admin), core_data).content.decode()
    assert "CORE v2 imported (Draft)." in html
    assert BankVersion.objects.count() == 2
