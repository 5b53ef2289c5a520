"""An S3-compatible object store for tests: moto's server (a real HTTP server speaking the S3 REST API) on a free
127.0.0.1 port, in a background thread; boto3 reaches it over TCP like any other store.

Fixture (registered in tests/conftest.py): ``object_store``, one server for the test session (moto is imported
only when a test asks for it). Each test takes a bucket of its own::

    def test_x(object_store: ObjectStore, tmp_path: Path) -> None:
        bucket = object_store.new_bucket()
        storage = object_store.storage_settings(bucket)     # a [storage] section for Settings(storage=...)
        object_store.keys(bucket)                           # what the bucket holds
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import StorageSettings
from kiosk.server.storage_s3 import s3_client

#: moto takes any key; these only have to look like credentials.
_CREDENTIALS = "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n"


@dataclass(frozen=True)
class ObjectStore:
    """The running test store: its URL, and helpers for buckets and settings."""

    endpoint_url: str
    #: An AWS shared-credentials file: the stores read it as the hub would (`storage.s3_credentials_file`).
    credentials_file: Path

    def storage_settings(self, bucket: str, **extra: Any) -> StorageSettings:
        """A ``[storage]`` section for `bucket` (one attempt per request: a failure shows at once)."""
        values: dict[str, Any] = {
            "backend": "s3",
            "s3_endpoint_url": self.endpoint_url,
            "s3_bucket": bucket,
            "s3_region": "us-east-1",
            "s3_credentials_file": self.credentials_file,
            "s3_max_attempts": 1,
            **extra,
        }
        return StorageSettings(**values)

    def client(self) -> Any:
        """A boto3 client of the store."""
        return s3_client(self.storage_settings("unused"))

    def new_bucket(self) -> str:
        """Create an empty bucket with a fresh name."""
        name = f"kiosk-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        """The keys of every object in `bucket`, sorted."""
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def free_port() -> int:
    """A TCP port nobody listens on (right now) on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def object_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObjectStore]:
    """moto's S3 server on 127.0.0.1 for the whole session."""
    from moto.server import ThreadedMotoServer  # a second or so to import: only for the tests that use it

    credentials = tmp_path_factory.mktemp("s3") / "credentials"
    credentials.write_text(_CREDENTIALS, encoding="utf-8")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield ObjectStore(f"http://127.0.0.1:{port}", credentials)
    finally:
        server.stop()
