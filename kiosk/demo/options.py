"""What `kiosk demo` was asked to do (`DemoOptions`), and the one error a demo run fails with (`DemoError`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DemoError(Exception):
    """The demo could not start (hub, seeding, enrollment) or a process failed."""


@dataclass
class DemoOptions:
    """What `kiosk demo` was asked to do."""

    booths: int = 4
    #: Participants who book, prepare and join from headless Chromium (the online channel), beside the booths.
    online: int = 0
    #: A company files collectively for this many laid-off workers; the officer approves and submits them in bulk.
    collective: int = 0
    #: Every call through a TURN server (coturn on this machine, started by the demo): relayed candidates only.
    relay: bool = False
    #: Hub instances behind nginx (TLS), sharing the PostgreSQL database and a Redis (1: the hub alone).
    instances: int = 1
    #: None: visitors keep coming until Ctrl+C (a person at the console).
    participants: int | None = None
    headless: bool = True
    scripted_officer: bool = True
    report: Path | None = None
    database_url: str | None = None
    cast: tuple[str, ...] | None = None
    pace: float = 0.4
    officer_pace: float = 0.4
    #: Seconds between the first visitors at successive booths (so they do not all reach the officer at once).
    stagger_s: float = 6.0
    inactivity_s: float = 20.0
    screenshots: Path | None = None
    keep: bool = False
    timeout_s: float | None = None
    camera: tuple[int, int, int] = (640, 360, 15)
    record_sessions: bool = True
    log_level: str = "INFO"

