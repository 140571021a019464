"""Dates in Chinese: one format, 2026年12月6日 04:24 (Django's short "2026/12/06" and
the pages' own "2026-12-06" made three ways to write one moment)."""

DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
