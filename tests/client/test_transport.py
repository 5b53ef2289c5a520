"""The client's plumbing without a hub: error bodies, answers that are not the model, the streamed upload."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import requests

from kiosk.client.errors import HubError
from kiosk.client.transport import MultipartFile, error_from_response, parse, parse_list
from kiosk.protocol.rest import Health


def _response(status: int, body: Any) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return response


def test_an_error_body_becomes_a_hub_error_with_its_details() -> None:
    error = error_from_response(
        _response(409, {"error": "quota_exhausted", "message": "full", "quota": 60, "resets_at": "x"})
    )
    assert (error.status, error.code, error.message) == (409, "quota_exhausted", "full")
    assert error.details == {"quota": 60, "resets_at": "x"}


@pytest.mark.parametrize("body", [b"<html>bad gateway</html>", {"detail": "Not Found"}, [1, 2]])
def test_an_answer_not_from_the_hub_is_a_bare_http_error(body: Any) -> None:
    error = error_from_response(_response(502, body))
    assert (error.status, error.code) == (502, "http_error")


def test_an_answer_that_is_not_the_model_is_an_invalid_response() -> None:
    assert parse(Health, _response(200, {"status": "ok", "version": "1", "database": "ok", "backend": "x"}))
    for body in ({"hello": "world"}, b"not json"):
        with pytest.raises(HubError) as info:
            parse(Health, _response(200, body))
        assert info.value.code == "invalid_response"
    with pytest.raises(HubError):
        parse_list(Health, _response(200, {"status": "ok"}))


def test_the_multipart_body_is_read_block_by_block() -> None:
    body = MultipartFile(io.BytesIO(b"x" * 10_000), "a b.mkv", "video/x-matroska")
    blocks = list(iter(lambda: body.read(4096), b""))
    assert max(len(b) for b in blocks) <= 4096 and sum(len(b) for b in blocks) == len(body)
    assert b'filename="a_b.mkv"' in b"".join(blocks)
