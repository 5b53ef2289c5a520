"""Fixtures of the online channel's tests: a hub on the rolled-back test database (SQLite and PostgreSQL, from
tests/server/conftest.py) with a clock the test sets, a registered member to book with, and specimen photos."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.config import Settings
from kiosk.server.app import create_app
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import Participant

ZONE = ZoneInfo("Asia/Jakarta")


@dataclass
class Clock:
    """A clock the test moves."""

    now: datetime = field(default_factory=utc_now)

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, day: date, hhmm: str) -> None:
        """Set the clock to a branch-local time."""
        hours, minutes = (int(x) for x in hhmm.split(":"))
        self.now = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZONE).astimezone(UTC)


@dataclass
class Online:
    """The online API of a test hub, and a member to book as."""

    client: TestClient
    clock: Clock
    db: Database
    settings: Settings
    nik: str
    kpj: str

    def book(self, day: date, slot: str = "10:00", **extra: Any) -> Any:
        body = {
            "branch_code": "KDR",
            "date": day.isoformat(),
            "slot": slot,
            "claim_type": "JHT",
            "nik": self.nik,
            "kpj": self.kpj,
            "phone": "081234567890",
            "language": "id",
        }
        body.update(extra)
        return self.client.post("/api/v1/online/bookings", json=body)

    def member(self, index: int) -> tuple[str, str]:
        with self.db.session() as session:
            people = session.execute(select(Participant).order_by(Participant.id)).scalars().all()
            return people[index].nik, people[index].kpj


def online_settings(data_dir: Path, **online: Any) -> Settings:
    """Test settings: a temporary data dir, the address of the TestClient trusted as a proxy (so a test can
    speak from several addresses with X-Forwarded-For)."""
    return Settings(server={"data_dir": data_dir, "trusted_proxies": ["testclient"]}, online=online)


@pytest.fixture
def clock() -> Clock:
    """The hub's clock."""
    return Clock()


@pytest.fixture
def online(db: Database, tmp_path: Path, clock: Clock) -> Iterator[Online]:
    """A hub (lifespan entered) on the rolled-back test database, with a movable clock."""
    settings = online_settings(tmp_path / "hub")
    app = create_app(settings, database=db, clock=clock)
    with db.session() as session:
        person = session.execute(select(Participant).order_by(Participant.id)).scalars().first()
        assert person is not None
        nik, kpj = person.nik, person.kpj
    with TestClient(app) as client:
        yield Online(client, clock, db, settings, nik, kpj)


def card_photo(*, dark: bool = False) -> bytes:
    """A JPEG of an ID card lying on a dark table (sharp, well lit), or the same far too dark."""
    rng = np.random.default_rng(1)
    image = np.full((900, 1200, 3), 60, np.uint8) + rng.integers(0, 20, (900, 1200, 3), dtype=np.uint8)
    cv2.rectangle(image, (200, 200), (900, 641), (225, 230, 235), -1)
    for line in range(12):
        origin = (230, 250 + line * 32)
        cv2.putText(image, "NIK 3571 0117 0588 0001", origin, cv2.FONT_HERSHEY_SIMPLEX, 0.8, (30, 30, 30), 2)
    if dark:
        image = (image * 0.15).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return data.tobytes()


def tomorrow() -> date:
    """The branch's tomorrow."""
    return utc_now().astimezone(ZONE).date() + timedelta(days=1)
