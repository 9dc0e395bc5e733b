"""Spreadsheet exports of personal data from the admin."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Spreadsheets run cells that start like a formula: make such text plain text.

    Control characters (other than tab and line breaks) are dropped first: the public can
    type them, no spreadsheet shows them, and openpyxl refuses them (a broken XLSX download).
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value
