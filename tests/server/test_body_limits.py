"""Anonymous and oversized bodies against a real hub process: refused before they are read or stored.

The hub runs in a process of its own (so its memory can be measured) with its temporary directory inside the
test's, so a body spooled anywhere on disk would show. Bodies are sent over a raw socket by a thread while the
test waits for the answer: a hub that reads before refusing answers late (or never), one that refuses first
answers at once and closes the connection.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
import requests

from tests.support import samples

MIB = 1024 * 1024
BLOCK = b"x" * (64 * 1024)

_HUB = """
import json, sys
from pathlib import Path
from tests.support.hub import running_hub
with running_hub(data_dir=Path(sys.argv[1]), max_recording_bytes=int(sys.argv[2])) as hub:
    booth = hub.client(hub.booth_token(1))
    visit = booth.check_in(walk_in=True)
    print(json.dumps({"url": hub.base_url, "admin": hub.admin_token(), "cso": hub.cso_token("cso1"),
                      "booth": hub.booth_token(1), "session": visit.id}), flush=True)
    sys.stdin.read()
"""


@dataclass
class HubProcess:
    """A hub in a child process, its data dir, its temporary dir and tokens of the demo."""

    process: subprocess.Popen[str]
    url: str
    data_dir: Path
    tmp_dir: Path
    tokens: dict[str, str]
    session: str

    def rss(self) -> int:
        """The hub process's resident memory, in bytes."""
        return int(psutil.Process(self.process.pid).memory_info().rss)

    def stored_files(self) -> set[Path]:
        """Every file the hub wrote for uploads: the stores and its temporary directory (not the database)."""
        roots = [self.data_dir / "documents", self.data_dir / "recordings", self.tmp_dir]
        return {p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


@contextmanager
def hub_process(tmp_path: Path, max_recording_bytes: int = 1024 * MIB) -> Iterator[HubProcess]:
    """Start a hub process (SQLite, demo data, booth 1 checked in) and stop it at the end."""
    data_dir, tmp_dir = tmp_path / "hub", tmp_path / "tmp"
    tmp_dir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_dir), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-c", _HUB, str(data_dir), str(max_recording_bytes)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        tokens = {k: info[k] for k in ("admin", "cso", "booth")}
        yield HubProcess(process, info["url"], data_dir, tmp_dir, tokens, info["session"])
    finally:
        process.terminate()
        process.wait(20)


@dataclass
class Answer:
    """The status the hub answered with, and how many body bytes it took before it answered and closed."""

    status: int
    sent: int


def send_body(hub: HubProcess, method: str, path: str, headers: dict[str, str], body: Iterator[bytes]) -> Answer:
    """Send a request over a raw socket (`body` chunked unless a Content-Length is given); the answer.

    The body is written by a thread while this one reads the answer, so a refusal is seen even though the body
    is never finished; the thread stops when the hub closes the connection.
    """
    where = urlsplit(hub.url)
    sock = socket.create_connection((where.hostname, where.port), timeout=30)
    chunked = "Content-Length" not in headers
    head = [f"{method} {path} HTTP/1.1", f"Host: {where.netloc}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    if chunked:
        head.append("Transfer-Encoding: chunked")
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())

    sent = 0

    def write() -> None:
        nonlocal sent
        try:
            for block in body:
                sent += len(block)
                sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the hub answered and closed: exactly what a refusal looks like

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    answer = b""
    try:
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    finally:
        with contextlib.suppress(OSError):  # the hub may have closed it already
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        writer.join(30)
    return Answer(int(answer.split(b" ", 2)[1]), sent)


def blocks(total: int, first: bytes = b"", last: bytes = b"") -> Iterator[bytes]:
    """`first`, then 64 KiB blocks up to `total` bytes, then `last`."""
    yield first
    sent = len(first)
    while sent < total:
        yield BLOCK
        sent += len(BLOCK)
    yield last


#: A JSON body of about `total` bytes that is valid once complete (so only the token can be wrong).
def json_body(total: int) -> Iterator[bytes]:
    """``{"username": "xxx…", ...}`` of about `total` bytes."""
    return blocks(total, b'{"username": "', b'", "display_name": "A", "role": "cso", "password": "12345678"}')


def multipart_head(boundary: str) -> bytes:
    """The start of a multipart body whose file part never ends."""
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document_type"\r\n\r\nektp\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode() + b"\xff\xd8\xff\xe0"


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub process for the module (default limits); tests compare its files before and after."""
    with hub_process(tmp_path_factory.mktemp("limits")) as running:
        yield running


def test_chunked_json_without_token_is_refused_unread_and_memory_stays_flat(hub: HubProcess) -> None:
    headers = {"Content-Type": "application/json"}
    send_body(hub, "POST", "/api/v1/users", headers, json_body(MIB))  # warm up: first request's imports, caches
    before = hub.rss()
    answer = send_body(hub, "POST", "/api/v1/users", headers, json_body(200 * MIB))
    after = hub.rss()
    assert after - before < 50 * MIB, f"hub grew from {before // MIB} MiB to {after // MIB} MiB"
    assert answer.status == 401
    assert answer.sent < 50 * MIB, f"the hub took {answer.sent // MIB} MiB before refusing"


def test_chunked_multipart_without_token_stores_nothing(hub: HubProcess) -> None:
    files = hub.stored_files()
    headers = {"Content-Type": "multipart/form-data; boundary=b0undary"}
    path = f"/api/v1/sessions/{hub.session}/documents"
    answer = send_body(hub, "POST", path, headers, blocks(500 * MIB, multipart_head("b0undary")))
    assert answer.status == 401
    assert answer.sent < 50 * MIB, f"the hub took {answer.sent // MIB} MiB before refusing"
    assert hub.stored_files() == files


def test_declared_600_mib_recording_is_refused_before_any_byte_is_stored(hub: HubProcess) -> None:
    files = hub.stored_files()
    headers = {"Content-Type": "multipart/form-data; boundary=b0undary", "Content-Length": str(600 * MIB)}
    path = f"/api/v1/sessions/{hub.session}/recording"
    # Without a token: 401 at once (600 MiB is within the recordings' 1 GiB, so only the token can refuse it;
    # a hub that reads first waits for the 600 MiB that never come).
    assert send_body(hub, "POST", path, headers, blocks(20 * MIB, multipart_head("b0undary"))).status == 401
    # With a booth's token, on its own session's documents: over the documents' limit, 413 unread.
    booth = {**headers, "Authorization": f"Bearer {hub.tokens['booth']}"}
    docs = f"/api/v1/sessions/{hub.session}/documents"
    assert send_body(hub, "POST", docs, booth, blocks(20 * MIB, multipart_head("b0undary"))).status == 413
    assert hub.stored_files() == files


def test_chunked_bodies_past_the_route_limit_are_413_whatever_the_token(hub: HubProcess) -> None:
    # A booth on its own open session: the document limit (10 MiB) is enforced while streaming.
    files = hub.stored_files()
    booth = {"Content-Type": "multipart/form-data; boundary=b0undary", "Authorization": f"Bearer {hub.tokens['booth']}"}
    docs = f"/api/v1/sessions/{hub.session}/documents"
    assert send_body(hub, "POST", docs, booth, blocks(40 * MIB, multipart_head("b0undary"))).status == 413
    assert hub.stored_files() == files
    # An admin's JSON is held to the small limit, chunked or not.
    admin = {"Content-Type": "application/json", "Authorization": f"Bearer {hub.tokens['admin']}"}
    assert send_body(hub, "POST", "/api/v1/users", admin, json_body(10 * MIB)).status == 413
    # A token of the wrong role is refused before its body is read.
    wrong = {**admin, "Authorization": f"Bearer {hub.tokens['booth']}"}
    answer = send_body(hub, "POST", "/api/v1/users", wrong, json_body(100 * MIB))
    assert answer.status == 403 and answer.sent < 50 * MIB


def test_a_normal_upload_still_works_over_the_wire(hub: HubProcess) -> None:
    files = hub.stored_files()
    response = requests.post(
        f"{hub.url}/api/v1/sessions/{hub.session}/documents",
        headers={"Authorization": f"Bearer {hub.tokens['booth']}"},
        files={"file": ("a.jpg", samples.jpeg())},
        data={"document_type": "ektp"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    (new,) = hub.stored_files() - files  # the document under its hash, no temporary file left behind
    assert new.parent.parent.parent.name == "documents" and new.name == response.json()["sha256"]
