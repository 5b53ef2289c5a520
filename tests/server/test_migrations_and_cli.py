"""Migrations match the models and run idempotently; `kiosk server` maintenance commands work."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import socket
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, select

from kiosk.cli import main
from kiosk.server.db import Database, create_db_engine
from kiosk.server.migrate import current_revision, head_revision, upgrade
from kiosk.server.models import Base, Booth, Branch, Claim, ClaimCounter, Participant, User
from kiosk.server.repositories import claims
from kiosk.server.seed import seed_demo
from tests.support.hub import fast_password_hash
from tests.support.postgres import fresh_database
from tests.support.wait import wait_until_sync


def test_migrations_create_exactly_the_models(hub_engine: Engine) -> None:
    with hub_engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_migration_0002_moves_claim_keys_to_their_branch(tmp_path: Path) -> None:
    """Claims submitted before keys were per branch are still found by a replay after the upgrade."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        sql = connection.exec_driver_sql
        sql(
            "INSERT INTO branches (id, code, name, timezone, walk_in_daily, online_daily, service_start,"
            " service_end, slot_minutes, slot_capacity) VALUES (1, 'KDR', 'Kediri', 'Asia/Jakarta', 60, 60,"
            " '08:00', '15:00', 30, 4)"
        )
        sql(
            "INSERT INTO users (id, username, display_name, role, password_hash, branch_id, active, created_at)"
            " VALUES (3, 'cso1', 'A', 'cso', 'x', 1, 1, '2026-11-21 01:00:00')"
        )
        sql(
            "INSERT INTO users (id, username, display_name, role, password_hash, branch_id, active, created_at)"
            " VALUES (4, 'cso2', 'B', 'cso', 'x', 1, 1, '2026-11-21 01:00:00')"
        )
        sql(
            "INSERT INTO participants (id, nik, kpj, name, birth_date, membership_start, status, balance,"
            " contribution_months, employer) VALUES (1, '3506010101900001', '12345678901', 'P', '1990-01-01',"
            " '2015-01-01', 'active', 1, 12, 'E')"
        )
        for claim_id, user, key in ((1, 3, "k1"), (2, 4, "k1"), (3, 4, "k2")):
            sql(
                "INSERT INTO claims (id, reference, branch_id, day, sequence, participant_id, claim_type, reason,"
                " idempotency_scope, idempotency_key, request_hash, request, findings, submitted_by, created_at,"
                f" status) VALUES ({claim_id}, 'R{claim_id}', 1, '2026-11-21', {claim_id}, 1, 'JHT', 'layoff',"
                f" 'user:{user}', '{key}', 'h', '{{}}', '[]', {user}, '2026-11-21 01:00:00', 'submitted')"
            )
    upgrade(engine)
    with engine.connect() as connection:
        scopes = dict(connection.exec_driver_sql("SELECT id, idempotency_scope FROM claims").all())
    assert scopes == {1: "branch:KDR", 2: "user:4", 3: "branch:KDR"}
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_migration_0011_starts_each_days_counter_after_its_claims(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A database that already has claims goes on numbering each branch's day after its highest reference."""
    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
        else:
            url = stack.enter_context(fresh_database(request.getfixturevalue("postgres_url")))
        engine = create_db_engine(url)
        stack.callback(engine.dispose)
        upgrade(engine, "0010")
        with Database(engine).session() as session:
            seed_demo(session, datetime.now(UTC), password_hasher=fast_password_hash)
            branch = session.execute(select(Branch).where(Branch.code == "KDR")).scalar_one()
            participant = session.execute(select(Participant).order_by(Participant.id)).scalars().first()
            officer = session.execute(select(User).where(User.username == "cso1")).scalar_one()
            assert participant is not None
            for day, sequence in ((date(2026, 12, 1), 3), (date(2026, 12, 1), 7), (date(2026, 12, 2), 1)):
                session.execute(
                    insert(Claim).values(
                        reference=f"JHT-KDR-{day:%Y%m%d}-{sequence:04d}",
                        branch_id=branch.id,
                        day=day,
                        sequence=sequence,
                        participant_id=participant.id,
                        claim_type="JHT",
                        reason="layoff",
                        idempotency_scope="branch:KDR",
                        idempotency_key=f"k-{day}-{sequence}",
                        request_hash="h",
                        request={},
                        findings=[],
                        submitted_by=officer.id,
                        created_at=datetime.now(UTC),
                        status="submitted",
                    )
                )
        upgrade(engine)
        with Database(engine).session() as session:
            counters = session.execute(select(ClaimCounter.day, ClaimCounter.last_sequence)).all()
            assert sorted(counters) == [(date(2026, 12, 1), 7), (date(2026, 12, 2), 1)]
            assert claims.take_sequence(session, branch.id, date(2026, 12, 1)) == 8
            assert claims.take_sequence(session, branch.id, date(2026, 12, 3)) == 1


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    (tmp_path / "kiosk.toml").write_text(f'[server]\ndata_dir = "{tmp_path / "hub"}"\n', encoding="utf-8")
    return tmp_path / "hub" / "hub.sqlite3"


def test_cli_migrate_seed_enroll_and_create_user(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["server", "migrate"]) == 0
    assert f"revision {head_revision()}" in capsys.readouterr().out
    assert main(["server", "seed-demo"]) == 0
    out = capsys.readouterr().out
    assert "4 users" in out and "cso1/cso1-demo" in out
    assert main(["server", "seed-demo"]) == 0  # idempotent
    assert "0 users" in capsys.readouterr().out
    assert main(["server", "enroll-booth", "--branch", "kdr", "--booth", "11"]) == 0
    assert "enrollment code for KDR booth 11:" in capsys.readouterr().out
    assert main(["server", "enroll-booth", "--branch", "XYZ", "--booth", "1"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert (
        main(
            [
                "server",
                "create-user",
                "--username",
                "sup2",
                "--role",
                "supervisor",
                "--branch",
                "KDR",
                "--password-stdin",
            ]
        )
        == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        main(["server", "create-user", "--username", "x2", "--role", "cso", "--branch", "KDR", "--password-stdin"]) == 2
    )
    db = Database.from_url(f"sqlite:///{cli_env}")
    with db.session() as session:
        assert session.execute(select(User.role).where(User.username == "sup2")).scalar() == "supervisor"
        assert session.execute(select(Booth).where(Booth.number == 11)).scalar_one() is not None
    db.dispose()


def test_cli_purge_reports_the_collective_rows_and_files_too(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server", "purge"]) == 0
    out = capsys.readouterr().out
    assert "0 claims and 0 collective rows past their periods" in out
    assert "removed 0 collective document files" in out


def test_cli_refuses_half_a_tls_configuration(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server", "--certfile", "cert.pem"]) == 2
    assert "both --certfile and --keyfile" in capsys.readouterr().err


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = directory / "cert.pem", directory / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return certfile, keyfile


@pytest.mark.slow
def test_kiosk_server_serves_https_with_a_certificate(cli_env: Path, tmp_path: Path) -> None:
    certfile, keyfile = _self_signed(tmp_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk.server.command",  # `kiosk server` without the other subcommands
            "--port",
            str(port),
            "--certfile",
            str(certfile),
            "--keyfile",
            str(keyfile),
        ],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    try:
        answers: list[requests.Response] = []

        def serving() -> bool:
            try:
                answers.append(requests.get(f"https://127.0.0.1:{port}/healthz", verify=str(certfile), timeout=2))
            except requests.exceptions.SSLError:
                raise  # served, but not with the certificate it was given
            except requests.ConnectionError:
                log = (tmp_path / "server.log").read_text()
                assert process.poll() is None, f"kiosk server exited: {log}"
                return False
            return True

        wait_until_sync(serving, within_s=30, interval=0.2, what="kiosk server serving over TLS")
        health = answers[-1]
        assert health.status_code == 200 and health.json()["database"] == "ok"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
