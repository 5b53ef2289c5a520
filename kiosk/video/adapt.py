"""Sending video that adapts to the network: a smaller picture at a lower bitrate when the receiver reports loss
or the round trip grows, instead of a full-size picture that arrives broken and freezes.

aiortc has no transport-wide congestion control, no pacer and no resolution scaling: its VP8 encoder follows only
REMB (a delay-based estimate from the receiver, floored at 250 kbit/s), and a link that drops packets instead of
delaying them never slows it down. `SendAdapter` is the missing loss- and delay-based part, on the sender: from
each statistics sample (the receiver's RTCP reports: fraction lost, round trip) it moves one rung at a time on
`LADDER`, down at once when the link is in trouble, up only after a quiet spell (longer after each failed try,
so a link at its limit does not oscillate). `VideoFeed` then sends at the rung's scale and frame rate, and
`cap_encoder_bitrate` caps aiortc's VP8 encoder at the rung's bitrate (below aiortc's own floor: a 250 kbit/s
link cannot carry 250 kbit/s of video plus the voice), and on the lowest rungs `VoiceOpusEncoder` sends the voice
at 32 kbit/s instead of aiortc's 96 kbit/s. A change of size or of bitrate makes aiortc restart its
encoder, so every step down starts with a keyframe, which is what the receiver needs after a loss.

aiortc creates its encoders itself and offers no hook: `cap_encoder_bitrate` swaps the class of the senders' VP8
and Opus encoders (private attributes; if aiortc renames them, the caps are skipped with a warning and only the
picture size adapts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from aiortc import RTCPeerConnection
from aiortc.codecs.opus import OpusEncoder
from aiortc.codecs.vpx import MAX_BITRATE, Vp8Encoder
from av import CodecContext

log = logging.getLogger(__name__)

_ENCODER_ATTRIBUTE = "_RTCRtpSender__encoder"
_BITRATE_ATTRIBUTE = "_Vp8Encoder__target_bitrate"
_warned = False
_OPUS_DEFAULT_KBPS = 96  # aiortc's
_OPUS_FRAME = 960  # 20 ms at 48 kHz, aiortc's frame


@dataclass(frozen=True)
class Rung:
    """One step of the ladder: the share of the quality level's size, the highest frame rate, the video bitrate
    cap, and the voice's bitrate (None: aiortc's 96 kbit/s)."""

    scale: float
    max_fps: float
    max_kbps: int | None
    audio_kbps: int | None = None


#: From the full picture down: 1280x720 at focus becomes 960x540, 640x360, 480x270, 320x180. Each cap leaves room
#: for the voice, which aiortc sends at 96 kbit/s of Opus (about 120 kbit/s on the wire), from 640x360 down at
#: 32 kbit/s (what Chromium uses for speech; about 55 kbit/s on the wire): the bottom rung (80 kbit/s of video)
#: fits a 250 kbit/s link with room for retransmissions and keyframes, the one above it a 350 kbit/s one, 640x360
#: a 500 kbit/s one. Within a rung REMB still lowers the video bitrate further (down to aiortc's 250 kbit/s floor).
LADDER = (
    Rung(1.0, 30.0, None),
    Rung(0.75, 30.0, 700, 48),
    Rung(0.5, 30.0, 350, 32),
    Rung(0.375, 20.0, 200, 32),
    Rung(0.25, 15.0, 80, 32),
)
#: Never smaller than this box (a thumbnail is already small: scaling it further only blurs it).
MIN_SIZE = (320, 180)


@dataclass(frozen=True)
class AdaptPolicy:
    """When to step down and up (one statistics sample a second)."""

    #: Two receiver reports running losing more than this share of our video on average is trouble (RTCP
    #: fraction lost, 0..1; Chromium's loss-based estimate backs off above 10 %). Random loss (radio) up to about
    #: 10 % is held, not fled: NACK and retransmission repair it at full size, while a smaller picture loses as
    #: many frames' last packets and every step restarts the encoder (bench/network_faults.py: 5-10 % random
    #: loss, 21-29 fps at 1280x720 without adaptation). A link over its capacity loses more.
    loss_down: float = 0.12
    #: A single report losing more than this is trouble at once (a link far over its capacity, not radio noise).
    loss_heavy: float = 0.30
    #: ... and less than this is quiet.
    loss_quiet: float = 0.02
    #: A round trip this much above the lowest seen on the connection, in `rtt_reports` reports running, means a
    #: queue is building in front of a rate limit (before it overflows into loss).
    rtt_rise_ms: float = 150.0
    rtt_reports: int = 3
    #: Quiet samples before trying the next rung up; doubled after each try that failed, up to `max_up_after`.
    up_after: int = 6
    max_up_after: int = 48
    #: A step down within this many samples of a step up means the step up failed.
    failed_within: int = 10


class Sample(Protocol):
    """What the adapter reads from a statistics sample (`kiosk.video.stats.PeerStats`)."""

    @property
    def loss_fraction(self) -> float | None: ...

    @property
    def rtt_ms(self) -> float | None: ...

    @property
    def report_at(self) -> float | None: ...


class SendAdapter:
    """Chooses the rung of `LADDER` to send at from successive statistics samples."""

    def __init__(self, policy: AdaptPolicy | None = None) -> None:
        self.policy = policy or AdaptPolicy()
        self.rung = 0
        self._quiet = 0
        self._up_after = self.policy.up_after
        self._since_up: int | None = None
        self._min_rtt: float | None = None
        self._last_report: float | None = None
        self._rtt_high = 0
        self._losses: list[float] = []
        self._settling = False

    @property
    def current(self) -> Rung:
        """The rung to send at now."""
        return LADDER[self.rung]

    def reset(self) -> None:
        """Start again from the full picture (a new connection: its reports and round trips start afresh)."""
        self.rung = 0
        self._quiet = 0
        self._up_after = self.policy.up_after
        self._since_up = None
        self._min_rtt = None
        self._last_report = None
        self._rtt_high = 0
        self._losses = []
        self._settling = False

    def update(self, sample: Sample) -> bool:
        """Take one sample into account; True when the rung changed.

        A sample without a new receiver report (none arrived since the previous one: a cut, or reports rarer than
        samples) changes nothing: its loss and round trip are the previous report's.
        """
        policy = self.policy
        if sample.report_at is not None:
            if sample.report_at == self._last_report:
                return False
            self._last_report = sample.report_at
        rtt = sample.rtt_ms
        if rtt is not None:
            self._min_rtt = rtt if self._min_rtt is None else min(self._min_rtt, rtt)
        loss = sample.loss_fraction
        if self._settling:
            # The first report after a step down mostly covers the time before it: judge the step by the next.
            self._settling = False
            self._losses = []
            return False
        if loss is not None:
            self._losses = [*self._losses[-1:], loss]
        lossy = (len(self._losses) == 2 and sum(self._losses) / 2 > policy.loss_down) or (
            loss is not None and loss > policy.loss_heavy
        )
        high = rtt is not None and self._min_rtt is not None and rtt > self._min_rtt + policy.rtt_rise_ms
        self._rtt_high = self._rtt_high + 1 if high else 0
        queued = self._rtt_high >= policy.rtt_reports
        if self._since_up is not None:
            self._since_up += 1
        if lossy or queued:
            self._quiet = 0
            if self._since_up is not None and self._since_up <= policy.failed_within:
                self._up_after = min(self._up_after * 2, policy.max_up_after)
            self._since_up = None
            if self.rung < len(LADDER) - 1:
                self.rung += 1
                self._settling = True
                self._rtt_high = 0
                log.info(
                    "video: link in trouble (loss %.0f %%, round trip %s ms): rung %d",
                    100 * sum(self._losses) / max(1, len(self._losses)),
                    "-" if rtt is None else round(rtt),
                    self.rung,
                )
                return True
            return False
        if loss is None or loss >= policy.loss_quiet:
            self._quiet = 0  # neither trouble nor quiet (or no report yet): hold
            return False
        self._quiet += 1
        if self._quiet >= self._up_after and self.rung > 0:
            self.rung -= 1
            self._quiet = 0
            self._since_up = 0
            log.info("video: link quiet, trying rung %d", self.rung)
            return True
        return False


def scaled_size(width: int, height: int, scale: float) -> tuple[int, int]:
    """`width` x `height` times `scale`, even, and not below `MIN_SIZE` (nor above the size given)."""
    if scale >= 1.0:
        return width, height
    floor = min(1.0, max(MIN_SIZE[0] / width, MIN_SIZE[1] / height))
    factor = max(scale, floor)
    return max(2, int(width * factor) // 2 * 2), max(2, int(height * factor) // 2 * 2)


class BitrateCap(Protocol):
    """Where the encoders read their caps from (a `kiosk.video.tracks.VideoFeed`)."""

    def bitrate_cap_kbps(self) -> int | None: ...

    def audio_bitrate_kbps(self) -> int | None: ...


#: Encoders kept open at other picture sizes (`CappedVp8Encoder`): the thumbnail's and one more.
SPARE_ENCODERS = 2


class CappedVp8Encoder(Vp8Encoder):
    """aiortc's VP8 encoder at the lower of REMB's bitrate and the feed's cap (the cap may go below aiortc's
    250 kbit/s floor). Made by changing the class of aiortc's own encoder: never constructed."""

    cap_source: BitrateCap
    remb_bitrate: int
    #: Encoders (PyAV codec contexts) last used at other picture sizes, oldest first.
    spare_codecs: dict[tuple[int, int], Any]

    @property
    def target_bitrate(self) -> int:
        """The bitrate the encoder is set up with (REMB's, capped)."""
        return int(getattr(self, _BITRATE_ATTRIBUTE))

    @target_bitrate.setter
    def target_bitrate(self, bitrate: int) -> None:
        # aiortc sets this on every REMB: keep REMB's figure (clamped the way aiortc does) and apply the cap.
        self.remb_bitrate = max(250_000, min(bitrate, MAX_BITRATE))
        self._apply_cap()

    def _apply_cap(self) -> None:
        cap = self.cap_source.bitrate_cap_kbps()
        value = self.remb_bitrate if cap is None else min(self.remb_bitrate, cap * 1000)
        setattr(self, _BITRATE_ATTRIBUTE, value)

    def encode(self, frame: Any, force_keyframe: bool = False) -> tuple[list[bytes], int]:
        """Encode at the current cap (aiortc restarts the encoder, with a keyframe, when it moved over 10 %).

        A change of picture size takes up the encoder last used at that size, if any, instead of letting aiortc
        open a new one: a focus switch goes 320x180 -> 1280x720 -> 320x180 and back, and the first 1280x720 frame
        of a fresh libvpx encoder cost 30 ms here against 14 ms for a keyframe from a warm one. The frame is
        forced to be a keyframe, as the receiver's decoder has seen only the other size since.
        """
        self._apply_cap()
        codec = self.codec
        if codec is not None and (frame.width, frame.height) != (codec.width, codec.height):
            spare = self.spare_codecs
            warm = spare.pop((frame.width, frame.height), None)
            spare[(codec.width, codec.height)] = codec
            while len(spare) > SPARE_ENCODERS:  # the oldest goes: one per size the feed moves between
                spare.pop(next(iter(spare)))
            if warm is not None:
                self.codec = warm  # aiortc still opens a new one if the bitrate moved over 10 % meanwhile
                force_keyframe = True
        return super().encode(frame, force_keyframe)


class VoiceOpusEncoder(OpusEncoder):
    """aiortc's Opus encoder at the bitrate `cap_source` asks for (aiortc's 96 kbit/s when it asks for none).
    libopus takes its bitrate when opened, so a change opens a new encoder; the RTP timestamps run on across it.
    Made by changing the class of aiortc's own encoder: never constructed."""

    cap_source: BitrateCap
    _offset: int
    _next: int | None  # the timestamp the next packet continues from; None before the first

    def encode(self, frame: Any, force_keyframe: bool = False) -> tuple[list[bytes], int]:
        """Encode at the bitrate asked for now."""
        want = (self.cap_source.audio_bitrate_kbps() or _OPUS_DEFAULT_KBPS) * 1000
        if want != self.codec.bit_rate and self._next is not None:
            codec = CodecContext.create("libopus", "w")
            codec.bit_rate = want
            codec.format = "s16"
            codec.layout = "stereo"
            codec.options = {"application": "voip"}
            codec.sample_rate = self.codec.sample_rate
            codec.time_base = self.codec.time_base
            self.codec = codec
            self.first_packet_pts = None  # the new encoder's timestamps start afresh: continue from the last
            self._offset = self._next
        payloads, timestamp = super().encode(frame, force_keyframe)
        if timestamp is None:
            return payloads, timestamp
        timestamp += self._offset
        self._next = timestamp + _OPUS_FRAME * len(payloads)
        return payloads, timestamp


def cap_encoder_bitrate(pc: RTCPeerConnection, source: BitrateCap) -> bool:
    """Make the VP8 encoder of `pc`'s sender of `source`'s track (its ``feed``) a `CappedVp8Encoder` reading
    `source`, and the Opus encoder of its audio sender a `VoiceOpusEncoder`; True once the video one is.

    aiortc creates the encoders with the first frame sent (and again after a restart), so call this again with
    every statistics sample: it does nothing when the encoders are already swapped or do not exist yet.
    """
    global _warned
    senders = pc.getSenders()
    video = [s for s in senders if getattr(s.track, "feed", None) is source]
    if video:
        for sender in senders:
            encoder = getattr(sender, _ENCODER_ATTRIBUTE, None)
            if sender.track is not None and sender.track.kind == "audio" and type(encoder) is OpusEncoder:
                encoder.__class__ = VoiceOpusEncoder
                assert isinstance(encoder, VoiceOpusEncoder)
                encoder.cap_source = source
                encoder._offset, encoder._next = 0, None
    for sender in video:
        if not hasattr(sender, _ENCODER_ATTRIBUTE):
            if not _warned:
                log.warning("aiortc's sender has no encoder where expected; the video bitrate is not capped")
                _warned = True
            return False
        encoder = getattr(sender, _ENCODER_ATTRIBUTE)
        if isinstance(encoder, CappedVp8Encoder):
            return True
        if type(encoder) is not Vp8Encoder or not hasattr(encoder, _BITRATE_ATTRIBUTE):
            return False  # not created yet, or another codec: the picture size still adapts
        encoder.__class__ = CappedVp8Encoder
        assert isinstance(encoder, CappedVp8Encoder)
        encoder.cap_source = source
        encoder.remb_bitrate = int(getattr(encoder, _BITRATE_ATTRIBUTE))
        encoder.spare_codecs = {}
        return True
    return False
