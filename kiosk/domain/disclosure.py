"""Where a participant's name is shown in full and where masked: one rule for every officer screen.

- At a glance (the grid's and the strip's tiles, the dashboard): masked, "B*** S******". Tiles are read across
  the room by whoever stands there, and for several people at once; a masked name is enough to tell booths apart.
- While verifying (the focused session: the header above its video and the data table): in full. The officer
  compares the name with the e-KTP and the registry, so the header masking what the table beside it shows in
  full protected nothing and made the two disagree.
"""

from __future__ import annotations

import enum

from kiosk.domain.identifiers import mask_name


class Disclosure(enum.Enum):
    """How much of a participant a screen shows."""

    GLANCE = "glance"
    VERIFY = "verify"


def shown_name(disclosure: Disclosure, full_name: str | None, masked_name: str = "") -> str:
    """The name a screen of `disclosure` shows: the full name only to verify; masked (from the full name when
    known, else as the hub masked it) at a glance; "" when no name is known yet."""
    if disclosure is Disclosure.VERIFY and full_name:
        return " ".join(full_name.split())
    if full_name:
        return mask_name(full_name)
    return masked_name
