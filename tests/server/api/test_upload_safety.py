"""Uploads are what they claim, storage failures leave nothing behind, downloads and every answer carry the
security headers, and names others read hold no control or bidirectional characters."""

from __future__ import annotations

import errno
import os
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from kiosk.server.models import AuditEvent, Document, Recording, VisitSession
from kiosk.server.storage import DocumentStore
from tests.server.conftest import Kit
from tests.support import samples

MKV = b"\x1a\x45\xdf\xa3" + bytes(4096)


def _upload(kit: Kit, sid: str, content: bytes, who: str | int = 1) -> Any:
    return kit.post(
        f"/sessions/{sid}/documents", who, files={"file": ("a.jpg", content)}, data={"document_type": "ektp"}
    )


def _recording(kit: Kit, sid: str, content: bytes = MKV) -> Any:
    return kit.post(f"/sessions/{sid}/recording", "cso1", files={"file": ("s.mkv", content)})


def _assigned_session(kit: Kit) -> str:
    sid = str(kit.walk_in(1)["id"])
    with kit.db.session() as session:
        visit = session.get(VisitSession, sid)
        assert visit is not None
        visit.assigned_user_id, visit.state = 3, "in_call"
    return sid


def _files(kit: Kit) -> list[Path]:
    root = kit.settings.server_data_dir()
    return [p for kind in ("documents", "recordings") if (root / kind).exists() for p in (root / kind).rglob("*")
            if p.is_file()]  # fmt: skip


def _rows(kit: Kit) -> tuple[int, int, int]:
    with kit.db.session() as session:
        uploads = session.query(AuditEvent).filter(AuditEvent.action.in_(["document.uploaded", "recording.uploaded"]))
        return session.query(Document).count(), session.query(Recording).count(), uploads.count()


# -- content ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xd8\xff\xe0" + b"<html><script>alert(document.cookie)</script></html>" * 10,
        b"\x89PNG\r\n\x1a\n" + b"<html><body onload=alert(1)></body></html>" * 10,
        samples.jpeg(size=64)[:-200],  # truncated
    ],
    ids=["html-behind-jpeg-magic", "html-behind-png-magic", "truncated-jpeg"],
)
def test_an_image_that_does_not_decode_is_415_and_not_kept(kit: Kit, content: bytes) -> None:
    sid = kit.walk_in(1)["id"]
    response = _upload(kit, sid, content)
    assert response.status_code == 415 and response.json()["error"] == "unsupported_media_type"
    assert _files(kit) == [] and _rows(kit) == (0, 0, 0)


def _object_stream_pdf(inner: bytes) -> bytes:
    packed = zlib.compress(b"4 0 " + inner)
    return samples.pdf(note=b"x") + (
        b"5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream\nendobj\n"
    )


@pytest.mark.parametrize(
    "content",
    [
        samples.pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        samples.pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),  # names with #xx escapes
        samples.pdf(b"/AA << /O << /S /Launch /F (cmd.exe) >> >>"),
        samples.pdf(b"/Names << /EmbeddedFiles 9 0 R >>"),
        _object_stream_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"),  # hidden in a compressed object stream
    ],
    ids=["javascript", "escaped-names", "launch", "embedded-file", "object-stream"],
)
def test_a_pdf_with_active_content_is_refused(kit: Kit, content: bytes) -> None:
    sid = kit.walk_in(1)["id"]
    response = _upload(kit, sid, content)
    assert response.status_code == 422 and response.json()["error"] == "active_content", response.text
    assert _files(kit) == [] and _rows(kit) == (0, 0, 0)


def test_a_plain_pdf_and_real_images_are_kept(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    for content in (samples.pdf(), samples.jpeg(), samples.png()):
        assert _upload(kit, sid, content).status_code == 201


def test_downloads_are_attachments_that_nothing_sniffs_or_runs(kit: Kit) -> None:
    sid = _assigned_session(kit)
    doc = _upload(kit, sid, samples.pdf()).json()
    response = kit.get(f"/documents/{doc['id']}/content", "cso1")
    assert response.status_code == 200 and response.content == samples.pdf()
    assert response.headers["content-disposition"] == f'attachment; filename="{doc["id"]}.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"


# -- storage errors --------------------------------------------------------------------------------------------


class _FailingFile:
    """A file whose writes fail with an OS error, as on a full or broken disk."""

    def __init__(self, real: Any, code: int) -> None:
        self._real, self._code = real, code

    def write(self, _data: bytes) -> int:
        raise OSError(self._code, os.strerror(self._code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


@pytest.fixture
def failing_disk(monkeypatch: pytest.MonkeyPatch, kit: Kit) -> list[int]:
    """Files the hub opens under its data dir fail to write with the errno put in the returned list."""
    code: list[int] = []
    real_fdopen = os.fdopen
    data_dir = str(kit.settings.server_data_dir())

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        real = real_fdopen(fd, *args, **kwargs)
        if code and os.readlink(f"/proc/self/fd/{fd}").startswith(data_dir):
            return _FailingFile(real, code[0])
        return real

    monkeypatch.setattr(os, "fdopen", fdopen)
    return code


@pytest.mark.parametrize(
    ("error", "status", "code"), [(errno.ENOSPC, 507, "storage_full"), (errno.EIO, 503, "storage_unavailable")]
)
def test_a_storage_error_is_503_or_507_with_nothing_half_written(
    kit: Kit, failing_disk: list[int], error: int, status: int, code: str
) -> None:
    sid = _assigned_session(kit)
    failing_disk.append(error)
    for response in (_upload(kit, sid, samples.jpeg(), who="cso1"), _recording(kit, sid)):
        assert response.status_code == status and response.json()["error"] == code, response.text
    assert _files(kit) == [] and _rows(kit) == (0, 0, 0)
    failing_disk.clear()  # the disk is back: the same uploads go through
    assert _upload(kit, sid, samples.jpeg(), who="cso1").status_code == 201 and _recording(kit, sid).status_code == 201


def test_a_download_the_disk_cannot_read_is_503(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = _assigned_session(kit)
    doc = _upload(kit, sid, samples.jpeg(), who="cso1").json()

    def broken(_self: object, _sha: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(DocumentStore, "open", broken)
    response = kit.get(f"/documents/{doc['id']}/content", "cso1")
    assert response.status_code == 503 and response.json()["error"] == "storage_unavailable"


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return (
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=False).returncode == 0
    )


def test_a_really_full_disk_is_507_with_nothing_half_written(kit: Kit) -> None:
    documents = kit.settings.server_data_dir() / "documents"
    if not _tmpfs(documents, "64k"):
        pytest.skip("needs root to mount a small tmpfs (the monkeypatched test covers the same path)")
    try:
        sid = kit.walk_in(1)["id"]
        response = _upload(kit, sid, samples.jpeg(size=400) + bytes(200_000))  # bigger than the file system
        assert response.status_code == 507 and response.json()["error"] == "storage_full", response.text
        assert _files(kit) == [] and _rows(kit) == (0, 0, 0)
    finally:
        subprocess.run(["umount", str(documents)], check=False)


# -- headers and names -----------------------------------------------------------------------------------------


def test_every_answer_carries_the_security_headers(kit: Kit) -> None:
    answers = [
        kit.client.get("/healthz"),
        kit.client.get("/api/v1/nothing-here"),
        kit.post("/users", json={}),  # refused by the body guard
        kit.get("/auth/me", "cso1"),
        kit.client.get("/dashboard/login"),
    ]
    for response in answers:
        assert response.headers["x-content-type-options"] == "nosniff", response.url
        assert response.headers["referrer-policy"] == "no-referrer" and response.headers["x-frame-options"] == "DENY"
        assert "default-src" in response.headers["content-security-policy"]
        assert "strict-transport-security" not in response.headers  # plain HTTP: no HSTS
    assert "'self'" in answers[-1].headers["content-security-policy"]  # the dashboard keeps its own policy
    tls = kit.client.get("https://testserver/healthz")
    assert tls.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize(
    "name", ["Bu\x00di", "Budi\x1b[31m", "Budi\u202eitnaS", "\u2067Budi\u2069", "Budi\u200f", "a\u2028b"]
)
def test_display_names_refuse_control_and_bidirectional_characters(kit: Kit, name: str) -> None:
    user = {"username": "newcso", "display_name": name, "role": "cso", "branch_code": "KDR", "password": "s3cret-pass"}
    response = kit.post("/users", "admin", json=user)
    assert response.status_code == 422 and response.json()["error"] == "invalid_request", response.text


def test_display_names_keep_ordinary_letters(kit: Kit) -> None:
    user = {"username": "newcso", "display_name": "Siti Nurhaliza-Ré", "role": "cso", "branch_code": "KDR",
            "password": "s3cret-pass"}  # fmt: skip
    assert kit.post("/users", "admin", json=user).status_code == 201
