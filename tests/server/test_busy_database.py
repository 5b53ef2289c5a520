"""A database locked by someone else answers 503 with Retry-After after ``server.db_busy_timeout_s``, on SQLite
(another process holds the write lock) and on PostgreSQL (a table lock), instead of hanging for 40 s (issue 16)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from kiosk.config import Settings
from kiosk.server.app import create_app
from tests.support.postgres import fresh_database

#: Far above the 0.5 s busy timeout the hub runs with here, far below the 30 s it used to wait per request.
PATIENCE_S = 15.0

#: Takes the database's lock for the duration of a with block.
Locker = Callable[[], AbstractContextManager[None]]


@contextmanager
def _locked_sqlite(path: Path) -> Iterator[None]:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def _locked_postgres(url: str) -> Iterator[None]:
    engine = create_engine(url)
    try:
        with engine.connect() as other:
            other.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))
            yield
            other.rollback()
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def busy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, Locker]]:
    """A hub on its own database (busy timeout 0.5 s), and a context manager that locks that database."""
    if request.param == "sqlite":
        settings = Settings(server={"data_dir": tmp_path, "db_busy_timeout_s": 0.5})
        with TestClient(create_app(settings)) as client:
            yield client, lambda: _locked_sqlite(tmp_path / "hub.sqlite3")
    else:
        with fresh_database(request.getfixturevalue("postgres_url")) as url:
            settings = Settings(server={"data_dir": tmp_path, "database_url": url, "db_busy_timeout_s": 0.5})
            with TestClient(create_app(settings)) as client:
                yield client, lambda: _locked_postgres(url)


def test_a_locked_database_answers_503_with_retry_after_promptly(busy: tuple[TestClient, Locker]) -> None:
    client, lock = busy
    answers: list[tuple[int, str | None]] = []

    def login() -> None:
        response = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"})
        answers.append((response.status_code, response.headers.get("Retry-After")))

    with lock():
        threads = [threading.Thread(target=login) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(PATIENCE_S)
    assert answers == [(503, "1")] * 3
    assert client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"}).status_code == 401
