"""Resumable uploads (tus-like) of the online channel: a phone on a shaky connection sends a document in chunks,
asks how much arrived after a drop, and goes on from there.

An upload is two files under ``<data dir>/online-uploads``: ``<id>.part`` (the bytes so far) and ``<id>.json`` (who
started it, for which document, and its announced size). The id is random (unguessable) and every call also checks
that the upload belongs to the caller's booking. A finished upload is copied into the ordinary document store and
removed; unfinished ones older than ``online.upload_ttl_s`` are removed when a new one starts.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from kiosk.server.storage import storage_error

_ID_CHARS = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class PendingUpload:
    """An unfinished upload's metadata."""

    id: str
    booking_id: int
    session_id: str
    document_type: str
    size: int
    created: float


class OffsetMismatch(Exception):
    """A chunk did not start where the upload stands (answered 409 with the current offset)."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"the upload stands at {offset} bytes")
        self.offset = offset


class ResumableUploads:
    """The pending uploads under `root`."""

    def __init__(self, root: Path, ttl_s: float) -> None:
        self.root = root
        self.ttl_s = ttl_s

    def _paths(self, upload_id: str) -> tuple[Path, Path]:
        return self.root / f"{upload_id}.part", self.root / f"{upload_id}.json"

    def create(self, *, booking_id: int, session_id: str, document_type: str, size: int) -> PendingUpload:
        """Start an empty upload of `size` bytes."""
        self.forget_stale()
        upload = PendingUpload(secrets.token_hex(16), booking_id, session_id, document_type, size, time.time())
        part, meta = self._paths(upload.id)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            part.write_bytes(b"")
            meta.write_text(json.dumps(asdict(upload)), encoding="utf-8")
        except OSError as exc:
            raise storage_error(exc) from exc
        return upload

    def get(self, upload_id: str, booking_id: int) -> PendingUpload | None:
        """The upload with this id if it belongs to `booking_id` (None: unknown, someone else's, or expired)."""
        if len(upload_id) != 32 or not set(upload_id) <= _ID_CHARS:
            return None
        part, meta = self._paths(upload_id)
        try:
            upload = PendingUpload(**json.loads(meta.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if upload.booking_id != booking_id or time.time() - upload.created > self.ttl_s or not part.exists():
            return None
        return upload

    def offset(self, upload: PendingUpload) -> int:
        """Bytes received so far."""
        part, _ = self._paths(upload.id)
        try:
            return part.stat().st_size
        except OSError:
            return 0

    def append(self, upload: PendingUpload, offset: int, chunk: bytes) -> int:
        """Add `chunk` at `offset` (which must be where the upload stands, and stay within its size); the new
        offset. `OffsetMismatch` otherwise, with nothing written."""
        current = self.offset(upload)
        if offset != current or current + len(chunk) > upload.size:
            raise OffsetMismatch(current)
        part, _ = self._paths(upload.id)
        try:
            with part.open("ab") as out:
                out.write(chunk)
        except OSError as exc:
            raise storage_error(exc) from exc
        return current + len(chunk)

    def open(self, upload: PendingUpload) -> BinaryIO:
        """The received bytes, for reading."""
        return self._paths(upload.id)[0].open("rb")

    def path(self, upload: PendingUpload) -> Path:
        """The file of the received bytes (until `remove`)."""
        return self._paths(upload.id)[0]

    def remove(self, upload_id: str) -> None:
        """Forget an upload (finished, refused or stale)."""
        for path in self._paths(upload_id):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def forget_stale(self) -> None:
        """Remove uploads older than the time to live."""
        cutoff = time.time() - self.ttl_s
        with contextlib.suppress(OSError):
            for meta in self.root.glob("*.json"):
                with contextlib.suppress(OSError):
                    if meta.stat().st_mtime < cutoff:
                        self.remove(meta.stem)
