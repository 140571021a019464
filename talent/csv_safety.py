"""Spreadsheet formula injection: the one definition every export and import uses.

A spreadsheet treats a cell that starts with one of FORMULA_PREFIXES as a formula (tab
and carriage return are ways to smuggle one past a naive check); a leading apostrophe
makes it text. Exports escape such text cells; imports either refuse them (the org
import: an HR export has no business holding formulas) or take back the escape (the
item spreadsheets, which round-trip through a spreadsheet).
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text):
    """Would a spreadsheet run this cell (also once surrounding white space is gone)?"""
    return isinstance(text, str) and (
        text[:1] in FORMULA_PREFIXES or text.strip()[:1] in FORMULA_PREFIXES
    )


def escape_formula(value):
    """Text a spreadsheet could read as a formula gets a leading apostrophe. Numbers are
    left alone: a negative z-score is data, not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    """The inverse of `escape_formula`, for text that comes back from a spreadsheet."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(
        FORMULA_PREFIXES
    ):
        return value[1:]
    return value
