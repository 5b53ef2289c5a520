"""Issue 17: `kiosk server --workers N`: N processes on one port, each an instance of the cluster; a booth and a
console are served together whichever process the kernel gave each socket to."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from kiosk.client.hub_api import HubClient
from kiosk.demo.branch import write_settings
from tests.support.hub import DEMO_PASSWORDS, fast_password_hash
from tests.support.signaling import Peer
from tests.support.wait import wait_until_sync


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_workers_without_a_shared_redis_are_refused_with_the_reason(tmp_path: Path) -> None:
    config = tmp_path / "hub.toml"
    write_settings(config, {"server": {"data_dir": str(tmp_path / "hub")}}, {})
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "server", "--workers", "2"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "server.cluster_url" in done.stderr and "PostgreSQL" in done.stderr


class _Hub:
    """Just enough of tests.support.hub.RunningHub for `Peer`."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.ws_url = base_url.replace("http://", "ws://") + "/api/v1/ws"


@pytest.fixture
def two_workers(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    from kiosk.server.context import utc_now
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.seed import seed_demo
    from tests.support.postgres import fresh_database

    with fresh_database(postgres_url) as url:
        database = Database.from_url(url)
        upgrade(database.engine)
        with database.session() as session:
            seed_demo(session, utc_now(), password_hasher=fast_password_hash)
        database.dispose()
        port = _free_port()
        config = tmp_path / "hub.toml"
        write_settings(config, {"server": {"data_dir": str(tmp_path / "hub"), "database_url": url,
                                           "cluster_url": redis_url, "port": port}}, {})
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        process = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config), "server", "--workers",
                                    "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            def up() -> bool:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                try:
                    return requests.get(f"{base}/healthz", timeout=1).status_code == 200
                except requests.RequestException:
                    return False

            wait_until_sync(up, within_s=60, interval=0.2, what="kiosk server --workers 2")
            yield base, process
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.postgres
def test_two_worker_processes_serve_a_booth_and_a_console_together(
    two_workers: tuple[str, subprocess.Popen[str]],
) -> None:
    base, process = two_workers
    # uvicorn spawns each worker with multiprocessing ("spawn_main"; its resource tracker is not a worker).
    workers = [c for c in psutil.Process(process.pid).children() if "spawn_main" in " ".join(c.cmdline())]
    assert len(workers) == 2
    admin = HubClient(base, HubClient(base).login("admin", DEMO_PASSWORDS["admin"]).token)
    booth_token = HubClient(base).enroll(admin.create_enrollment_code("KDR", 4).code).device_token
    officer_token = HubClient(base).login("cso1", DEMO_PASSWORDS["cso1"]).token
    hub = _Hub(base)
    booth = Peer(hub, booth_token)  # type: ignore[arg-type]
    booth.hello_booth()
    console = Peer(hub, officer_token)  # type: ignore[arg-type]
    console.hello_console(cap=2)
    client = HubClient(base, booth_token)
    session = client.check_in(walk_in=True)
    client.set_state(session.id, "self_service")
    assert console.expect("assignment", timeout=15)["session_id"] == session.id
    assert booth.expect("assignment", timeout=15)["session_id"] == session.id
    booth.close()
    console.close()
