"""Counted words in the English half of the bilingual messages the Qt-free layers write.

The UI's own texts take their plurals from Qt's plural forms (``tr("%n menit", "", n)`` with numerus entries in
the .ts catalogs). Messages built in `kiosk.domain` and `kiosk.app` carry an Indonesian and an English text and
cannot use Qt; Indonesian does not inflect a noun after a number, so only English needs this: "1 month",
"2 months", never a noun with "s" in brackets.
"""

from __future__ import annotations


def count_en(n: int, singular: str, plural: str | None = None) -> str:
    """``"1 month"``, ``"3 months"``: `n` and the noun in the number it takes (`plural` defaults to ``+s``)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
