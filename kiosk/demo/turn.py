"""A real TURN server on this machine: coturn (Debian ``coturn``, ``/usr/bin/turnserver``) on 127.0.0.1, free
ports, for `kiosk demo --relay` (every call through TURN) and the tests.

coturn runs as a subprocess with its own config file, log, pid file and user database in a temporary folder
(no root-only path), with ``use-auth-secret``: the credentials the hub issues (kiosk/server/turn.py) are the
ones it accepts. No TLS. ``allow-loopback-peers`` lets two peers on this machine relay to each other, which a real
deployment must never allow (docs/deployment.md). The fixture checks that coturn answers a STUN binding request
on UDP and accepts TCP before it yields, and stops the process at the end.

Use `running_turn` (tests use the fixture in tests/support/turn.py)::

    with running_turn() as turn:
        turn.host, turn.port, turn.secret
        turn.ice_servers(peer_id="booth")        # [{"urls": [...], "username": ..., "credential": ...}]
        turn.settings()                          # TurnSettings for a hub that issues the credentials
        turn.allocations()                       # relay allocations coturn has logged so far
"""

from __future__ import annotations

import contextlib
import random
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import SecretStr

from kiosk.config import TurnSettings
from kiosk.demo.processes import stop_server
from kiosk.server.turn import turn_credential

TURNSERVER = "/usr/bin/turnserver"
REALM = "kiosk.test"
#: Relay ports are drawn from here in blocks, one block per server (several test runs share the machine).
_RELAY_RANGE = (40000, 59000)
_RELAY_BLOCK = 200


class TurnUnavailable(RuntimeError):
    """coturn is not installed here."""


def turn_available() -> bool:
    """Whether Debian's coturn is installed."""
    return Path(TURNSERVER).exists()


@dataclass(frozen=True)
class TurnServer:
    """A running coturn: where it listens, its shared secret, and helpers for credentials and its log."""

    host: str
    port: int
    secret: str
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def log_path(self) -> Path:
        """coturn's log file."""
        return self.folder / "turn.log"

    def url(self, transport: Literal["udp", "tcp"] = "udp") -> str:
        """The ``turn:`` URL of this server for `transport`."""
        return f"turn:{self.host}:{self.port}?transport={transport}"

    def credential(self, peer_id: str = "test", ttl_s: int = 3600, now: float | None = None) -> tuple[str, str]:
        """A (username, password) pair in the shared-secret scheme, valid `ttl_s` seconds from `now`."""
        made = turn_credential(self.secret, peer_id, now=time.time() if now is None else now, ttl_s=ttl_s)
        return made.username, made.credential

    def ice_servers(
        self, peer_id: str = "test", ttl_s: int = 3600, transports: tuple[str, ...] = ("udp",)
    ) -> list[dict[str, object]]:
        """ICE servers as a browser's ``RTCPeerConnection`` takes them, with a fresh credential."""
        username, credential = self.credential(peer_id, ttl_s)
        urls = [self.url("tcp" if transport == "tcp" else "udp") for transport in transports]
        return [{"urls": urls, "username": username, "credential": credential}]

    def settings(self, ttl_s: int = 3600, transport: Literal["udp", "tcp"] = "udp") -> TurnSettings:
        """The hub's ``[turn]`` settings for this server."""
        return TurnSettings(urls=[self.url(transport)], shared_secret=SecretStr(self.secret), credential_ttl_s=ttl_s)

    def log(self) -> str:
        """coturn's log so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def allocations(self) -> int:
        """Relay allocations coturn granted so far (from its log)."""
        return self.log().count("ALLOCATE processed, success")


def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP (coturn listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return int(port)
    raise RuntimeError("no free port for coturn")


def _config(folder: Path, port: int, secret: str) -> str:
    low = random.randrange(_RELAY_RANGE[0], _RELAY_RANGE[1] - _RELAY_BLOCK)
    lines = [
        "listening-ip=127.0.0.1",
        "relay-ip=127.0.0.1",
        f"listening-port={port}",
        f"min-port={low}",
        f"max-port={low + _RELAY_BLOCK}",
        "use-auth-secret",
        f"static-auth-secret={secret}",
        f"realm={REALM}",
        "fingerprint",
        "no-tls",
        "no-dtls",
        "no-cli",
        "no-multicast-peers",
        "allow-loopback-peers",  # both peers are on this machine; never in a deployment
        "verbose",
        "simple-log",
        f"log-file={folder / 'turn.log'}",
        f"pidfile={folder / 'turn.pid'}",
        f"userdb={folder / 'turndb'}",
        "no-software-attribute",
    ]
    return "\n".join(lines) + "\n"


def _stun_binding_answered(host: str, port: int) -> bool:
    """Whether a STUN binding request over UDP gets an answer (coturn is serving)."""
    transaction = secrets.token_bytes(12)
    request = b"\x00\x01\x00\x00\x21\x12\xa4\x42" + transaction  # Binding request, no attributes, magic cookie
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.sendto(request, (host, port))
            answer, _ = sock.recvfrom(2048)
        except OSError:
            return False
    return answer[:2] == b"\x01\x01" and answer[8:20] == transaction


def _tcp_accepts(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
        return True
    return False


@contextlib.contextmanager
def running_turn(within_s: float = 15.0) -> Iterator[TurnServer]:
    """Start coturn on free loopback ports with a random shared secret; stop it when the block ends."""
    if not turn_available():
        raise TurnUnavailable(f"{TURNSERVER} is missing: install the Debian package coturn (./dev installs it)")
    with tempfile.TemporaryDirectory(prefix="kiosk-turn-") as name:
        folder = Path(name)
        secret = secrets.token_hex(16)
        port = free_port()
        (folder / "turn.conf").write_text(_config(folder, port, secret), encoding="utf-8")
        with open(folder / "stdout.log", "wb") as out:
            process = subprocess.Popen(
                [shutil.which("turnserver") or TURNSERVER, "-c", str(folder / "turn.conf")],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        server = TurnServer("127.0.0.1", port, secret, folder, process)
        try:
            deadline = time.monotonic() + within_s
            while not (_stun_binding_answered(server.host, port) and _tcp_accepts(server.host, port)):
                if process.poll() is not None:
                    raise RuntimeError(f"coturn stopped (exit {process.returncode}):\n{server.log()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"coturn does not answer on {port}:\n{server.log()[-2000:]}")
                time.sleep(0.05)
            yield server
        finally:
            stop_server(process)
