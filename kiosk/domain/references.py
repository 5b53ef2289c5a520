"""Human-readable references: claim references, booking codes and their QR payloads, enrollment codes.

A claim reference reads ``JHT-KDR-20261121-0007``: claim type, branch, the branch's local date and a
sequence number unique per branch and day. Booking and enrollment codes avoid letters people confuse
(0/O, 1/I/L) because participants and admins type them.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.claims import ClaimType

#: Letters and digits that survive being read aloud or typed from a phone screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

BRANCH_CODE = re.compile(r"^[A-Z]{2,8}$")
_REFERENCE = re.compile(r"^(?P<type>[A-Z]{2,3})-(?P<branch>[A-Z]{2,8})-(?P<day>\d{8})-(?P<seq>\d{4,})$")
_BOOKING = re.compile(r"^(?P<branch>[A-Z]{2,8})-(?P<body>[" + CODE_ALPHABET + r"]{6})$")

#: The QR a participant shows at the booth: a prefix the booth recognises, then the booking code.
BOOKING_QR_PREFIX = "KIOSK-BOOKING:1:"


@dataclass(frozen=True)
class ClaimReference:
    """The parts of a claim reference."""

    claim_type: ClaimType
    branch_code: str
    day: date
    sequence: int

    def __str__(self) -> str:
        return f"{self.claim_type.value}-{self.branch_code}-{self.day:%Y%m%d}-{self.sequence:04d}"


def claim_reference(claim_type: ClaimType, branch_code: str, day: date, sequence: int) -> str:
    """The reference of the `sequence`-th claim of `day` at a branch (sequence from 1)."""
    if sequence < 1:
        raise ValueError("claim sequence numbers start at 1")
    if not BRANCH_CODE.match(branch_code):
        raise ValueError(f"{branch_code!r} is not a branch code (2-8 capital letters)")
    return str(ClaimReference(claim_type, branch_code, day, sequence))


def parse_claim_reference(text: str) -> ClaimReference:
    """Split a claim reference into its parts, or raise ValueError."""
    match = _REFERENCE.match(text.strip().upper())
    if match is None:
        raise ValueError(f"{text!r} is not a claim reference like JHT-KDR-20261121-0007")
    try:
        day = datetime.strptime(match["day"], "%Y%m%d").date()
        claim_type = ClaimType(match["type"])
    except ValueError:
        raise ValueError(f"{text!r} is not a claim reference like JHT-KDR-20261121-0007") from None
    return ClaimReference(claim_type, match["branch"], day, int(match["seq"]))


def random_code(length: int, choice: Callable[[str], str] = secrets.choice) -> str:
    """A random code of `length` characters from `CODE_ALPHABET`."""
    return "".join(choice(CODE_ALPHABET) for _ in range(length))


def new_booking_code(branch_code: str, choice: Callable[[str], str] = secrets.choice) -> str:
    """A booking code such as ``KDR-7F3K9Q`` (branch, then six random characters)."""
    return f"{branch_code}-{random_code(6, choice)}"


def normalize_booking_code(text: str) -> str:
    """A typed or scanned booking code in canonical form, or ValueError. Accepts the QR payload too."""
    raw = text.strip()
    if raw.startswith(BOOKING_QR_PREFIX):
        raw = raw[len(BOOKING_QR_PREFIX) :]
    compact = raw.upper().replace(" ", "")
    if "-" not in compact and len(compact) > 6:
        compact = f"{compact[:-6]}-{compact[-6:]}"
    if not _BOOKING.match(compact):
        raise ValueError("not a booking code (like KDR-7F3K9Q)")
    return compact


def booking_qr_payload(code: str) -> str:
    """What the participant's QR encodes: the prefix and the booking code."""
    return f"{BOOKING_QR_PREFIX}{normalize_booking_code(code)}"


def new_enrollment_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A one-time booth enrollment code such as ``K7QM-2XPA`` (8 random characters, about 40 bits)."""
    body = random_code(8, choice)
    return f"{body[:4]}-{body[4:]}"


def normalize_enrollment_code(text: str) -> str:
    """An enrollment code as typed (any case, with or without the dash) in canonical form."""
    compact = re.sub(r"[\s-]", "", text.upper())
    if len(compact) != 8 or any(ch not in CODE_ALPHABET for ch in compact):
        raise ValueError("an enrollment code has 8 letters and digits, like K7QM-2XPA")
    return f"{compact[:4]}-{compact[4:]}"
