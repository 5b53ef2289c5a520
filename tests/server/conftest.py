"""Server test fixtures: every test runs on SQLite and on PostgreSQL, inside a transaction rolled back after it.

The database of each backend is migrated and seeded with the demo data once per test session
(`hub_engine`); `db` then binds a `Database` to one connection in an open transaction, so whatever a test
writes disappears with the rollback. `kit` is a TestClient on an app using that database, with helpers that mint
tokens straight into the database (an argon2 login per test would cost ~150 ms).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kiosk.config import Settings
from kiosk.server.app import create_app
from kiosk.server.context import utc_now
from kiosk.server.db import Database, create_db_engine
from kiosk.server.migrate import upgrade
from kiosk.server.models import Booth, User, UserToken
from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, new_token, token_hash
from kiosk.server.seed import seed_demo
from tests.support.hub import RunningHub, fast_password_hash, running_hub
from tests.support.postgres import fresh_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=BACKENDS)
def hub_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated, demo-seeded database engine of each backend (shared by the whole session)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'hub.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = create_db_engine(url)
    upgrade(engine)
    with Database(engine).session() as session:
        seed_demo(session, utc_now(), password_hasher=fast_password_hash)
    yield engine
    engine.dispose()


@pytest.fixture
def db(hub_engine: Engine) -> Iterator[Database]:
    """A database whose every change is rolled back when the test ends."""
    connection = hub_engine.connect()
    transaction = connection.begin()
    database = Database.bound_to(connection)
    try:
        yield database
    finally:
        database.close()  # a late signaling task must not touch the connection once it goes back to the pool
        transaction.rollback()
        connection.close()


def make_settings(data_dir: Path, **server: Any) -> Settings:
    """Hub settings for tests: a temporary data dir and short timers."""
    values: dict[str, Any] = {"data_dir": data_dir, "console_grace_s": 0.3, "heartbeat_timeout_s": 5.0}
    values.update(server)
    return Settings(server=values)


@dataclass
class Kit:
    """A hub app on the test database, its TestClient, and token helpers."""

    client: TestClient
    db: Database
    settings: Settings
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, username: str, *, ttl_s: int = 3600) -> str:
        """A fresh login token for a seeded (or test-created) user."""
        token = new_token(USER_TOKEN_PREFIX)
        now = utc_now()
        with self.db.session() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            session.add(
                UserToken(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    created_at=now,
                    expires_at=now + timedelta(seconds=ttl_s),
                )
            )
        return token

    def booth_token(self, number: int, branch_id: int | None = None) -> str:
        """A device token for demo booth `number` (enrolled directly in the database)."""
        token = new_token(BOOTH_TOKEN_PREFIX)
        with self.db.session() as session:
            query = select(Booth).where(Booth.number == number)
            if branch_id is not None:
                query = query.where(Booth.branch_id == branch_id)
            booth = session.execute(query).scalars().first()
            assert booth is not None
            booth.device_token_hash = token_hash(token)
            booth.enrolled_at = utc_now()
        return token

    def auth(self, who: str | int) -> dict[str, str]:
        """Authorization header for a username (str) or a booth number (int), cached per test."""
        key = str(who)
        if key not in self._tokens:
            self._tokens[key] = self.booth_token(who) if isinstance(who, int) else self.token(who)
        return {"Authorization": f"Bearer {self._tokens[key]}"}

    def get(self, path: str, who: str | int | None = None, **kwargs: Any) -> Any:
        """GET under /api/v1 as `who`."""
        return self.client.get(f"/api/v1{path}", headers=self.auth(who) if who is not None else None, **kwargs)

    def post(self, path: str, who: str | int | None = None, **kwargs: Any) -> Any:
        """POST under /api/v1 as `who` (extra headers merged)."""
        headers = dict(kwargs.pop("headers", {}) or {})
        if who is not None:
            headers.update(self.auth(who))
        return self.client.post(f"/api/v1{path}", headers=headers, **kwargs)

    def put(self, path: str, who: str | int | None = None, **kwargs: Any) -> Any:
        """PUT under /api/v1 as `who`."""
        return self.client.put(f"/api/v1{path}", headers=self.auth(who) if who is not None else None, **kwargs)

    # -- common flows --------------------------------------------------------------------------------------

    def walk_in(self, booth: int) -> dict[str, Any]:
        """Check a walk-in in at `booth`; the new session."""
        response = self.post("/checkins", booth, json={"walk_in": True})
        assert response.status_code == 201, response.text
        return dict(response.json())

    def set_state(self, session_id: str, state: str, who: str | int) -> Any:
        """Ask for a state change."""
        return self.post(f"/sessions/{session_id}/state", who, json={"state": state})


@pytest.fixture
def hub_settings(tmp_path: Path) -> Settings:
    """Settings of the app under test."""
    return make_settings(tmp_path / "hub")


@pytest.fixture
def kit(db: Database, hub_settings: Settings) -> Iterator[Kit]:
    """A running app (lifespan entered) on the rolled-back test database."""
    app = create_app(hub_settings, database=db)
    with TestClient(app) as client:
        yield Kit(client, db, hub_settings)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(request: pytest.FixtureRequest) -> Iterator[RunningHub]:
    """A fresh hub on each backend."""
    if request.param == "sqlite":
        with running_hub() as hub:
            yield hub
    else:
        with fresh_database(request.getfixturevalue("postgres_url")) as url, running_hub(database_url=url) as hub:
            yield hub
