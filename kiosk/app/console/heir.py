"""An heir's claim as the console shows it: who files (the heir, in front of the camera) for whom (the participant
who died, the registry's record).

The hub announces the heir's masked name with the assignment and each session update (`heir_masked_name`); the
session's intake says it too (``claimant`` ``heir``, ``heir_nik``, ``heir_relation``), and the registry's record
lists the participant's heirs with their full names. Names follow `kiosk.domain.disclosure` like the
participant's: masked at a glance, in full while verifying.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.app.console.session import Booth
from kiosk.domain.claim_request import HeirRelation
from kiosk.domain.disclosure import Disclosure, shown_name


@dataclass(frozen=True)
class HeirClaim:
    """The heir filing a session's claim."""

    #: The heir's own NIK as typed at the booth ("" before the detail arrives).
    nik: str
    relation: HeirRelation | None
    #: The heir's full name from the registry's list of the participant's heirs (None: not known, or not listed).
    full_name: str | None
    #: As the hub masked it ("" when it did not say).
    masked_name: str
    #: The typed NIK is among the registry's heirs of the participant (None: the record is not here yet).
    registered: bool | None

    def name(self, disclosure: Disclosure) -> str:
        """The heir's name as a screen of `disclosure` shows it ("" when no name is known)."""
        return shown_name(disclosure, self.full_name, self.masked_name)


def heir_claim(booth: Booth) -> HeirClaim | None:
    """The heir of `booth`'s claim, or None when the participant files for themselves."""
    entries = booth.detail.entries
    nik = str(entries.get("heir_nik") or "")
    if entries.get("claimant") != "heir" and not nik and not booth.heir_masked_name:
        return None
    raw_relation = entries.get("heir_relation")
    relation = HeirRelation(raw_relation) if raw_relation in {r.value for r in HeirRelation} else None
    record = booth.detail.record
    heirs = getattr(record, "heirs", ())
    listed = next((h for h in heirs if nik and h.nik == nik), None)
    return HeirClaim(
        nik=nik,
        relation=relation,
        full_name=listed.name if listed is not None else None,
        masked_name=booth.heir_masked_name,
        registered=(listed is not None) if record is not None and nik else None,
    )


def note_heir(booth: Booth | None, heir_masked_name: str | None) -> bool:
    """Keep the heir's masked name the hub announced (assignment, session_update); True when it changed."""
    if booth is None or not heir_masked_name or booth.heir_masked_name == heir_masked_name:
        return False
    booth.heir_masked_name = heir_masked_name
    return True
