"""Bank files that used to crash the import (a 500 or a traceback) are refused clearly,
in the admin (400) and by `import_bank` (CommandError), and nothing is written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import BankVersion, Item, QuestionBank

from .conftest import small_bank


def document(**changes):
    return json.dumps(dict(small_bank(), **changes), ensure_ascii=True)


def with_unknown_scale_in_a_pair():
    data = small_bank(pairs=[{"a": "A1", "b": "A2"}])
    data["items"][0]["scale"] = "NOPE"
    return json.dumps(data)


def with_nul_in_a_text():
    data = small_bank()
    data["items"][1]["text"]["en"] = "Item\u0000A2"
    return json.dumps(data)  # written as the escape \u0000


def with_repeated_key_in_an_item():
    text = json.dumps(small_bank())
    return text.replace('"code": "A1",', '"code": "A1", "code": "A9",', 1)


HOSTILE = {
    "100,000 nested lists": ("[" * 100_000, "more than 20 levels deep"),
    "a 5,000-digit integer": (document()[:-1] + ', "x": ' + "9" * 5000 + "}",
                              "has 5000 digits"),
    "version 2**63": (document(version=2**63), "version: must be a whole number from 1 to"),
    "version 2**31": (document(version=2**31), "version: must be a whole number from 1 to"),
    "an item order of 2**40": (
        json.dumps(dict(small_bank(), items=[
            dict(item, order=2**40) for item in small_bank()["items"]])),
        'items[0] "A1".order: must be a whole number from 0 to'),
    "an unknown scale on a twin": (with_unknown_scale_in_a_pair(),
                                   "items[0] \"A1\".scale: unknown scale 'NOPE'"),
    "NUL in a text": (with_nul_in_a_text(), "items[1].text.en: contains a NUL character"),
    "repeated top-level key": ('{"code": "X", "code": "Y"}',
                               "(top): the key 'code' is given more than once"),
    "repeated key in an item": (with_repeated_key_in_an_item(),
                                "items[0]: the key 'code' is given more than once"),
    "NaN": (document()[:-1] + ', "x": NaN}', "NaN is not a number a bank file can hold"),
}


def nothing_written():
    return (QuestionBank.objects.count(), BankVersion.objects.count(), Item.objects.count()) == (
        0, 0, 0)


@pytest.mark.parametrize("content, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_admin_upload_refuses_a_hostile_bank_file(bank_admin, client_for, content,
                                                      message):
    upload = SimpleUploadedFile("bank.json", content.encode(), "application/json")
    response = client_for(bank_admin).post(
        reverse("admin:assessments_bankversion_import_json"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert nothing_written()


@pytest.mark.parametrize("content, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_import_command_refuses_a_hostile_bank_file(db, tmp_path, content, message):
    path = tmp_path / "bank.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_bank", str(path))
    assert "nothing was written" in str(refused.value)
    assert message in str(refused.value)
    assert nothing_written()
