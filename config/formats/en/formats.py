"""Dates in English: one format, day month year with a 24-hour time ("6 Dec 2026, 04:24").

Django's own ("Dec. 6, 2026, 4:24 a.m.") ends in a full stop, which doubled at the end of
a sentence ("on Dec. 6, 2026, 4:24 a.m.."), and its short format ("12/06/2026") read as
another date to half the readers. The short formats are the long ones, so every page
shows a moment one way."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
