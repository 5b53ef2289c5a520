"""The control channel: correlation, answers, refusals, timeouts, and malformed input that never crashes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from kiosk.domain.media import QualityLevel
from kiosk.protocol import (
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlMessage,
    ControlType,
    PromptPayload,
    SetQualityPayload,
    SignatureDonePayload,
)
from kiosk.video.control import ControlChannel, ControlError
from tests.support.wait import wait_until

pytestmark = pytest.mark.asyncio


class FakeChannel:
    """Stands in for an RTCDataChannel: whatever one end sends, the other end's listeners get (async)."""

    def __init__(self) -> None:
        self.readyState = "open"
        self.peer: FakeChannel | None = None
        self.listeners: dict[str, list[Callable[..., Any]]] = {}
        self.sent: list[str] = []
        #: A connection that died without closing (a link blip): what is sent goes nowhere.
        self.dead = False

    def on(self, event: str, callback: Callable[..., Any]) -> None:
        self.listeners.setdefault(event, []).append(callback)

    def send(self, text: str) -> None:
        self.sent.append(text)
        assert self.peer is not None
        if self.dead:
            return
        loop = asyncio.get_running_loop()
        for callback in self.peer.listeners.get("message", []):
            loop.call_soon(callback, text)


def _reconnect(console: ControlChannel, booth: ControlChannel) -> FakeChannel:
    """A new peer connection: a new channel for both ends, as each peer connection brings."""
    a, b = FakeChannel(), FakeChannel()
    a.peer, b.peer = b, a
    booth.attach(b)  # type: ignore[arg-type]
    console.attach(a)  # type: ignore[arg-type]
    return a


def _pair(console_handler=None, booth_handler=None) -> tuple[ControlChannel, ControlChannel, FakeChannel]:
    a, b = FakeChannel(), FakeChannel()
    a.peer, b.peer = b, a
    console, booth = ControlChannel("console", console_handler), ControlChannel("booth", booth_handler)
    console.attach(a)  # type: ignore[arg-type]
    booth.attach(b)  # type: ignore[arg-type]
    return console, booth, a


async def test_request_is_acknowledged() -> None:
    seen: list[ControlMessage] = []

    async def handler(message: ControlMessage) -> BaseModel | None:
        seen.append(message)
        return None

    console, _, _ = _pair(booth_handler=handler)
    reply = await console.request(ControlType.PROMPT, PromptPayload(text="Tunjukkan KTP Anda"))
    assert reply.type is ControlType.ACK
    assert reply.reply_to == seen[0].id
    assert seen[0].payload_as(PromptPayload).text == "Tunjukkan KTP Anda"


async def test_a_request_sent_now_leaves_on_the_call_and_its_answer_comes_later() -> None:
    """A focus switch sends set_quality from the click, before the window relays itself out: the message is on
    the channel when `send_request` returns, without a turn of the loop; awaiting gives the booth's answer."""
    console, _, wire = _pair(booth_handler=lambda message: _none())
    answer = console.send_request(ControlType.SET_QUALITY, SetQualityPayload(level=QualityLevel.FOCUS))
    assert [json.loads(text)["type"] for text in wire.sent] == ["set_quality"]
    reply = await answer
    assert reply.type is ControlType.ACK and reply.reply_to == json.loads(wire.sent[0])["id"]


async def _none() -> None:
    return None


async def test_capture_request_is_answered_by_capture_done() -> None:
    async def handler(message: ControlMessage) -> BaseModel | None:
        request = message.payload_as(CaptureRequestPayload)
        return CaptureDonePayload(document=request.document, document_id="d-1", sha256="a" * 64)

    console, _, _ = _pair(booth_handler=handler)
    reply = await console.request(ControlType.CAPTURE_REQUEST, CaptureRequestPayload(document="ektp"))
    assert reply.type is ControlType.CAPTURE_DONE
    assert reply.payload_as(CaptureDonePayload).document_id == "d-1"


async def test_refusal_raises_control_error() -> None:
    async def handler(message: ControlMessage) -> BaseModel | None:
        raise ControlError("busy", "the participant is signing")

    console, _, _ = _pair(booth_handler=handler)
    with pytest.raises(ControlError) as caught:
        await console.request(ControlType.HOLD)
    assert caught.value.code == "busy"


async def test_handler_crash_is_an_internal_error_not_a_dead_receiver() -> None:
    calls = 0

    async def handler(message: ControlMessage) -> BaseModel | None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("bug")
        return None

    console, _, _ = _pair(booth_handler=handler)
    with pytest.raises(ControlError, match="internal"):
        await console.request(ControlType.HOLD)
    assert (await console.request(ControlType.RESUME)).type is ControlType.ACK


async def test_unanswered_request_times_out() -> None:
    async def handler(message: ControlMessage) -> BaseModel | None:
        await asyncio.sleep(30)
        return None

    console, booth, _ = _pair(booth_handler=handler)
    with pytest.raises(TimeoutError):
        await console.request(ControlType.HOLD, timeout_s=0.3)
    await booth.close()


async def test_no_handler_refuses_with_unsupported() -> None:
    console, _, _ = _pair()
    with pytest.raises(ControlError, match="unsupported"):
        await console.request(ControlType.HOLD)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "malformed_json"),
        ("[1, 2]", "not_an_object"),
        (json.dumps({"v": 2, "type": "hold", "id": "c-9"}), "unsupported_version"),
        (json.dumps({"v": 1, "type": "dance", "id": "c-9"}), "unknown_type"),
        (json.dumps({"v": 1, "type": "set_quality", "id": "c-9", "payload": {"level": "8k"}}), "invalid_payload"),
    ],
)
async def test_malformed_message_is_answered_with_an_error(raw: str, code: str, caplog) -> None:
    async def handler(message: ControlMessage) -> BaseModel | None:
        return None

    console, booth, console_end = _pair(booth_handler=handler)
    with caplog.at_level(logging.WARNING, logger="kiosk.video.control"):
        console_end.send(raw)
        await wait_until(lambda: console.errors_received >= 1, within_s=5, what="the error answer")
    assert booth.malformed_received == 1
    assert console.errors_received == 1
    error = json.loads(console_end.peer.sent[-1])  # type: ignore[union-attr]
    assert error["type"] == "error"
    assert error["payload"]["code"] == code
    if "c-9" in raw:
        assert error["reply_to"] == "c-9"
    assert any(code in record.getMessage() for record in caplog.records)
    # The receiver still works.
    assert (await console.request(ControlType.RESUME)).type is ControlType.ACK


async def test_an_error_is_never_answered_with_an_error() -> None:
    console, booth, console_end = _pair()
    console_end.send(json.dumps({"v": 1, "type": "error", "id": "x", "payload": {"bad": 1}}))
    await wait_until(lambda: booth.malformed_received == 1, within_s=5, what="the malformed error received")
    await asyncio.sleep(0.05)  # an answer, if one were (wrongly) sent, would be on the wire by now
    assert booth.malformed_received == 1
    assert console.errors_received == 0
    assert console_end.peer.sent == []  # type: ignore[union-attr]


async def test_messages_wait_for_the_channel_to_open() -> None:
    console, _, console_end = _pair()
    console_end.readyState = "connecting"
    pending = asyncio.ensure_future(console.request(ControlType.HOLD, timeout_s=5))
    await asyncio.sleep(0.05)  # asserting that nothing happens: a message sent too early would be out by now
    assert console_end.sent == []
    console_end.readyState = "open"
    for callback in console_end.listeners["open"]:
        callback()
    with pytest.raises(ControlError, match="unsupported"):
        await pending


async def test_close_fails_pending_requests() -> None:
    handling = asyncio.Event()

    async def handler(message: ControlMessage) -> BaseModel | None:
        handling.set()
        await asyncio.sleep(30)  # a booth that never answers
        return None

    console, booth, _ = _pair(booth_handler=handler)
    pending = asyncio.ensure_future(console.request(ControlType.HOLD))
    await asyncio.wait_for(handling.wait(), 5)  # the request is out and being handled
    await console.close()
    with pytest.raises(ControlError, match="closed"):
        await pending
    await booth.close()


async def test_a_request_lost_with_its_connection_is_sent_again_on_the_next() -> None:
    """The officer asks for a signature just as the link blips: the request never arrives, the new connection
    carries it, and the participant is asked once."""
    asked: list[str] = []

    async def handler(message: ControlMessage) -> BaseModel | None:
        asked.append(message.id)
        return SignatureDonePayload(document_id="d-7", sha256="b" * 64)

    console, booth, console_end = _pair(booth_handler=handler)
    console_end.dead = True
    pending = asyncio.ensure_future(console.request(ControlType.SIGNATURE_REQUEST, timeout_s=5))
    await asyncio.sleep(0.05)  # a request that got through would be handled by now
    assert asked == []
    _reconnect(console, booth)
    assert (await pending).payload_as(SignatureDonePayload).document_id == "d-7"
    assert len(asked) == 1


async def test_an_answer_lost_with_its_connection_is_given_again_without_doing_it_twice() -> None:
    """The participant captured the document, but the answer died with the link: the request comes again over
    the new connection and gets the same answer; the camera is not asked twice."""
    captures = 0

    async def handler(message: ControlMessage) -> BaseModel | None:
        nonlocal captures
        captures += 1
        request = message.payload_as(CaptureRequestPayload)
        return CaptureDonePayload(document=request.document, document_id=f"d-{captures}", sha256="a" * 64)

    console, booth, console_end = _pair(booth_handler=handler)
    assert console_end.peer is not None
    console_end.peer.dead = True  # the booth's answers go nowhere
    pending = asyncio.ensure_future(
        console.request(ControlType.CAPTURE_REQUEST, CaptureRequestPayload(document="ektp"), timeout_s=5)
    )
    await wait_until(lambda: captures == 1, within_s=5, what="the capture at the booth")
    await asyncio.sleep(0.05)
    assert not pending.done()
    _reconnect(console, booth)
    reply = await pending
    assert reply.payload_as(CaptureDonePayload).document_id == "d-1"
    assert captures == 1
    # A later request is a new one: carried out.
    await console.request(ControlType.CAPTURE_REQUEST, CaptureRequestPayload(document="kk"))
    assert captures == 2


async def test_ids_differ_between_two_runs_of_the_same_program() -> None:
    """A restarted console counts from 1 again: its first request must not be answered from the memory of the
    previous console's first request."""
    sent: list[str] = []
    for _ in range(2):
        console, _, console_end = _pair()
        with contextlib.suppress(ControlError):
            await console.request(ControlType.HOLD)
        sent.append(json.loads(console_end.sent[0])["id"])
    assert sent[0] != sent[1]
