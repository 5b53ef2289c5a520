"""The document and recording stores: files named by their sha256 under the hub's data dir, type by content.

A file's kind comes from its first bytes (JPEG, PNG or PDF for documents; Matroska/WebM or MP4 for session
recordings), never from its name or the client's declared content type. Writing is atomic (temporary file, then
rename), and the same bytes uploaded twice are stored once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)

#: Bytes needed to recognise every supported kind.
SNIFF_BYTES = 8


def sniff_media_type(head: bytes) -> str | None:
    """The media type of a file starting with `head`, or None when it is not JPEG, PNG or PDF."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    return None


#: Bytes needed to recognise a recording's container (MP4's ``ftyp`` box type sits at offset 4).
RECORDING_SNIFF_BYTES = 12


def sniff_recording_type(head: bytes) -> str | None:
    """The media type of a recording starting with `head` (Matroska/WebM or MP4), or None."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML header: Matroska, of which WebM is a profile
        return "video/x-matroska"
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "video/mp4"
    return None


class TooLarge(Exception):
    """The upload exceeds the size limit."""


class UnsupportedMediaType(Exception):
    """The upload is not a JPEG, PNG or PDF file."""


@dataclass(frozen=True)
class StoredFile:
    """A file in the store."""

    sha256: str
    size: int
    media_type: str
    path: Path


class DocumentStore:
    """Files under ``root``, two levels of directories by hash prefix so no directory grows huge."""

    def __init__(
        self,
        root: Path,
        *,
        sniff: Callable[[bytes], str | None] = sniff_media_type,
        sniff_bytes: int = SNIFF_BYTES,
        kinds: str = "a JPEG, PNG or PDF file",
    ) -> None:
        self.root = root
        self._sniff = sniff
        self._sniff_bytes = sniff_bytes
        self._kinds = kinds

    def path_for(self, sha256: str) -> Path:
        """Where the file with this hash lives."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def save(self, source: BinaryIO, max_bytes: int, chunk: int = 256 * 1024) -> StoredFile:
        """Copy `source` into the store; raise `TooLarge` past `max_bytes` or `UnsupportedMediaType` (nothing is
        kept then)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        head = b""
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    block = source.read(chunk)
                    if not block:
                        break
                    size += len(block)
                    if size > max_bytes:
                        raise TooLarge(f"larger than {max_bytes} bytes")
                    if len(head) < self._sniff_bytes:
                        head += block[: self._sniff_bytes - len(head)]
                        if len(head) >= self._sniff_bytes and self._sniff(head) is None:
                            raise UnsupportedMediaType(f"not {self._kinds}")
                    digest.update(block)
                    out.write(block)
            media_type = self._sniff(head)
            if media_type is None:
                raise UnsupportedMediaType(f"not {self._kinds}")
            sha = digest.hexdigest()
            target = self.path_for(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, target)
            return StoredFile(sha, size, media_type, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def open(self, sha256: str) -> BinaryIO:
        """The stored file for reading (FileNotFoundError when it was purged)."""
        return self.path_for(sha256).open("rb")


def recording_store(root: Path) -> DocumentStore:
    """The store for session recordings: Matroska/WebM or MP4 files under `root`."""
    return DocumentStore(
        root, sniff=sniff_recording_type, sniff_bytes=RECORDING_SNIFF_BYTES, kinds="a Matroska, WebM or MP4 file"
    )
