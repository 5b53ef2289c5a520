"""The HTTP plumbing under `kiosk.client.hub_api.HubClient`: base URL, token, timeouts, errors, parsing.

Every answer is parsed into its `kiosk.protocol.rest` model (the same one the hub declares its route with), and
every failure becomes a `HubError` (the hub said no, or answered something that is not the model) or a
`HubUnreachable` (no answer). A streamed multipart body lets a recording larger than memory be uploaded.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Mapping
from typing import IO, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests
from pydantic import BaseModel, TypeAdapter, ValidationError

from kiosk.client.errors import HubError, HubUnreachable
from kiosk.protocol.rest import ErrorBody

#: Prefix of every REST path (docs/protocol.md).
API = "/api/v1"

M = TypeVar("M", bound=BaseModel)


class HubTransport:
    """Requests to one hub with an optional bearer `token` (a login token or a booth's device token)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float | tuple[float, float] = (3.05, 10.0),
        session: requests.Session | None = None,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._http = session or requests.Session()
        self._http.verify = verify

    @property
    def ws_url(self) -> str:
        """The signaling WebSocket URL (``ws://`` or ``wss://``)."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + f"{API}/ws", "", ""))

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Any = None,
        data: Any = None,
        auth: bool = True,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if auth and self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(
                method,
                self.base_url + path,
                json=json,
                params=params,
                headers=all_headers,
                files=files,
                data=data,
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise HubUnreachable(f"the hub at {self.base_url} did not answer in time") from None
        except requests.ConnectionError:
            raise HubUnreachable(f"cannot reach the hub at {self.base_url}") from None
        except requests.RequestException as exc:
            raise HubUnreachable(f"request to the hub failed: {type(exc).__name__}") from None
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    def _call(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        """One request whose answer is one `model`."""
        return parse(model, self._request(method, path, **kwargs))

    def _call_optional(self, model: type[M], method: str, path: str, **kwargs: Any) -> M | None:
        """One request whose answer is one `model` or ``null``."""
        response = self._request(method, path, **kwargs)
        return None if _body(response) is None else parse(model, response)

    def _call_list(self, model: type[M], method: str, path: str, **kwargs: Any) -> list[M]:
        """One request whose answer is a list of `model`."""
        return parse_list(model, self._request(method, path, **kwargs))


def _body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise HubError(response.status_code, "invalid_response", "the hub's answer is not JSON") from None


def parse(model: type[M], response: requests.Response) -> M:
    """The answer as `model`; `HubError` ``invalid_response`` when it is not one (not a hub, or a broken one)."""
    try:
        return model.model_validate(_body(response))
    except ValidationError as exc:
        raise HubError(response.status_code, "invalid_response", f"not a {model.__name__}: {exc}") from None


def parse_list(model: type[M], response: requests.Response) -> list[M]:
    """The answer as a list of `model` (see `parse`)."""
    try:
        return TypeAdapter(list[model]).validate_python(_body(response))  # type: ignore[valid-type]
    except ValidationError as exc:
        raise HubError(response.status_code, "invalid_response", f"not a list of {model.__name__}: {exc}") from None


def error_from_response(response: requests.Response) -> HubError:
    """The `HubError` of an error answer (`ErrorBody`, or a bare status from something that is not the hub)."""
    try:
        body = ErrorBody.model_validate(response.json())
    except (ValueError, ValidationError):  # not JSON, or not the hub's error shape
        return HubError(response.status_code, "http_error", f"the hub answered {response.status_code}")
    return HubError(response.status_code, body.error, body.message, body.model_extra)


class MultipartFile:
    """A ``multipart/form-data`` body of one file field named ``file``, read from the file as it is sent.

    requests builds a `files=` body in memory; this one has a known length (so a Content-Length goes out) and
    holds only one read block at a time.
    """

    def __init__(self, source: IO[bytes], filename: str, media_type: str) -> None:
        boundary = uuid.uuid4().hex
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "file"
        self.content_type = f"multipart/form-data; boundary={boundary}"
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{safe_name}"\r\n'
            f"Content-Type: {media_type}\r\n\r\n"
        ).encode("ascii")
        tail = f"\r\n--{boundary}--\r\n".encode("ascii")
        start = source.tell()
        size = source.seek(0, io.SEEK_END) - start
        source.seek(start)
        self._parts: list[IO[bytes]] = [io.BytesIO(head), source, io.BytesIO(tail)]
        self._length = len(head) + size + len(tail)

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = -1) -> bytes:
        """The next bytes of the body (all that is left when `size` is negative)."""
        out = bytearray()
        while self._parts and (size < 0 or len(out) < size):
            block = self._parts[0].read(-1 if size < 0 else size - len(out))
            if block:
                out += block
            else:
                self._parts.pop(0)
        return bytes(out)
