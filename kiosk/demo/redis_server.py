"""A real Redis on this machine (Debian ``redis-server``) on a free port of 127.0.0.1, for several hub instances
(`kiosk demo --instances N`, bench/hub_load.py ``--instances``, the tests). No persistence, no password:
loopback only; a deployment's Redis is configured by its operator (docs/scaling.md).

    with running_redis() as url:      # redis://127.0.0.1:<port>/0
        ...
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from kiosk.demo.processes import free_port, stop_server

REDIS_SERVER = "redis-server"


class RedisUnavailable(RuntimeError):
    """redis-server is not installed here, or did not start."""


def redis_available() -> bool:
    """Whether Debian's redis-server is installed."""
    return shutil.which(REDIS_SERVER) is not None or Path("/usr/bin/redis-server").exists()



def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def running_redis(timeout_s: float = 15.0) -> Iterator[str]:
    """Start redis-server on a free loopback port; its URL until the block ends (then it is stopped)."""
    binary = shutil.which(REDIS_SERVER) or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RedisUnavailable("redis-server is not installed (Debian package 'redis-server'; ./dev installs it)")
    with tempfile.TemporaryDirectory(prefix="kiosk-redis-") as folder:
        port = free_port()
        log = Path(folder) / "redis.log"
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", folder, "--logfile", str(log), "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not _answers(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RedisUnavailable(f"redis-server did not start: {tail}")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop_server(process)
