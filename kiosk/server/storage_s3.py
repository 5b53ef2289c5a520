"""The object-store backend of `kiosk.server.storage`: documents and recordings in an S3-compatible bucket, so every
hub instance on every host reaches the same files.

An upload is staged and checked in a local temporary file exactly as for `LocalStore` (hashing, sniffing, the size
limit, `verify`), then put under ``<prefix>documents/<sha256>`` or ``<prefix>recordings/<sha256>`` unless an object
with that key is there already (a HEAD first: the same bytes are stored once). Reads stream the object's body.
Whatever goes wrong with the store (unreachable, timed out, refused) is raised as `StorageUnavailable`, a full one
as `StorageFull`; boto3's own exceptions never reach the routes. Timeouts are short and attempts few (settings),
so a dead store answers 503 within seconds instead of holding a request.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import boto3
import botocore.session
import urllib3.exceptions
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from kiosk.server.storage import (
    RECORDING_KINDS,
    RECORDING_SNIFF_BYTES,
    SNIFF_BYTES,
    BlobStore,
    StorageFull,
    StorageUnavailable,
    Stores,
    sniff_media_type,
    sniff_recording_type,
)

if TYPE_CHECKING:
    from kiosk.config import Settings, StorageSettings

#: Error codes of S3-compatible stores that mean "no room" (Ceph RGW's quota, MinIO's full disks).
_FULL_CODES = frozenset({"QuotaExceeded", "XMinioStorageFull", "InsufficientStorage", "StorageFull"})
_MISSING_CODES = frozenset({"NoSuchKey", "NotFound", "404"})
#: Streamed reads and multipart uploads go in blocks of this size.
_BLOCK = 256 * 1024
_MULTIPART_FROM = 64 * 1024 * 1024


def _client_error(exc: ClientError) -> StorageFull | StorageUnavailable:
    error = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if error.get("Code") in _FULL_CODES or status == 507:
        return StorageFull("no space left in the object store")
    # The code names the kind of failure (AccessDenied, NoSuchBucket ...) and never a credential.
    return StorageUnavailable(f"the object store refused ({error.get('Code', status)})")


@contextlib.contextmanager
def _mapped(*, missing: str | None = None) -> Iterator[None]:
    """Raise the store's exceptions for boto3's: `FileNotFoundError` (given `missing`) for an absent key."""
    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if missing is not None and code in _MISSING_CODES:
            raise FileNotFoundError(missing) from None
        raise _client_error(exc) from exc
    except S3UploadFailedError as exc:
        # boto3 wraps the failed request's ClientError in a message; the original is the context.
        cause = exc.__context__
        if isinstance(cause, ClientError):
            raise _client_error(cause) from exc
        raise StorageUnavailable("the object store failed (S3UploadFailedError)") from exc
    except BotoCoreError as exc:  # no connection, a timeout, no credentials ...
        raise StorageUnavailable(f"the object store failed ({type(exc).__name__})") from exc


class _Body(io.RawIOBase):
    """An object's body as a raw stream that `io.BufferedReader` reads block by block (never all at once)."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            with _mapped():
                data = self._body.read(len(view))
        except (OSError, urllib3.exceptions.HTTPError) as exc:  # the connection broke mid-body
            raise StorageUnavailable(f"the object store failed ({type(exc).__name__})") from exc
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):
                self._body.close()
        super().close()


class S3Store(BlobStore):
    """Files as objects ``<prefix><sha256>`` of `bucket`, uploads staged under `staging` (a local folder)."""

    #: The staged file is copied to the store, not kept: syncing it to the local disk first buys nothing.
    fsync_staging = False

    def __init__(
        self,
        client: Any,
        bucket: str,
        prefix: str,
        staging: Path,
        *,
        sniff: Callable[[bytes], str | None] = sniff_media_type,
        sniff_bytes: int = SNIFF_BYTES,
        kinds: str = "a JPEG, PNG or PDF file",
        verify: Callable[[Path, str], None] | None = None,
    ) -> None:
        super().__init__(staging, sniff=sniff, sniff_bytes=sniff_bytes, kinds=kinds, verify=verify)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        # No threads: a hub serves many uploads at once already; big files still go in parts (and part retries).
        self._transfer = TransferConfig(
            multipart_threshold=_MULTIPART_FROM, multipart_chunksize=_MULTIPART_FROM, use_threads=False
        )

    def key(self, sha256: str) -> str:
        """The object key of the file with this hash."""
        return f"{self.prefix}{sha256}"

    def keep(self, tmp: Path, sha256: str, media_type: str) -> bool:
        """Upload `tmp` under its key unless the key is taken (same hash, same bytes), then remove `tmp`."""
        if self.exists(sha256):
            tmp.unlink(missing_ok=True)
            return False
        with _mapped():
            self.client.upload_file(
                str(tmp), self.bucket, self.key(sha256), ExtraArgs={"ContentType": media_type}, Config=self._transfer
            )
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return True

    def open(self, sha256: str) -> BinaryIO:
        """The object's body, streamed in blocks (`FileNotFoundError` when there is no such object)."""
        with _mapped(missing=f"no object for {sha256}"):
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        return io.BufferedReader(_Body(answer["Body"]), buffer_size=_BLOCK)

    def exists(self, sha256: str) -> bool:
        """A HEAD of the object's key."""
        try:
            with _mapped(missing=sha256):
                self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except FileNotFoundError:
            return False
        return True

    def delete(self, sha256: str) -> bool:
        """Delete the object, if there (S3's DELETE does not say, hence the HEAD first)."""
        if not self.exists(sha256):
            return False
        with _mapped():
            self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))
        return True


def s3_client(storage: StorageSettings) -> Any:
    """A boto3 S3 client for the ``[storage]`` settings: short timeouts, few attempts, path-style addressing for a
    store of our own (its buckets are not DNS names). Credentials: the AWS_* environment variables, or
    `s3_credentials_file`."""
    core = botocore.session.get_session()
    if storage.s3_credentials_file is not None:
        core.set_config_variable("credentials_file", str(storage.s3_credentials_file))
    config = Config(
        connect_timeout=storage.s3_connect_timeout_s,
        read_timeout=storage.s3_read_timeout_s,
        retries={"total_max_attempts": storage.s3_max_attempts, "mode": "standard"},  # first try included
        s3={"addressing_style": "path" if storage.s3_endpoint_url else "auto"},
    )
    session = boto3.Session(botocore_session=core, region_name=storage.s3_region)
    return session.client("s3", endpoint_url=storage.s3_endpoint_url, config=config)


def s3_stores(settings: Settings, *, verify: Callable[[Path, str], None] | None = None) -> Stores:
    """The document and recording stores in the configured bucket (one client for both)."""
    storage = settings.storage
    client = s3_client(storage)
    staging = settings.server_data_dir() / "staging"
    prefix = storage.s3_prefix if not storage.s3_prefix or storage.s3_prefix.endswith("/") else storage.s3_prefix + "/"
    return Stores(
        S3Store(client, storage.s3_bucket, f"{prefix}documents/", staging, verify=verify),
        S3Store(
            client,
            storage.s3_bucket,
            f"{prefix}recordings/",
            staging,
            sniff=sniff_recording_type,
            sniff_bytes=RECORDING_SNIFF_BYTES,
            kinds=RECORDING_KINDS,
        ),
    )
