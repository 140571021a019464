import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments.models import BankVersion, Item, QuestionBank, Scale
from assessments.services import bank_files, banks
from assessments.services.bank_files import BankFileError, export_version, import_bank

from .conftest import small_bank


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write(tmp_path, data, name="bank.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_export_of_an_import_gives_back_the_same_document(db, core_data):
    assert export_version(import_bank(core_data)) == core_data


def test_a_minimal_design_format_file_keeps_every_field_it_gave(db):
    data = small_bank(pairs=[{"a": "A1", "b": "A2", "relation": "opposite"}])
    exported = export_version(import_bank(data))
    for key in ("code", "version", "name", "pairs"):
        assert exported[key] == data[key]
    assert [{k: s[k] for k in ("code", "role", "name")} for s in exported["scales"]] == (
        data["scales"])
    assert [{k: i[k] for k in data["items"][0]} for i in exported["items"]] == data["items"]


def test_the_commands_round_trip_through_files(db, tmp_path):
    output = run("import_bank", str(bank_files.DEFAULT_BANK_FILE), "--publish")
    assert output.startswith("Imported CORE version 1 (published): 2 scales, 52 items")
    exported = run("export_bank", "CORE", "--version", "1")
    assert json.loads(exported) == json.loads(bank_files.DEFAULT_BANK_FILE.read_text())


def test_export_writes_the_latest_version_by_default(published):
    banks.start_draft_from(published)
    assert json.loads(run("export_bank", "CORE"))["version"] == 2


def test_exporting_an_unknown_bank_or_version_is_an_error(published):
    with pytest.raises(CommandError, match="There is no bank 'NOPE'"):
        run("export_bank", "NOPE")
    with pytest.raises(CommandError, match="There is no version 9 of bank 'CORE'"):
        run("export_bank", "CORE", "--version", "9")


def reworded(data):
    """The document with one word of one item changed."""
    data["items"][0]["text"]["en"] += " today"
    return data


def test_importing_an_existing_code_creates_the_next_version(published, core_data):
    again = import_bank(reworded(core_data))
    assert again.number == 2
    assert again.status == BankVersion.Status.DRAFT
    published.refresh_from_db()
    assert published.status == BankVersion.Status.PUBLISHED
    assert published.items.count() == 52


def test_a_higher_version_number_in_the_file_is_kept(published, core_data):
    core_data["version"] = 5
    assert import_bank(reworded(core_data)).number == 5
    core_data["version"] = 3
    assert import_bank(reworded(core_data)).number == 6


def test_import_with_publish_refuses_a_bank_that_fails_the_checks(db, tmp_path, core_data):
    for item in core_data["items"]:
        item["reverse"] = False
    with pytest.raises(CommandError) as caught:
        run("import_bank", write(tmp_path, core_data), "--publish")
    assert "Scale EXE has 0 of 26 items reverse-keyed" in str(caught.value)
    assert "Scale CMP has 0 of 26 items reverse-keyed" in str(caught.value)
    assert not QuestionBank.objects.exists()


def bad_file_cases():
    def bank(change):
        def make():
            data = small_bank(pairs=[{"a": "A1", "b": "A2", "relation": "same"}])
            change(data)
            return data
        return make

    def unknown_scale(data):
        data["items"][2]["scale"] = "Z"

    def duplicate_item(data):
        data["items"][3]["code"] = "B1"

    def pair_across_scales(data):
        data["pairs"].append({"a": "B1", "b": "A1", "relation": "same"})
        data["pairs"][0] = {"a": "A2", "b": "B2", "relation": "same"}

    def missing_language(data):
        del data["items"][1]["text"]["zh-hans"]

    def item_bomb(data):
        data["items"] = [dict(data["items"][0], code=f"X{n}") for n in range(10_000)]

    def item_in_two_pairs(data):
        data["pairs"].append({"a": "A2", "b": "A1", "relation": "opposite"})

    def duplicate_scale(data):
        data["scales"][1]["code"] = "A"

    def bad_code(data):
        data["code"] = "CORE bank!"

    def min_above_max(data):
        data["items"][0]["min"] = 7

    def bad_relation(data):
        data["pairs"][0]["relation"] = "similar"

    def pair_to_unknown_item(data):
        data["pairs"][0]["b"] = "A9"

    return {
        "unknown scale": (bank(unknown_scale), ['items[2] "B1".scale: unknown scale \'Z\'']),
        "duplicate item code": (bank(duplicate_item), ['items[3] "B1": duplicate item code']),
        "pair across scales": (bank(pair_across_scales), [
            "pairs[0] A2 ~ B2: the items belong to different scales (A and B)",
            "pairs[1] B1 ~ A1: the items belong to different scales (B and A)",
        ]),
        "text missing a language": (bank(missing_language), [
            'items[1] "A2".text: no Simplified Chinese (zh-hans) text'
        ]),
        "10,000 items": (bank(item_bomb), [
            "items: 10000 entries; at most 1000 are accepted"
        ]),
        "item in two pairs": (bank(item_in_two_pairs), [
            "pairs[1] A2 ~ A1: item A2 is already in pairs[0] A1 ~ A2",
            "pairs[1] A2 ~ A1: item A1 is already in pairs[0] A1 ~ A2",
        ]),
        "duplicate scale code": (bank(duplicate_scale), ['scales[1] "A": duplicate scale code']),
        "bad bank code": (bank(bad_code), ["code: required: letters, digits"]),
        "min above max": (bank(min_above_max), ['items[0] "A1": min (7) must be below max (5)']),
        "unknown relation": (bank(bad_relation), [
            "pairs[0].relation: must be same or opposite"
        ]),
        "pair naming an unknown item": (bank(pair_to_unknown_item), [
            "pairs[0].b: unknown item 'A9'"
        ]),
        "not an object": (lambda: [1, 2], ["The file must hold one JSON object (the bank)."]),
    }


@pytest.mark.parametrize("case", list(bad_file_cases()))
def test_a_malformed_bank_is_refused_with_a_precise_message_and_nothing_written(
    db, tmp_path, case
):
    make, expected = bad_file_cases()[case]
    with pytest.raises(CommandError) as caught:
        run("import_bank", write(tmp_path, make()))
    message = str(caught.value)
    assert "not imported, nothing was written" in message
    for line in expected:
        assert line in message
    assert not QuestionBank.objects.exists()
    assert not Item.objects.exists()


def test_invalid_json_is_refused_naming_the_line(db, tmp_path):
    with pytest.raises(CommandError, match=r"Not valid JSON: Expecting value at line 2, column 10"):
        run("import_bank", write(tmp_path, '{"code": "X",\n "name": }'))
    assert not QuestionBank.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"code": "Caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="The file is not UTF-8 text."):
        run("import_bank", str(path))


def test_an_oversized_file_is_refused_before_it_is_read(db, tmp_path):
    path = write(tmp_path, " " * (bank_files.MAX_FILE_BYTES + 1))
    with pytest.raises(CommandError, match="larger than 2048 KB"):
        run("import_bank", path)


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_bank", str(tmp_path / "nope.json"))


def test_every_problem_in_a_file_is_listed(db):
    data = small_bank()
    data["items"][0]["scale"] = "Z"
    data["items"][1]["reverse"] = "yes"
    data["scales"][0]["role"] = "leader"
    with pytest.raises(BankFileError) as caught:
        import_bank(data)
    assert caught.value.problems == [
        'scales[0] "A".role: must be execution, compression or null',
        'items[0] "A1".scale: unknown scale \'Z\'',
        'items[1] "A2".reverse: must be true or false',
    ]


def test_a_failure_while_writing_leaves_nothing_behind(db, core_data, monkeypatch):
    real = banks.bulk_create_with_history

    def fail_on_items(objs, model, **kwargs):
        if model is Item:
            raise RuntimeError("disk full")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(banks, "bulk_create_with_history", fail_on_items)
    with pytest.raises(RuntimeError):
        import_bank(core_data)
    assert not QuestionBank.objects.exists()
    assert not Scale.objects.exists()
