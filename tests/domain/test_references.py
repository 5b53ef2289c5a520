"""Claim references, booking codes with their QR payloads, enrollment codes; and the queue rule."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.assignment import ConsoleLoad, choose_console
from kiosk.domain.claims import ClaimType
from kiosk.domain.references import (
    booking_qr_payload,
    claim_reference,
    new_booking_code,
    new_enrollment_code,
    normalize_booking_code,
    normalize_enrollment_code,
    parse_claim_reference,
)


def test_claim_reference_round_trip() -> None:
    reference = claim_reference(ClaimType.JHT, "KDR", date(2026, 11, 21), 7)
    assert reference == "JHT-KDR-20261121-0007"
    parsed = parse_claim_reference(reference.lower())
    assert (parsed.claim_type, parsed.branch_code, parsed.day, parsed.sequence) == (
        ClaimType.JHT,
        "KDR",
        date(2026, 11, 21),
        7,
    )
    with pytest.raises(ValueError, match="start at 1"):
        claim_reference(ClaimType.JHT, "KDR", date(2026, 11, 21), 0)
    for bad in ("JHT-KDR-20261321-0001", "XYZ-KDR-20261121-0001", "JHT-KDR-2026-1"):
        with pytest.raises(ValueError, match="not a claim reference"):
            parse_claim_reference(bad)


def test_booking_codes() -> None:
    code = new_booking_code("KDR")
    assert normalize_booking_code(code.lower()) == code
    assert normalize_booking_code(booking_qr_payload(code)) == code
    assert normalize_booking_code(code.replace("-", "")) == code
    with pytest.raises(ValueError):
        normalize_booking_code("KDR-0O1IL0")  # confusable characters never appear in codes


def test_enrollment_codes() -> None:
    code = new_enrollment_code()
    assert len(code) == 9 and code[4] == "-"
    assert normalize_enrollment_code(code.lower().replace("-", " ")) == code
    with pytest.raises(ValueError):
        normalize_enrollment_code("short")


def test_choose_console_fewest_below_cap_unpaused() -> None:
    consoles = [
        ConsoleLoad("a", active=2, cap=4, connected_order=0),
        ConsoleLoad("b", active=1, cap=4, connected_order=1),
        ConsoleLoad("c", active=0, cap=4, paused=True, connected_order=2),
        ConsoleLoad("d", active=1, cap=1, connected_order=3),
    ]
    assert choose_console(consoles) == "b"
    assert choose_console([ConsoleLoad("x", 1, 2, connected_order=5), ConsoleLoad("y", 1, 2, connected_order=4)]) == "y"
    assert choose_console([ConsoleLoad("full", 6, 6)]) is None
    assert choose_console([]) is None
