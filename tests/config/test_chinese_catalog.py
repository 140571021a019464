"""The Simplified Chinese catalogue is complete and compiled."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:  # [0] is the header
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue
        yield lines


def translation_of(lines):
    """The msgstr (or first plural msgstr) with its continuation lines joined."""
    text, inside = "", False
    for line in lines:
        if re.match(r'msgstr(\[0\])? "', line):
            inside, text = True, line.split('"', 1)[1][:-1]
        elif line.startswith("msgstr["):
            inside = False
        elif inside and line.startswith('"'):
            text += line[1:-1]
    return text


def test_every_interface_string_has_a_chinese_translation():
    missing = [lines[-1] for lines in entries() if not translation_of(lines)]
    assert missing == []


def test_no_translation_is_a_fuzzy_guess():
    fuzzy = [lines for lines in entries() if any(line.startswith("#, fuzzy") for line in lines)]
    assert fuzzy == []


def test_the_compiled_catalogue_is_in_use():
    with translation.override("zh-hans"):
        assert translation.gettext("Log out") == "退出登录"
        assert translation.gettext("Precise execution") == "精准执行"
        assert translation.gettext("High compression") == "高度压缩"


def test_the_committed_compiled_catalogue_matches_the_po_file(tmp_path):
    # A branch that edits django.po without recompiling ships English on the Chinese pages
    # while every check of the .po passes; compare the committed .mo with a fresh compile.
    import gettext
    import subprocess

    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(PO)], check=True)
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with PO.with_suffix(".mo").open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    stale = sorted(str(key) for key in expected.keys() ^ committed.keys())
    shared = expected.keys() & committed.keys()
    stale += sorted(str(key) for key in shared if expected[key] != committed[key])
    assert stale == [], "run `make messages` (or compilemessages) and commit the .mo"
