"""The document and recording stores: files named by their sha256 under the hub's data dir, type by content.

A file's kind comes from its first bytes (JPEG, PNG or PDF for documents; Matroska/WebM or MP4 for session
recordings), never from its name or the client's declared content type. Writing is atomic (temporary file, then
rename), and the same bytes uploaded twice are stored once.
"""

from __future__ import annotations

import contextlib
import errno
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


class StorageFull(Exception):
    """The disk (or the quota) of the store is full: answered 507, nothing is kept."""


class StorageUnavailable(Exception):
    """Any other I/O error of the store: answered 503, nothing is kept."""


def storage_error(exc: OSError) -> StorageFull | StorageUnavailable:
    """The store's exception for an OS error (full disk or quota: `StorageFull`; anything else)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull("no space left in the store")
    return StorageUnavailable(f"the store failed ({type(exc).__name__})")


@dataclass(frozen=True)
class StoredFile:
    """A file in the store (`created`: these bytes were not in the store before)."""

    sha256: str
    size: int
    media_type: str
    path: Path
    created: bool = True


class Upload:
    """One file being written into the store: `write` blocks, then `commit` (or `abort`).

    The bytes go to a temporary file inside the store's own directory (same file system, so the final rename is
    atomic and a full store shows up while writing, not after); nothing is visible under its hash before
    `commit` has checked the size, the kind and the content. Any `OSError` is raised as `StorageFull` or
    `StorageUnavailable`, with the temporary file removed.
    """

    def __init__(self, store: DocumentStore, max_bytes: int) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.size = 0
        self._digest = hashlib.sha256()
        self._head = b""
        self._tmp: Path | None = None
        try:
            store.root.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=store.root, prefix=".upload-")
        except OSError as exc:
            raise storage_error(exc) from exc
        self._tmp = Path(name)
        self._out: BinaryIO = os.fdopen(fd, "wb")

    def write(self, block: bytes) -> None:
        """Append `block`; `TooLarge` past the limit, `UnsupportedMediaType` as soon as the head is known."""
        try:
            self.size += len(block)
            if self.size > self.max_bytes:
                raise TooLarge(f"larger than {self.max_bytes} bytes")
            store = self.store
            if len(self._head) < store.sniff_bytes:
                self._head += block[: store.sniff_bytes - len(self._head)]
                if len(self._head) >= store.sniff_bytes and store.sniff(self._head) is None:
                    raise UnsupportedMediaType(f"not {store.kinds}")
            self._digest.update(block)
            self._out.write(block)
        except OSError as exc:
            self.abort()
            raise storage_error(exc) from exc
        except BaseException:
            self.abort()
            raise

    def commit(self) -> StoredFile:
        """Check the whole file and move it under its hash (atomically); the upload is done either way."""
        tmp = self._tmp
        if tmp is None:
            raise StorageUnavailable("the upload was aborted")
        try:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            media_type = self.store.sniff(self._head)
            if media_type is None:
                raise UnsupportedMediaType(f"not {self.store.kinds}")
            if self.store.verify is not None:
                self.store.verify(tmp, media_type)
            sha = self._digest.hexdigest()
            target = self.store.path_for(sha)
            existed = target.exists()
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
            self._tmp = None
            return StoredFile(sha, self.size, media_type, target, created=not existed)
        except OSError as exc:
            self.abort()
            raise storage_error(exc) from exc
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Forget the upload: close and remove the temporary file (idempotent)."""
        with contextlib.suppress(OSError):
            self._out.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.unlink(missing_ok=True)
            self._tmp = None


class DocumentStore:
    """Files under ``root``, two levels of directories by hash prefix so no directory grows huge.

    `verify` (path, media type) may raise to refuse a file whose content is not what its head claims.
    """

    def __init__(
        self,
        root: Path,
        *,
        sniff: Callable[[bytes], str | None] = sniff_media_type,
        sniff_bytes: int = SNIFF_BYTES,
        kinds: str = "a JPEG, PNG or PDF file",
        verify: Callable[[Path, str], None] | None = None,
    ) -> None:
        self.root = root
        self.sniff = sniff
        self.sniff_bytes = sniff_bytes
        self.kinds = kinds
        self.verify = verify

    def path_for(self, sha256: str) -> Path:
        """Where the file with this hash lives."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def begin(self, max_bytes: int) -> Upload:
        """Start writing a file of at most `max_bytes` into the store."""
        return Upload(self, max_bytes)

    def save(self, source: BinaryIO, max_bytes: int, chunk: int = 256 * 1024) -> StoredFile:
        """Copy `source` into the store; raise `TooLarge` past `max_bytes`, `UnsupportedMediaType`, `StorageFull`
        or `StorageUnavailable` (nothing is kept then)."""
        upload = self.begin(max_bytes)
        try:
            while block := source.read(chunk):
                upload.write(block)
        except BaseException:
            upload.abort()
            raise
        return upload.commit()

    def discard(self, stored: StoredFile) -> None:
        """Remove a file `commit` has just created (its database row could not be written)."""
        if stored.created:
            with contextlib.suppress(OSError):
                stored.path.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        """The stored file for reading (FileNotFoundError when it was purged)."""
        return self.path_for(sha256).open("rb")


def recording_store(root: Path) -> DocumentStore:
    """The store for session recordings: Matroska/WebM or MP4 files under `root`."""
    return DocumentStore(
        root, sniff=sniff_recording_type, sniff_bytes=RECORDING_SNIFF_BYTES, kinds="a Matroska, WebM or MP4 file"
    )
