"""No interface string writes a count as "problem(s)": a count reads in the singular or the
plural (ngettext), and Chinese, which has one form, says it once."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
BRACKETED_PLURAL = re.compile(r"[A-Za-z]\((?:s|es)\)")


def test_no_string_of_the_interface_has_a_bracketed_plural():
    msgids = re.findall(r'^msgid(?:_plural)? "(.*)"$', PO.read_text(encoding="utf-8"), re.M)
    assert [m for m in msgids if BRACKETED_PLURAL.search(m)] == []


def test_no_command_or_template_has_one_either():
    # Management commands speak English to the operator without a catalogue.
    found = []
    for path in [*ROOT.glob("*/management/commands/*.py"), *ROOT.glob("templates/**/*.*")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BRACKETED_PLURAL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
