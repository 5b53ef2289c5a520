"""The marker-aware jitter buffer releases a frame with its last packet, not one frame interval later."""

from __future__ import annotations

from aiortc.jitterbuffer import JitterBuffer
from aiortc.rtp import RtpPacket

from kiosk.video.jitter import MarkerJitterBuffer


def _packet(seq: int, timestamp: int, data: bytes, marker: bool = False) -> RtpPacket:
    packet = RtpPacket(payload_type=96, sequence_number=seq, timestamp=timestamp, marker=int(marker))
    packet._data = data  # type: ignore[attr-defined]  # what aiortc's receiver sets after depayloading
    return packet


def test_frame_released_on_its_marker_packet() -> None:
    buffer = MarkerJitterBuffer()
    assert buffer.add(_packet(10, 3000, b"a"))[1] is None
    assert buffer.add(_packet(11, 3000, b"b"))[1] is None
    frame = buffer.add(_packet(12, 3000, b"c", marker=True))[1]
    assert frame is not None
    assert (frame.data, frame.timestamp) == (b"abc", 3000)
    # The next frame starts clean.
    frame = buffer.add(_packet(13, 6000, b"d", marker=True))[1]
    assert frame is not None and frame.data == b"d"


def test_aiortc_buffer_waits_for_the_next_frame() -> None:
    buffer = JitterBuffer(capacity=512, is_video=True)
    assert buffer.add(_packet(10, 3000, b"a", marker=True))[1] is None
    assert buffer.add(_packet(11, 6000, b"b", marker=True))[1] is not None


def test_missing_packet_holds_the_frame_back() -> None:
    buffer = MarkerJitterBuffer()
    assert buffer.add(_packet(10, 3000, b"a"))[1] is None
    assert buffer.add(_packet(12, 3000, b"c", marker=True))[1] is None  # 11 is missing
    frame = buffer.add(_packet(11, 3000, b"b"))[1]  # the retransmission completes it
    assert frame is not None and frame.data == b"abc"
