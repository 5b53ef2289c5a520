"""The document and recording stores behave the same on both backends: a local folder and an S3-compatible
object store (moto's S3 server over HTTP on 127.0.0.1, tests/support/s3.py)."""

from __future__ import annotations

import hashlib
import io
import socket
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import takewhile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiosk.config import Settings, StorageSettings
from kiosk.server.app import create_app
from kiosk.server.content import check_document
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import Document, User, VisitSession
from kiosk.server.retention import purge_expired
from kiosk.server.storage import (
    BlobStore,
    StorageUnavailable,
    Stores,
    TooLarge,
    UnsupportedMediaType,
    open_stores,
)
from tests.server.conftest import Kit, make_settings
from tests.support import samples
from tests.support.hub import running_hub
from tests.support.s3 import ObjectStore, free_port

#: A recording's first bytes (an EBML header: Matroska/WebM), then enough to need several reads.
RECORDING = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 8192


@dataclass
class Backend:
    """One backend under test: the hub's settings for it, its stores, and what it holds."""

    name: str
    settings: Settings
    stores: Stores
    object_store: ObjectStore | None = None

    def kept(self) -> list[str]:
        """Everything the backend holds: stored files or objects, and any upload's leftover temporary file."""
        data = self.settings.server_data_dir()
        files = sorted(
            str(p.relative_to(data))
            for folder in ("documents", "recordings", "staging")
            for p in (data / folder).rglob("*")
            if p.is_file()
        )
        if self.object_store is None:
            return files
        return self.object_store.keys(self.settings.storage.s3_bucket) + files


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The stores of each backend, empty."""
    settings = make_settings(tmp_path / "hub")
    if request.param == "local":
        return Backend("local", settings, open_stores(settings, verify=check_document))
    object_store: ObjectStore = request.getfixturevalue("object_store")
    settings.storage = object_store.storage_settings(object_store.new_bucket())
    return Backend("s3", settings, open_stores(settings, verify=check_document), object_store)


@pytest.fixture
def hub_settings(backend: Backend) -> Settings:
    """The `kit` app's settings: on the backend under test."""
    return backend.settings


def _read_in_blocks(store: BlobStore, sha: str) -> bytes:
    with store.open(sha) as handle:
        return b"".join(iter(lambda: handle.read(65536), b""))


def test_files_come_back_byte_identical(backend: Backend) -> None:
    documents, recordings = backend.stores.documents, backend.stores.recordings
    kinds = ((samples.jpeg(), "image/jpeg"), (samples.png(), "image/png"), (samples.pdf(), "application/pdf"))
    for content, media_type in kinds:
        stored = documents.save(io.BytesIO(content), 1 << 20)
        assert (stored.sha256, stored.size, stored.media_type, stored.created) == (
            hashlib.sha256(content).hexdigest(), len(content), media_type, True
        )
        assert documents.exists(stored.sha256)
        with documents.open(stored.sha256) as handle:
            assert handle.read() == content
    recording = recordings.save(io.BytesIO(RECORDING), 1 << 24, chunk=100_000)
    assert recording.media_type == "video/x-matroska"
    assert _read_in_blocks(recordings, recording.sha256) == RECORDING
    assert len(backend.kept()) == 4
    with pytest.raises(FileNotFoundError):
        documents.open(hashlib.sha256(b"never stored").hexdigest())


def test_what_is_refused_leaves_nothing(backend: Backend) -> None:
    documents, recordings = backend.stores.documents, backend.stores.recordings
    with pytest.raises(UnsupportedMediaType):
        documents.save(io.BytesIO(b"GIF89a" + bytes(100)), 1 << 20)
    with pytest.raises(UnsupportedMediaType):
        recordings.save(io.BytesIO(samples.jpeg()), 1 << 20)  # an image is not a recording
    with pytest.raises(TooLarge):
        documents.save(io.BytesIO(samples.jpeg() + bytes(4096)), 2048)
    with pytest.raises(TooLarge):
        recordings.save(io.BytesIO(RECORDING), 100_000, chunk=30_000)
    assert backend.kept() == []


def test_the_same_bytes_are_stored_once(backend: Backend) -> None:
    documents = backend.stores.documents
    first = documents.save(io.BytesIO(samples.jpeg(7)), 1 << 20)
    again = documents.save(io.BytesIO(samples.jpeg(7)), 1 << 20)
    assert again.sha256 == first.sha256 and (first.created, again.created) == (True, False)
    documents.discard(again)  # not created by this upload: the first one's row still needs the file
    assert len(backend.kept()) == 1 and documents.exists(first.sha256)
    documents.discard(first)
    assert backend.kept() == []


def test_the_retention_purge_removes_expired_files(kit: Kit, backend: Backend) -> None:
    sid = kit.walk_in(1)["id"]
    ids = []
    for content in (samples.jpeg(3), samples.png(4)):
        response = kit.post(
            f"/sessions/{sid}/documents", 1, files={"file": ("x", content)}, data={"document_type": "ektp"}
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    assert len(backend.kept()) == 2  # the hub app stored them in the backend under test
    retention = kit.settings.server.retention_days
    with kit.db.session() as session:
        session.get(Document, ids[0]).created_at = utc_now() - timedelta(days=retention + 1)
        session.get(VisitSession, sid).assigned_user_id = session.query(User).filter_by(username="cso1").one().id

    report = purge_expired(kit.db, backend.stores.documents, backend.stores.recordings, retention, utc_now())

    assert report.documents == 1
    assert not backend.stores.documents.exists(hashlib.sha256(samples.jpeg(3)).hexdigest())
    assert len(backend.kept()) == 1
    assert kit.get(f"/documents/{ids[0]}/content", "cso1").status_code == 410
    kept = kit.get(f"/documents/{ids[1]}/content", "cso1")
    assert kept.status_code == 200 and kept.content == samples.png(4)


@pytest.fixture
def dead_endpoints() -> Iterator[dict[str, str]]:
    """Two object stores that do not work: nobody listening (refused), and one that accepts and never answers."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        yield {"refused": f"http://127.0.0.1:{free_port()}", "silent": f"http://127.0.0.1:{silent.getsockname()[1]}"}
    finally:
        silent.close()


def _dead_store(object_store: ObjectStore, endpoint: str, folder: Path) -> Settings:
    settings = make_settings(folder)
    settings.storage = object_store.storage_settings(
        "kiosk", s3_endpoint_url=endpoint, s3_connect_timeout_s=0.5, s3_read_timeout_s=0.5
    )
    return settings


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_an_unreachable_store_is_storage_unavailable(
    object_store: ObjectStore, dead_endpoints: dict[str, str], kind: str, tmp_path: Path
) -> None:
    settings = _dead_store(object_store, dead_endpoints[kind], tmp_path / "hub")
    documents = open_stores(settings).documents
    started = time.monotonic()
    with pytest.raises(StorageUnavailable):
        documents.save(io.BytesIO(samples.jpeg()), 1 << 20)
    with pytest.raises(StorageUnavailable):
        documents.open("0" * 64)
    with pytest.raises(StorageUnavailable):
        documents.delete("0" * 64)
    assert time.monotonic() - started < 4  # short timeouts, one attempt: no hang
    assert not any((settings.server_data_dir() / "staging").glob("*"))  # the staged upload went too


def test_an_unreachable_store_answers_503(
    object_store: ObjectStore, dead_endpoints: dict[str, str], tmp_path: Path, db: Database
) -> None:
    settings = _dead_store(object_store, dead_endpoints["refused"], tmp_path / "hub")
    with TestClient(create_app(settings, database=db)) as client:
        kit = Kit(client, db, settings)
        sid = kit.walk_in(1)["id"]
        upload = kit.post(
            f"/sessions/{sid}/documents", 1, files={"file": ("x", samples.jpeg())}, data={"document_type": "ektp"}
        )
        assert upload.status_code == 503 and upload.json()["error"] == "storage_unavailable"
        assert upload.headers["Retry-After"] == "5"
        with db.session() as session:  # a row whose file the store lost: the download is 503 too, never a 500
            session.add(Document(id="d-dead", session_id=sid, document_type="ektp", media_type="image/jpeg",
                                 size=1, sha256="0" * 64, uploaded_by="booth:1", created_at=utc_now()))
            session.get(VisitSession, sid).assigned_user_id = session.query(User).filter_by(username="cso1").one().id
        download = kit.get("/documents/d-dead/content", "cso1")
        assert download.status_code == 503 and download.json()["error"] == "storage_unavailable"


def test_a_hub_on_the_object_store_keeps_documents_there(object_store: ObjectStore) -> None:
    bucket = object_store.new_bucket()
    content = samples.jpeg(9)
    with running_hub(storage=object_store.storage_settings(bucket, s3_prefix="branch-kdr")) as hub:
        booth = hub.client(hub.booth_token(4))
        visit = booth.check_in(walk_in=True)
        document = booth.upload_document(visit.id, "ektp", content, filename="ktp.jpg")
        assert object_store.keys(bucket) == [f"branch-kdr/documents/{document.sha256}"]
        assert not (hub.settings.server_data_dir() / "documents").exists()  # nothing on the hub's own disk
        assert hub.client(hub.supervisor_token()).download_document(document.id) == content


def test_the_storage_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="s3_bucket"):
        StorageSettings(backend="s3")
    with pytest.raises(ValueError, match="http"):
        StorageSettings(backend="s3", s3_bucket="b", s3_endpoint_url="s3.example.id")
    # The example config's commented [storage] section, uncommented, is valid as it stands.
    lines = (Path(__file__).resolve().parents[2] / "deploy" / "config" / "hub.toml").read_text().splitlines()
    section = list(takewhile(lambda line: line.startswith("# "), lines[lines.index("# [storage]") :]))
    example = StorageSettings(**tomllib.loads("\n".join(line[2:] for line in section))["storage"])
    assert example.backend == "s3" and example.s3_bucket == "kiosk-kdr"
