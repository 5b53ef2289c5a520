"""Spreadsheet cells that would run as formulas: recognised when we read them, neutralised when we write them.

A spreadsheet program treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab
or a carriage return before one of them) as a formula: ``=HYPERLINK("http://x";"klik")`` or ``=cmd|' /C calc'!A0``
run when an officer opens a file. The hub never evaluates a cell: a roster cell that looks like a formula is
refused with a plain reason (the employer retypes it), and every text cell the hub writes into a result file is
neutralised with a leading apostrophe, the form spreadsheets show as plain text.
"""

from __future__ import annotations

import re

#: First characters that make a spreadsheet cell a formula (or a DDE command) when the file is opened.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: A phone number written the international way (``+62 812...``) or a negative number is no formula.
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s.()-]+$")


def looks_like_formula(cell: str) -> bool:
    """Whether a cell read from a roster would be a formula in a spreadsheet (``+62 812 ...`` is not)."""
    if not cell or cell[0] not in FORMULA_PREFIXES:
        return False
    return not (cell[0] in "+-" and _PLAIN_NUMBER.match(cell))


def neutralise(cell: str) -> str:
    """A text cell safe to write into a CSV or XLSX file: a formula-like value gets a leading apostrophe.

    Line breaks inside a cell become spaces as well: a CR or LF could start a new "row" in a careless reader.
    """
    flat = cell.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if flat and (flat[0] in FORMULA_PREFIXES or cell[:1] in FORMULA_PREFIXES):
        return "'" + flat
    return flat
