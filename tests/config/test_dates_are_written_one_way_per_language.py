"""One way to write a date per language (config/formats/): "6 Dec 2026, 04:24" in English,
"2026年12月6日 04:24" in Chinese, whichever format name a page asks for; and templates name
a format rather than spell one ("Y-m-d H:i" made a third way)."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.utils import formats, translation

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MOMENT = datetime(2026, 12, 6, 4, 24, tzinfo=UTC)
# Machine-read values, not dates a person reads: ISO 8601 in an attribute, a zone's name.
NOT_FOR_READING = {"c", "e"}


@pytest.mark.parametrize(("language", "day", "moment"), [
    ("en", "6 Dec 2026", "6 Dec 2026, 04:24"),
    ("zh-hans", "2026年12月6日", "2026年12月6日 04:24"),
])
def test_each_language_writes_a_moment_one_way(language, day, moment):
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 6)) == day
        assert formats.date_format(date(2026, 12, 6), "SHORT_DATE_FORMAT") == day
        for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
            assert formats.date_format(MOMENT, name) == moment
        assert formats.localize(MOMENT) == moment  # {{ moment }} with no filter


def test_no_english_date_ends_in_a_full_stop():
    with translation.override("en"):
        for name in ("DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT"):
            assert not formats.date_format(MOMENT, name).endswith(".")


def test_templates_name_a_format_rather_than_spell_one():
    spelled = []
    for path in TEMPLATES.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", text):
            if not re.fullmatch(r"(SHORT_)?DATE(TIME)?_FORMAT", fmt) and fmt not in NOT_FOR_READING:
                spelled.append(f"{path.relative_to(TEMPLATES)}: {fmt}")
    assert spelled == []
