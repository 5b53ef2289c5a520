"""The hub's database: engine set-up for SQLite and PostgreSQL, and a unit-of-work session context.

SQLite is the default (one file per branch hub) in WAL mode with foreign keys on. Every SQLite transaction
starts with ``BEGIN IMMEDIATE``: SQLite allows one writer at a time anyway, and taking the write lock up front
means two requests never read the same audit-chain head or quota count and then race to write (a deferred
transaction would fail with "database is locked" on upgrade instead of waiting). PostgreSQL serialises the same
critical sections with a row lock on the audit head (see `kiosk.server.repositories.audit`).

Tests bind a `Database` to one connection inside an outer transaction (`Database.bound_to`) so each test's
writes are rolled back at the end; a lock keeps the threads of the app from using that one connection at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

WRITE_LOCK_KEY = "kiosk.write_lock"
WRITE_LOCK_HELD = "kiosk.write_lock_held"
WRITE_LOCK_TIMEOUT = "kiosk.write_lock_timeout"
#: Callables (a list in ``session.info``) that `Database.session` runs just before the commit: work left to the
#: last moment, such as appending audit events whose chain head is taken only then.
BEFORE_COMMIT = "kiosk.before_commit"
#: Callables (a list in ``session.info``) run once the commit succeeded, still holding the write lock if taken.
AFTER_COMMIT = "kiosk.after_commit"
#: A dict shared by the units of work of one `Database` (``session.info``); write it only under the write lock.
SHARED = "kiosk.shared"


class DatabaseBusy(Exception):
    """The database (or the hub's lock in front of it) stayed busy past ``server.db_busy_timeout_s`` (503)."""


def take_write_lock(session: Session) -> None:
    """Serialise this transaction with the hub's other audited writes (until it ends); idempotent."""
    lock = session.info.get(WRITE_LOCK_KEY)
    if lock is not None and not session.info.get(WRITE_LOCK_HELD):
        # Check a connection out first: a holder waiting for the pool while the pool's connections all belong
        # to transactions waiting for this lock would be a deadlock.
        session.connection()
        if not lock.acquire(timeout=session.info.get(WRITE_LOCK_TIMEOUT, -1)):
            raise DatabaseBusy("the hub's write lock stayed taken")
        session.info[WRITE_LOCK_HELD] = True


def is_sqlite(url: str) -> bool:
    """True for a SQLite database URL."""
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_setup(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's implicit one is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Another process holding the file's lock (a backup, the sqlite3 shell) makes requests wait this long,
        # then fail with "database is locked", answered 503 (it was 30 s, so clients hung 40 s and more).
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str, *, pool_size: int = 10, busy_timeout_s: float = 30.0) -> Engine:
    """An engine for `url` with the hub's SQLite pragmas or PostgreSQL pool settings.

    `busy_timeout_s` bounds the wait for a lock: SQLite's busy timeout, PostgreSQL's ``lock_timeout``.
    """
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_s},
            pool_size=pool_size,
            max_overflow=10,
        )
        _sqlite_setup(engine, busy_timeout_s)
        return engine
    # No pre-ping: it costs a round trip per request. After a PostgreSQL restart the first request on a dead
    # connection fails (503, retried by clients) and SQLAlchemy replaces the pool's connections.
    # A lock held elsewhere (a migration, an operator's LOCK TABLE) fails the statement after `busy_timeout_s`
    # with LockNotAvailable, an OperationalError answered 503, instead of hanging the request.
    options = {"options": f"-c lock_timeout={int(busy_timeout_s * 1000)}"} if url.startswith("postgresql") else {}
    return create_engine(url, pool_size=pool_size, max_overflow=20, pool_recycle=1800, connect_args=options)


class Database:
    """Hands out sessions that commit when the block ends normally and roll back on an exception."""

    def __init__(self, engine: Engine, *, bind: Connection | None = None, busy_timeout_s: float | None = None) -> None:
        self.engine = engine
        self._bind = bind
        #: How long a unit of work waits for the hub's locks before `DatabaseBusy` (None: as long as it takes).
        self.busy_timeout_s = busy_timeout_s
        #: Held from a transaction's `take_write_lock` to its end: transactions that append to the audit chain
        #: wait here, in Python, instead of queueing on the chain's row lock in the database, where each waiter
        #: would hold a connection and the holder would compete with them for the interpreter.
        self.write_lock = threading.Lock()
        self._closed = False
        #: The audit chain's `kiosk.server.keys.AuditKeyring`, set by the hub and the CLI (None: unkeyed events).
        self.audit_keys: Any = None
        #: What units of work remember for the next ones (the audit chain's head as last committed here).
        self.shared: dict[str, Any] = {}
        if bind is None:
            self._factory = sessionmaker(engine, expire_on_commit=False)
            # SQLite has one writer at a time and every transaction here takes the write lock; waiting on a
            # Python lock is fair and immediate, where SQLite's busy handler sleeps in growing steps (up to
            # 100 ms) and made latency explode under concurrent requests.
            self._lock: threading.RLock | None = (
                threading.RLock() if engine.dialect.name == "sqlite" else None
            )
        else:
            # Each session's commit only releases a savepoint; the test's outer transaction is rolled back.
            self._factory = sessionmaker(bind=bind, expire_on_commit=False, join_transaction_mode="create_savepoint")
            self._lock = threading.RLock()

    @classmethod
    def from_url(cls, url: str, *, pool_size: int = 10, busy_timeout_s: float | None = None) -> Database:
        """A database on its own engine; with `busy_timeout_s`, a busy database fails fast (`DatabaseBusy`, 503)."""
        engine = create_db_engine(url, pool_size=pool_size, busy_timeout_s=busy_timeout_s or 30.0)
        return cls(engine, busy_timeout_s=busy_timeout_s)

    @classmethod
    def bound_to(cls, connection: Connection) -> Database:
        """A database whose sessions all run inside `connection`'s open transaction (tests)."""
        return cls(connection.engine, bind=connection)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commit at the end of the block, roll back if it raises."""
        with self._locked():
            if self._closed:
                raise RuntimeError("the database was closed")
            session = self._factory()
            session.info[WRITE_LOCK_KEY] = self.write_lock
            session.info["kiosk.audit_keys"] = self.audit_keys
            session.info[WRITE_LOCK_TIMEOUT] = -1 if self.busy_timeout_s is None else self.busy_timeout_s
            session.info[SHARED] = self.shared
            try:
                yield session
                for hook in session.info.get(BEFORE_COMMIT, ()):
                    hook()
                session.commit()
                for hook in session.info.get(AFTER_COMMIT, ()):
                    hook()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()
                if session.info.get(WRITE_LOCK_HELD):
                    self.write_lock.release()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the SQLite lock (see __init__), waiting at most `busy_timeout_s` for it."""
        if self._lock is None:
            yield
            return
        timeout = -1 if self.busy_timeout_s is None else self.busy_timeout_s
        # One request stuck on a locked file holds this lock; the ones queued behind it must not wait for ever.
        if not self._lock.acquire(timeout=timeout):
            raise DatabaseBusy("the database stayed busy")
        try:
            yield
        finally:
            self._lock.release()

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.session() as session:
                session.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def close(self) -> None:
        """Wait for the unit of work in progress (if any) and refuse new ones; then dispose of the engine's pool.

        Tests call this before rolling back their connection, so that work a background task started late
        cannot run on the connection after the test gave it back.
        """
        with self._lock if self._lock is not None else nullcontext():
            self._closed = True
        self.dispose()

    def dispose(self) -> None:
        """Close the pooled connections (not a bound test connection)."""
        if self._bind is None:
            self.engine.dispose()
