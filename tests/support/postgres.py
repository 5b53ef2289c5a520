"""A real PostgreSQL server for tests: the ``postgres_url`` session fixture.

Where the server comes from, in order:

1. ``KIOSK_TEST_POSTGRES_URL`` (e.g. ``postgresql+psycopg://kiosk@127.0.0.1:5432/postgres``): an existing
   server; the role needs CREATEDB.
2. PostgreSQL's server programs on this machine (Debian: ``/usr/lib/postgresql/*/bin/initdb``, package
   ``postgresql``): a throwaway cluster in a temporary directory on a free port of 127.0.0.1, started once per
   test session (about a second) and removed at the end. As root it runs as the ``postgres`` system user
   (``runuser``), since PostgreSQL refuses to run as root.
3. Neither: tests that need PostgreSQL are skipped, with the reason; under ``CI=true`` they fail instead, so a
   CI that lost its PostgreSQL cannot pass by skipping.

Either way the fixture yields the URL of a fresh, empty database created for this test session and dropped
afterwards. Use it directly, or through ``throwaway_postgres()`` outside pytest.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.wait import wait_until_sync

ENV_URL = "KIOSK_TEST_POSTGRES_URL"


def find_pg_bin() -> Path | None:
    """The bin directory of the newest installed PostgreSQL server, or None."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """Prefix a command so it runs as the ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *args]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(args)]


@contextlib.contextmanager
def _cluster(bin_dir: Path) -> Iterator[str]:
    """Start a throwaway cluster; yield a superuser URL to its ``postgres`` database."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    try:
        subprocess.run(
            _as_postgres(
                [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "kiosk", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=300"
        )
        subprocess.run(
            _as_postgres(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )
        try:
            yield f"postgresql+psycopg://kiosk@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """Create an empty database on the server at `server_url`; yield its URL; drop it afterwards."""
    import psycopg

    url = make_url(server_url)
    name = f"kiosk_test_{uuid.uuid4().hex[:10]}"
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connections: list[psycopg.Connection] = []

    def connected() -> bool:
        try:
            connections.append(psycopg.connect(conninfo, autocommit=True))
        except psycopg.OperationalError:
            return False
        return True

    wait_until_sync(connected, within_s=10, interval=0.1, what=f"a connection to {url.host}:{url.port}")
    with connections[0] as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A fresh database URL from ``KIOSK_TEST_POSTGRES_URL`` or a throwaway cluster; None when neither exists."""
    env_url = os.environ.get(ENV_URL)
    if env_url:
        with fresh_database(env_url) as url:
            yield url
        return
    bin_dir = find_pg_bin()
    if bin_dir is None:
        yield None
        return
    with _cluster(bin_dir) as server, fresh_database(server) as url:
        yield url


def unavailable_reason() -> str:
    """Why PostgreSQL tests cannot run here."""
    return (
        f"PostgreSQL unavailable: set {ENV_URL} or install the server (Debian package 'postgresql', "
        "which provides /usr/lib/postgresql/*/bin/initdb)"
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session (skip, or fail under CI=true, without one)."""
    with throwaway_postgres() as url:
        if url is None:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(unavailable_reason() + " (CI=true: failing instead of skipping)")
            pytest.skip(unavailable_reason())
        yield url
