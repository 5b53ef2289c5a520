"""Multipart uploads read straight from the request stream into the store, within the route's limit.

A route (a plain ``def``, so it runs in a worker thread with its database work) calls `receive_upload` after it
has authorised the caller: the body is pulled chunk by chunk from the event loop, parsed as
``multipart/form-data`` as it comes, the one file part written into a store `Upload` (a temporary file in the
store's staging directory) and the small form fields kept in memory. Nothing is spooled elsewhere; nothing is visible in
the store before the route commits the upload.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from anyio import from_thread
from fastapi import FastAPI, Request
from pydantic import BaseModel
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header

from kiosk.protocol.rest import UPLOAD_FORMS
from kiosk.server.content import ActiveContent, InvalidContent
from kiosk.server.errors import ApiError, unprocessable
from kiosk.server.storage import (
    BlobStore,
    StorageFull,
    StorageUnavailable,
    TooLarge,
    UnsupportedMediaType,
    Upload,
)

#: Form fields besides the file, and the bytes of each: the upload forms have a handful of short ones.
MAX_FIELDS = 16
MAX_FIELD_BYTES = 1024


def multipart_body(form: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of an upload route (its ``openapi_extra``): the multipart `form`."""
    schema = {"$ref": f"#/components/schemas/{form.__name__}"}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


def document_upload_forms(app: FastAPI) -> None:
    """Add the upload forms (`UPLOAD_FORMS`) to the app's OpenAPI components, which `multipart_body` refers to."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for form in UPLOAD_FORMS:
                components[form.__name__] = form.model_json_schema(ref_template="#/components/schemas/{model}")
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


def _chunks(request: Request) -> Iterator[bytes]:
    """The request body, chunk by chunk, pulled from the event loop into this worker thread."""
    stream = request.stream()

    async def following() -> bytes | None:
        try:
            return await stream.__anext__()
        except StopAsyncIteration:
            return None

    while (chunk := from_thread.run(following)) is not None:
        if chunk:
            yield chunk


def receive_upload(request: Request, store: BlobStore, max_bytes: int) -> tuple[Upload, dict[str, str]]:
    """Read the multipart body: its ``file`` part into an uncommitted upload, its other fields as text.

    The caller commits (or aborts) the upload. 422 ``invalid_request`` for a body that is not such a form;
    the store's exceptions (`TooLarge`, `UnsupportedMediaType`, `StorageFull`, `StorageUnavailable`) as they come.
    """
    chunks = _chunks(request)
    first = next(chunks, b"")  # the first receive lets the body guard refuse (401/403/413) before anything else
    kind, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise unprocessable("invalid_request", "the body must be multipart/form-data with a boundary")
    upload = store.begin(max_bytes)
    fields: dict[str, str] = {}
    headers: dict[str, bytes] = {}
    current = _Part()
    header_name = b""
    got_file = False

    def on_header_field(data: bytes, start: int, end: int) -> None:
        nonlocal header_name
        header_name += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        key = header_name.decode("latin-1").lower()
        headers[key] = headers.get(key, b"") + data[start:end]

    def on_header_end() -> None:
        nonlocal header_name
        header_name = b""

    def on_headers_finished() -> None:
        nonlocal current, got_file
        _, disposition = parse_options_header(headers.get("content-disposition"))
        current = _Part(
            name=disposition.get(b"name", b"").decode("utf-8", "replace"),
            filename=disposition[b"filename"].decode("utf-8", "replace") if b"filename" in disposition else None,
        )
        headers.clear()
        if current.name == "file":
            if got_file:
                raise unprocessable("invalid_request", "file: only one file per upload")
            got_file = True

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if current.name == "file":
            upload.write(data[start:end])
            return
        current.data += data[start:end]
        if len(current.data) > MAX_FIELD_BYTES:
            raise unprocessable("invalid_request", f"{current.name}: a form field is at most {MAX_FIELD_BYTES} bytes")

    def on_part_end() -> None:
        if current.name != "file":
            if len(fields) >= MAX_FIELDS:
                raise unprocessable("invalid_request", f"at most {MAX_FIELDS} form fields")
            try:
                fields[current.name] = current.data.decode("utf-8")
            except UnicodeDecodeError:
                raise unprocessable("invalid_request", f"{current.name}: not UTF-8 text") from None

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        parser.write(first)
        for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
        if parser.state != MultipartState.END:
            raise unprocessable("invalid_request", "the multipart body ends before its closing boundary")
        if not got_file:
            raise unprocessable("invalid_request", "file: Field required")
    except MultipartParseError:
        upload.abort()
        raise unprocessable("invalid_request", "the body is not valid multipart/form-data") from None
    except BaseException:
        upload.abort()
        raise
    return upload, fields


@contextmanager
def store_refusals(what: str, limit: int, kinds: str) -> Iterator[None]:
    """Turn the store's and the content checks' exceptions into the API's answers (nothing was kept)."""
    try:
        yield
    except TooLarge:
        raise ApiError(413, "too_large", f"{what} are limited to {limit} bytes") from None
    except (UnsupportedMediaType, InvalidContent):
        raise ApiError(415, "unsupported_media_type", f"a {what[:-1]} must be {kinds}") from None
    except ActiveContent as exc:
        raise unprocessable("active_content", str(exc)) from None
    except StorageFull:
        raise ApiError(507, "storage_full", "the hub's storage is full; tell the branch admin") from None
    except StorageUnavailable:
        raise ApiError(
            503, "storage_unavailable", "the hub could not store the file; retry shortly", headers={"Retry-After": "5"}
        ) from None
