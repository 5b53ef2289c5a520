"""A real hub for tests: uvicorn on 127.0.0.1 (free port, background thread), migrated and seeded with the demo.

Fixtures (registered in tests/conftest.py):

- ``hub``: one hub for the whole test session (shared state: sessions your test creates stay; use booths and
  bookings your test owns, or ``fresh_hub``);
- ``fresh_hub``: a new hub for one test (starts in about 0.1 s once imported);
- ``pg_hub``: like ``fresh_hub`` on a fresh PostgreSQL database (skipped without PostgreSQL, see
  tests/support/postgres.py).

Outside fixtures::

    with running_hub(console_grace_s=0.5) as hub:
        booth = hub.client(hub.booth_token(3))        # kiosk.client.hub_api.HubClient
        officer = hub.client(hub.cso_token("cso1"))
        hub.ws_url                                     # ws://127.0.0.1:PORT/api/v1/ws

`RunningHub` gives ``base_url``, ``ws_url``, ``settings``, ``database_url``, and tokens: ``admin_token()``,
``supervisor_token()``, ``cso_token(username)`` (logins with the demo passwords of kiosk.server.seed) and
``booth_token(number)`` (enrolls the booth through the API with a fresh one-time code: each call re-enrolls it,
so the booth's earlier token stops working; the token is cached per number). Server settings are keyword
arguments of `running_hub` (``console_grace_s``, ``heartbeat_timeout_s``, ``ws_messages_per_s`` ...).
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from argon2 import PasswordHasher

from kiosk.client.hub_api import HubClient
from kiosk.config import Settings, StorageSettings, TurnSettings
from kiosk.protocol import MAX_MESSAGE_BYTES
from kiosk.server.app import create_app
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.migrate import upgrade
from kiosk.server.seed import DEMO_USERS, seed_demo
from kiosk.server.serving import HubServer
from tests.support.wait import wait_until_sync

DEMO_PASSWORDS: dict[str, str] = {u.username: u.password for u in DEMO_USERS}

#: Cheap argon2 parameters for seeded test users: the hub verifies with the parameters stored in each hash,
#: so logins work the same, only faster (production hashes use argon2's defaults).
_FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def fast_password_hash(password: str) -> str:
    """An argon2id hash with test-only parameters."""
    return _FAST_HASHER.hash(password)

#: Short timers so tests about timeouts and grace periods run fast.
TEST_SERVER_SETTINGS: dict[str, Any] = {"console_grace_s": 0.5, "heartbeat_timeout_s": 10.0}


@dataclass
class RunningHub:
    """A hub serving on 127.0.0.1, with helpers for tokens and clients."""

    base_url: str
    settings: Settings
    database_url: str
    #: The app's `kiosk.server.signaling.SignalingHub` (tests of several instances look at its cluster part).
    signaling: Any = None
    _tokens: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ws_url(self) -> str:
        """The signaling WebSocket URL."""
        return self.base_url.replace("http://", "ws://", 1) + "/api/v1/ws"

    def client(self, token: str | None = None) -> HubClient:
        """A REST client, optionally with a token."""
        return HubClient(self.base_url, token=token, timeout=10.0)

    def user_token(self, username: str, password: str | None = None) -> str:
        """A login token for a user (demo password by default), cached per user."""
        with self._lock:
            if username not in self._tokens:
                login = self.client().login(username, password or DEMO_PASSWORDS[username])
                self._tokens[username] = login.token
            return self._tokens[username]

    def admin_token(self) -> str:
        """The demo admin's token."""
        return self.user_token("admin")

    def supervisor_token(self) -> str:
        """The demo supervisor's token."""
        return self.user_token("supervisor")

    def cso_token(self, username: str = "cso1") -> str:
        """A demo CSO's token (cso1 or cso2)."""
        return self.user_token(username)

    def booth_token(self, number: int = 1, branch_code: str = "KDR") -> str:
        """Enroll booth `number` through the API (code from the admin) and return its device token (cached)."""
        key = f"booth:{branch_code}:{number}"
        with self._lock:
            cached = self._tokens.get(key)
        if cached:
            return cached
        admin = self.client(self.admin_token())
        code = admin.create_enrollment_code(branch_code, number)
        token = self.client().enroll(code.code).device_token
        with self._lock:
            self._tokens[key] = token
        return token


def _free_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


@contextlib.contextmanager
def running_hub(
    *,
    database_url: str | None = None,
    data_dir: Path | None = None,
    seed: bool = True,
    port: int = 0,
    turn: TurnSettings | None = None,
    collective: dict[str, Any] | None = None,
    storage: StorageSettings | None = None,
    **server: Any,
) -> Iterator[RunningHub]:
    """Start a hub (temporary SQLite unless `database_url`), seed the demo, serve until the block ends.

    `port` (default: a free one) lets a test stop a hub and start it again where its clients expect it; pass
    the same `data_dir` (or `database_url`) and ``seed=False`` to bring back the same hub. `turn`: the hub's
    TURN server (tests/support/turn.py `TurnServer.settings()`); `collective`: the collective channel's settings;
    `storage`: where files go (tests/support/s3.py `ObjectStore.storage_settings`; default: the data dir).
    """
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-hub-")))
        values: dict[str, Any] = {**TEST_SERVER_SETTINGS, "data_dir": data_dir, **server}
        if database_url is not None:
            values["database_url"] = database_url
        settings = Settings(
            server=values,
            turn=turn or TurnSettings(),
            collective=collective or {},
            storage=storage or StorageSettings(),
        )
        url = settings.database_url()
        database = Database.from_url(url)
        stack.callback(database.dispose)
        upgrade(database.engine)
        if seed:
            with database.session() as session:
                seed_demo(session, utc_now(), password_hasher=fast_password_hash)
        app = create_app(settings, database=database)
        sock = _free_socket(port)
        stack.callback(sock.close)
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            ws_max_size=MAX_MESSAGE_BYTES + 1024,
            timeout_graceful_shutdown=2,
        )
        server_obj = HubServer(config)  # the server `kiosk server` runs (closes sockets with 1001)
        thread = threading.Thread(target=server_obj.run, kwargs={"sockets": [sock]}, name="test-hub", daemon=True)
        thread.start()

        def started() -> bool:
            if not thread.is_alive():
                raise RuntimeError("the test hub stopped before it served")
            return bool(server_obj.started)

        wait_until_sync(started, within_s=15, interval=0.01, what="the test hub's start")
        try:
            yield RunningHub(f"http://127.0.0.1:{port}", settings, url, signaling=app.state.signaling)
        finally:
            server_obj.should_exit = True
            thread.join(10)


@pytest.fixture(scope="session")
def hub() -> Iterator[RunningHub]:
    """One real hub shared by the test session (SQLite)."""
    with running_hub() as running:
        yield running


@pytest.fixture
def fresh_hub() -> Iterator[RunningHub]:
    """A real hub of its own for one test (SQLite)."""
    with running_hub() as running:
        yield running


@pytest.fixture
def pg_hub(postgres_url: str) -> Iterator[RunningHub]:
    """A real hub on a new, empty PostgreSQL database of its own (on the session's server)."""
    from tests.support.postgres import fresh_database

    with fresh_database(postgres_url) as url, running_hub(database_url=url) as running:
        yield running
