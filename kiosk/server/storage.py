"""The document and recording stores: files named by their sha256, type by content, behind one interface.

A file's kind comes from its first bytes (JPEG, PNG or PDF for documents; Matroska/WebM or MP4 for session
recordings), never from its name or the client's declared content type. An upload is streamed into a local
temporary file while it is hashed and sniffed; only a finished, checked file is kept under its hash, and the same
bytes uploaded twice are stored once.

`BlobStore` is what callers use; where the bytes live is its backend's business: `LocalStore` (a directory: one
host, or a mount every hub instance shares) here, `S3Store` (an S3-compatible object store) in
`kiosk.server.storage_s3`. `open_stores` picks the configured one (``[storage]`` settings).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from kiosk.config import Settings

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
    """Any other I/O error of the store (an unreachable object store too): answered 503, nothing is kept."""


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
    created: bool = True


class Upload:
    """One file being written into the store: `write` blocks, then `commit` (or `abort`).

    The bytes go to a temporary file in the store's staging directory (for `LocalStore` its own directory: same
    file system, so the final rename is atomic and a full store shows up while writing, not after); nothing is
    visible under its hash before `commit` has checked the size, the kind and the content and handed the file to
    the backend. Any `OSError` is raised as `StorageFull` or `StorageUnavailable`, with the temporary file removed.
    """

    def __init__(self, store: BlobStore, max_bytes: int) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.size = 0
        self._digest = hashlib.sha256()
        self._head = b""
        self._tmp: Path | None = None
        try:
            store.staging.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=store.staging, prefix=".upload-")
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
        """Check the whole file and keep it under its hash (atomically); the upload is done either way."""
        tmp = self._tmp
        if tmp is None:
            raise StorageUnavailable("the upload was aborted")
        try:
            self._out.flush()
            if self.store.fsync_staging:
                os.fsync(self._out.fileno())
            self._out.close()
            media_type = self.store.sniff(self._head)
            if media_type is None:
                raise UnsupportedMediaType(f"not {self.store.kinds}")
            if self.store.verify is not None:
                self.store.verify(tmp, media_type)
            sha = self._digest.hexdigest()
            created = self.store.keep(tmp, sha, media_type)
            self._tmp = None
            return StoredFile(sha, self.size, media_type, created=created)
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


class BlobStore(ABC):
    """Files named by their sha256, of the kinds `sniff` recognises: what the routes and the purge use.

    `verify` (path, media type) may raise to refuse a file whose content is not what its head claims.
    `open` raises `FileNotFoundError` for a file that is not (or no longer) there; every method raises
    `StorageFull` or `StorageUnavailable` when the backend fails, never a backend's own exception.
    """

    #: Whether an upload's temporary file is fsynced before it is kept (it is the kept file itself on disk).
    fsync_staging: bool = True

    def __init__(
        self,
        staging: Path,
        *,
        sniff: Callable[[bytes], str | None] = sniff_media_type,
        sniff_bytes: int = SNIFF_BYTES,
        kinds: str = "a JPEG, PNG or PDF file",
        verify: Callable[[Path, str], None] | None = None,
    ) -> None:
        self.staging = staging
        self.sniff = sniff
        self.sniff_bytes = sniff_bytes
        self.kinds = kinds
        self.verify = verify

    @abstractmethod
    def keep(self, tmp: Path, sha256: str, media_type: str) -> bool:
        """Keep the checked temporary file `tmp` under its hash and remove `tmp`; whether it was new (False:
        the same bytes were stored already). Called by `Upload.commit` only."""

    @abstractmethod
    def open(self, sha256: str) -> BinaryIO:
        """The stored file for reading, streamed (`FileNotFoundError` when it is not there, e.g. purged)."""

    @abstractmethod
    def exists(self, sha256: str) -> bool:
        """Whether a file with this hash is stored."""

    @abstractmethod
    def delete(self, sha256: str) -> bool:
        """Remove the file with this hash; whether there was one (the retention purge counts them)."""

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
        """Remove a file `commit` has just created (its database row could not be written); best effort."""
        if stored.created:
            with contextlib.suppress(StorageFull, StorageUnavailable):
                self.delete(stored.sha256)


class LocalStore(BlobStore):
    """Files under ``root``, two levels of directories by hash prefix so no directory grows huge.

    Uploads are staged in ``root`` itself, so keeping one is an atomic rename on the same file system.
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
        super().__init__(root, sniff=sniff, sniff_bytes=sniff_bytes, kinds=kinds, verify=verify)
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the file with this hash lives."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def keep(self, tmp: Path, sha256: str, media_type: str) -> bool:
        """Rename `tmp` to its hash's path (an `OSError` is the caller's to map)."""
        target = self.path_for(sha256)
        existed = target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
        return not existed

    def open(self, sha256: str) -> BinaryIO:
        """The stored file for reading (FileNotFoundError when it was purged)."""
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise storage_error(exc) from exc

    def exists(self, sha256: str) -> bool:
        """Whether the file is on disk."""
        return self.path_for(sha256).exists()

    def delete(self, sha256: str) -> bool:
        """Unlink the file, if there."""
        try:
            self.path_for(sha256).unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise storage_error(exc) from exc
        return True


#: The name callers used before there were several backends.
DocumentStore = LocalStore

#: What a recording store says it keeps (`LocalStore` and `S3Store` alike).
RECORDING_KINDS = "a Matroska, WebM or MP4 file"


def recording_store(root: Path) -> LocalStore:
    """The local store for session recordings: Matroska/WebM or MP4 files under `root`."""
    return LocalStore(root, sniff=sniff_recording_type, sniff_bytes=RECORDING_SNIFF_BYTES, kinds=RECORDING_KINDS)


@dataclass(frozen=True)
class Stores:
    """The hub's two stores: captured documents and session recordings."""

    documents: BlobStore
    recordings: BlobStore


def open_stores(settings: Settings, *, verify: Callable[[Path, str], None] | None = None) -> Stores:
    """The configured backend's document store (checked with `verify`) and recording store.

    ``storage.backend = "local"``: directories ``documents`` and ``recordings`` under ``storage.local_dir``
    (default: the data dir); ``"s3"``: the keys ``documents/<sha256>`` and ``recordings/<sha256>`` of
    ``storage.s3_bucket`` (under ``storage.s3_prefix``), uploads staged in the data dir's ``staging``.
    """
    storage = settings.storage
    if storage.backend == "s3":
        from kiosk.server.storage_s3 import s3_stores  # boto3 is imported only by hubs that use it

        return s3_stores(settings, verify=verify)
    root = storage.local_dir or settings.server_data_dir()
    return Stores(LocalStore(root / "documents", verify=verify), recording_store(root / "recordings"))
