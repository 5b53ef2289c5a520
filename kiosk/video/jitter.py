"""A video jitter buffer that hands over a frame as soon as its last packet (RTP marker bit) is in.

aiortc's `JitterBuffer` only knows a frame is complete when the first packet of the *next* frame arrives, which
adds one frame interval to every frame's latency: 100 ms at the thumbnail rate of 10 fps, 33 ms at 30 fps.
Senders (aiortc's included) set the RTP marker bit on the last packet of each video frame (RFC 7741 for VP8,
RFC 6184 for H.264), so a contiguous run of packets of one timestamp ending in a marker is a whole frame.

aiortc's buffer also waits for a missing packet until 512 packets later have arrived, whatever their age: after a
cut or a burst of loss that retransmission cannot repair, that is seconds of video (about 8 s at 720p), during
which nothing is shown, and then the whole backlog is replayed late. `MarkerJitterBuffer` gives up on a missing
packet once newer packets span `max_wait_s` of media time: it drops the incomplete frames before the next complete
one and asks for a keyframe (PLI), so the picture is live again within a round trip. Until that keyframe comes
(at most `KEYFRAME_WAIT_S` of media), VP8 inter frames are dropped rather than decoded on a broken reference,
which would show the picture from before the cut, smeared, as if it were live.

A packet of a frame older than the last one handed over is dropped: aiortc asks again for a lost packet with every
new loss for as long as it is among the last 128 sequence numbers, and its sender answers from a history of 128
packets, which at a low bitrate is several seconds. aiortc's buffer takes a packet over 100 sequence numbers late
for a restart of the stream: it would empty itself and hand over that seconds-old frame.

aiortc creates its receivers' buffers itself and offers no hook, so `use_marker_jitter_buffers` replaces the
buffer of each video receiver of a peer connection before any media flows (a private attribute: if aiortc
renames it, the replacement is skipped with a warning and aiortc's own buffer is used).
"""

from __future__ import annotations

import logging

from aiortc import RTCPeerConnection
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.rtp import RtpPacket

log = logging.getLogger(__name__)

_ATTRIBUTE = "_RTCRtpReceiver__jitter_buffer"
_warned = False


#: How much newer media may pile up behind a missing packet before the buffer stops waiting for it: enough for a
#: NACK and its retransmission on a LAN or a good internet path, far below a visible stall.
MAX_WAIT_S = 0.3
#: After a gap, inter frames are dropped until a keyframe arrives, for at most this long of media (the keyframe
#: is asked for again every `PLI_EVERY` dropped frames).
KEYFRAME_WAIT_S = 2.0
PLI_EVERY = 15
#: A packet up to this far behind the last frame handed over is a late retransmission, dropped; further behind, a
#: restarted stream.
STALE_LIMIT_TICKS = 60 * 90_000
VIDEO_CLOCK_RATE = 90_000
_HALF = 1 << 31


def _ticks_after(newer: int, older: int) -> int:
    """How far RTP timestamp `newer` is ahead of `older` (negative when behind), modulo 2**32."""
    delta = (newer - older) % (1 << 32)
    return delta - (1 << 32) if delta >= _HALF else delta


def is_keyframe(data: bytes) -> bool:
    """False only for a VP8 inter frame (frame tag bit 0 set, RFC 6386 9.1). Other codecs' frames (H.264 starts
    with a zero start code) count as keyframes, so they are never held back."""
    return not data or not data[0] & 0x01


class MarkerJitterBuffer(JitterBuffer):
    """aiortc's video jitter buffer, plus: a frame whose marker packet has arrived is released at once, and a
    missing packet is given up on after `max_wait_s` of newer media (with a keyframe request)."""

    def __init__(self, capacity: int = 512, max_wait_s: float = MAX_WAIT_S) -> None:
        super().__init__(capacity=capacity, is_video=True)
        self.max_wait_ticks = int(max_wait_s * VIDEO_CLOCK_RATE)
        self.keyframe_wait_ticks = int(KEYFRAME_WAIT_S * VIDEO_CLOCK_RATE)
        self.skipped = 0  # how many times a missing packet was given up on
        self.dropped = 0  # inter frames dropped while waiting for a keyframe
        self._keyframe_deadline: int | None = None  # RTP timestamp up to which inter frames are dropped
        self._released: int | None = None  # RTP timestamp of the last frame handed over
        self.stale = 0  # packets dropped because their frame is older than the last one handed over

    def add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        if self._released is not None and -STALE_LIMIT_TICKS < _ticks_after(packet.timestamp, self._released) <= 0:
            self.stale += 1
            return False, None
        pli, frame = self._add(packet)
        if frame is not None:
            self._released = frame.timestamp
        return pli, frame

    def _add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        pli, frame = super().add(packet)
        if frame is None and self._stalled(packet.timestamp) and self._skip_to_next_frame():
            self.skipped += 1
            log.debug("jitter buffer: gave up on a missing packet (%d times)", self.skipped)
            pli = True
            frame = self._remove_frame(packet.sequence_number)
        if pli and self._keyframe_deadline is None:
            # Packets were given up on (here or by aiortc's own overflow rule): the next frames lack a reference.
            self._keyframe_deadline = (packet.timestamp + self.keyframe_wait_ticks) % (1 << 32)
        # Complete inter frames waiting behind the gap are dropped all at once, not one per arriving packet.
        while frame is not None and self._keyframe_deadline is not None:
            if is_keyframe(frame.data) or _ticks_after(frame.timestamp, self._keyframe_deadline) > 0:
                self._keyframe_deadline = None
            else:
                self.dropped += 1
                pli = pli or self.dropped % PLI_EVERY == 0
                frame = self._remove_frame(packet.sequence_number)
        return pli, frame

    def _slot(self, count: int) -> RtpPacket | None:
        return self._packets[(self._origin + count) % self.capacity]  # type: ignore[operator]

    def _stalled(self, newest: int) -> bool:
        """True when the oldest packet held is more than `max_wait_ticks` older than the newest arrival."""
        if self._origin is None:
            return False
        for count in range(self.capacity):
            held = self._slot(count)
            if held is not None:
                return _ticks_after(newest, held.timestamp) > self.max_wait_ticks
        return False

    def _skip_to_next_frame(self) -> bool:
        """Drop everything before the first frame start that follows a gap; False when there is none yet."""
        previous = self._slot(0)
        gap = previous is None
        for count in range(1, self.capacity):
            current = self._slot(count)
            if current is None:
                gap = True
            elif gap and previous is not None and (previous.marker or previous.timestamp != current.timestamp):
                self.remove(count)
                return True
            previous = current
        return False

    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:
        frame = super()._remove_frame(sequence_number)
        if frame is not None:
            return frame
        packets = []
        timestamp = None
        for count in range(self.capacity):
            packet = self._packets[(self._origin + count) % self.capacity]  # type: ignore[operator]
            if packet is None or (timestamp is not None and packet.timestamp != timestamp):
                return None
            timestamp = packet.timestamp
            packets.append(packet)
            if packet.marker:
                self.remove(count + 1)
                return JitterFrame(data=b"".join(p._data for p in packets), timestamp=timestamp)  # type: ignore[attr-defined]
        return None


def use_marker_jitter_buffers(pc: RTCPeerConnection) -> int:
    """Give every video receiver of `pc` a `MarkerJitterBuffer`; returns how many were replaced."""
    global _warned
    replaced = 0
    for transceiver in pc.getTransceivers():
        receiver = transceiver.receiver
        if transceiver.kind != "video":
            continue
        current = getattr(receiver, _ATTRIBUTE, None)
        if isinstance(current, MarkerJitterBuffer):
            continue
        if not isinstance(current, JitterBuffer):
            if not _warned:
                log.warning("aiortc's receiver has no jitter buffer where expected; keeping its own")
                _warned = True
            continue
        setattr(receiver, _ATTRIBUTE, MarkerJitterBuffer(current.capacity))
        replaced += 1
    return replaced
