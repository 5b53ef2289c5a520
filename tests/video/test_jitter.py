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


def test_a_missing_packet_is_given_up_on_after_the_bound_with_a_keyframe_request() -> None:
    buffer = MarkerJitterBuffer(max_wait_s=0.3)
    buffer.add(_packet(10, 0, b"a"))  # 11 (the end of frame 0) never comes
    # Newer whole frames wait behind the hole while they are younger than the bound...
    for n in range(1, 9):
        pli, frame = buffer.add(_packet(11 + n, n * 3000, bytes([n]), marker=True))
        assert frame is None and not pli
    # ...and once media 0.3 s newer arrives, the incomplete frame is dropped and a keyframe asked for.
    pli, frame = buffer.add(_packet(20, 30_000, b"z", marker=True))
    assert pli and frame is not None
    # The first frame known to start cleanly (its predecessor ended with a marker); never the broken one.
    assert frame.timestamp == 6000
    assert buffer.skipped == 1


def test_frames_after_a_cut_are_not_held_back_by_the_packets_lost_in_it() -> None:
    buffer = MarkerJitterBuffer(max_wait_s=0.3)
    buffer.add(_packet(10, 0, b"a", marker=True))
    buffer.add(_packet(11, 3000, b"b"))  # the cut starts in the middle of a frame
    shown = []
    # After the cut (700 packets later, less than aiortc's 512-packet skip would need to be caught up), the
    # first frames of the new media play within the bound.
    for n in range(30):
        _, frame = buffer.add(_packet(700 + n, 900_000 + n * 3000, bytes([n]), marker=True))
        if frame is not None:
            shown.append(frame.timestamp)
    assert shown and shown[0] <= 900_000 + 30_000


def test_after_a_gap_inter_frames_wait_for_the_keyframe() -> None:
    buffer = MarkerJitterBuffer(max_wait_s=0.3)
    key, inter = b"\x00key", b"\x01inter"  # VP8 frame tags: bit 0 clear on a keyframe
    assert buffer.add(_packet(10, 0, key, marker=True))[1] is not None
    buffer.add(_packet(11, 3000, inter))  # the end of this frame (12) is lost
    released = []
    pli_count = 0
    for n in range(1, 20):  # inter frames decoded on the lost one would show a broken picture: dropped
        pli, frame = buffer.add(_packet(12 + n, 3000 + n * 3000, inter, marker=True))
        pli_count += pli
        released.append(frame)
    assert released == [None] * 19 and pli_count >= 1 and buffer.dropped > 0
    pli, frame = buffer.add(_packet(32, 63_000, key, marker=True))  # the keyframe the PLI asked for
    assert frame is not None and frame.data == key
    frame = buffer.add(_packet(33, 66_000, inter, marker=True))[1]
    assert frame is not None  # and from there on, inter frames play again


def test_late_retransmission_of_an_old_frame_is_dropped_not_shown() -> None:
    # aiortc re-asks for a lost packet with each new loss and its sender answers from 128 packets of history: at a
    # low bitrate the answer can be seconds old, and over 100 sequence numbers late aiortc's buffer restarts on it.
    buffer = MarkerJitterBuffer()
    for n in range(200):
        frame = buffer.add(_packet(1000 + n, 3000 * n, b"x", marker=True))[1]
        assert frame is not None and frame.timestamp == 3000 * n
    assert buffer.add(_packet(1000 + 40, 3000 * 40, b"old", marker=True)) == (False, None)
    assert buffer.stale == 1
    frame = buffer.add(_packet(1200, 3000 * 200, b"new", marker=True))[1]
    assert frame is not None and frame.data == b"new"
