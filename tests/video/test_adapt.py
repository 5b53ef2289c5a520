"""Video that adapts to the network: under reported loss or a growing round trip the booth sends a smaller picture
at a lower bitrate (starting with a keyframe), and returns to the full picture once the link is quiet."""

from __future__ import annotations

import datetime
import fractions
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import av
import numpy as np
import pytest
from aiortc import RTCStatsReport
from aiortc.codecs.opus import OpusEncoder
from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder, VpxPayloadDescriptor, vp8_depayload
from aiortc.jitterbuffer import JitterFrame
from aiortc.stats import RTCRemoteInboundRtpStreamStats

from kiosk.domain.media import QualityLevel
from kiosk.video.adapt import (
    LADDER,
    AdaptPolicy,
    CappedVp8Encoder,
    SendAdapter,
    VoiceOpusEncoder,
    cap_encoder_bitrate,
)
from kiosk.video.peer_stats import StatsLoop
from kiosk.video.stats import StatsSampler
from kiosk.video.tracks import VideoFeed, VideoReceiver
from tests.support.wait import wait_until


@dataclass(frozen=True)
class _Sample:
    loss_fraction: float | None
    rtt_ms: float | None
    report_at: float | None


class _Reports:
    """Successive receiver reports, each new (a fresh arrival time)."""

    def __init__(self) -> None:
        self.at = 0.0

    def __call__(self, loss: float | None, rtt: float | None = 1.0) -> _Sample:
        self.at += 1.0
        return _Sample(loss, rtt, self.at)


def test_loss_steps_the_picture_down_one_rung_per_two_reports() -> None:
    adapter, report = SendAdapter(), _Reports()
    assert adapter.current == LADDER[0]
    assert not adapter.update(report(0.2))  # one report is not enough
    assert adapter.update(report(0.2))
    assert not adapter.update(report(0.2))  # the report after a step still covers the time before it
    assert not adapter.update(report(0.2))
    assert adapter.update(report(0.2))
    assert adapter.rung == 2
    assert not adapter.update(report(0.5))  # settling
    assert adapter.update(report(0.5))  # heavy loss (a link far over its capacity): at once
    for _ in range(20):
        adapter.update(report(0.5))
    assert adapter.rung == len(LADDER) - 1  # the bottom rung holds however bad it gets


def test_light_loss_and_stale_reports_change_nothing() -> None:
    adapter, report = SendAdapter(), _Reports()
    for _ in range(20):
        assert not adapter.update(report(0.08))  # random loss, repaired by retransmission: hold
    adapter.update(report(0.5))
    stale = report(0.5)
    adapter.update(stale)
    assert adapter.rung == 1
    for _ in range(5):  # no new report (a cut): the same report is not counted again
        assert not adapter.update(stale)
    assert adapter.rung == 1


def test_a_growing_round_trip_steps_down_before_any_loss() -> None:
    adapter, report = SendAdapter(), _Reports()
    adapter.update(report(0.0, rtt=20.0))
    assert not adapter.update(report(0.0, rtt=300.0))  # one report: a spike (a busy machine)
    assert not adapter.update(report(0.0, rtt=30.0))
    assert not adapter.update(report(0.0, rtt=180.0))
    assert not adapter.update(report(0.0, rtt=200.0))
    assert adapter.update(report(0.0, rtt=220.0))  # three running: a queue is building at a rate limit
    assert adapter.rung == 1


def test_quiet_link_climbs_back_and_a_failed_climb_waits_longer() -> None:
    policy = AdaptPolicy(up_after=3)
    adapter, report = SendAdapter(policy), _Reports()
    for _ in range(4):  # down, settling, down, settling
        adapter.update(report(0.5))
    assert adapter.rung == 2
    quiet = [adapter.update(report(0.0)) for _ in range(3)]
    assert quiet == [False, False, True] and adapter.rung == 1  # three quiet reports
    assert adapter.update(report(0.5))  # the climb failed at once: the next one waits twice as long
    assert adapter.rung == 2
    adapter.update(report(0.5))  # settling
    climbs = [adapter.update(report(0.0)) for _ in range(7)]
    assert climbs.index(True) == 5
    adapter.reset()
    assert adapter.rung == 0


def test_feed_sends_the_rung_size_and_frame_rate_within_its_level() -> None:
    feed = VideoFeed(None, QualityLevel.FOCUS)
    assert feed.target() == (1280, 720, 30.0)
    assert feed.bitrate_cap_kbps() is None
    feed.adapt(LADDER[2])
    assert feed.target() == (640, 360, 30.0)
    assert feed.bitrate_cap_kbps() == LADDER[2].max_kbps
    feed.adapt(LADDER[-1])
    assert feed.target() == (320, 180, 15.0)
    feed.set_quality(QualityLevel.THUMBNAIL)  # already small: not scaled below 320x180
    assert feed.target()[:2] == (320, 240)
    feed.paused = True
    assert feed.bitrate_cap_kbps() is None


def _frames(width: int, height: int) -> Iterator[av.VideoFrame]:
    rng = np.random.default_rng(1)
    for pts in itertools.count(0, 3000):
        frame = av.VideoFrame.from_ndarray(rng.integers(0, 255, (height * 3 // 2, width), np.uint8), format="yuv420p")
        frame.pts, frame.time_base = pts, fractions.Fraction(1, 90_000)
        yield frame


def _is_keyframe(payloads: list[bytes]) -> bool:
    _, data = VpxPayloadDescriptor.parse(payloads[0])
    return data[0] & 1 == 0  # VP8 frame tag, bit 0 clear: a key frame (RFC 6386 9.1)


def _sender_pc(feed: VideoFeed, encoder: Any) -> Any:
    sender = SimpleNamespace(track=feed.track(), _RTCRtpSender__encoder=encoder)
    return SimpleNamespace(getSenders=lambda: [sender])


def test_encoder_capped_below_aiortcs_floor_and_restarts_with_a_keyframe() -> None:
    feed = VideoFeed(None, QualityLevel.FOCUS)
    encoder = Vp8Encoder()
    pc = _sender_pc(feed, encoder)
    assert not cap_encoder_bitrate(pc, VideoFeed(None))  # another feed's sender: untouched
    assert cap_encoder_bitrate(pc, feed)
    assert isinstance(encoder, CappedVp8Encoder)
    encoder.target_bitrate = 1_200_000  # REMB
    frames = _frames(320, 180)
    encoder.encode(next(frames))
    assert encoder.codec is not None and encoder.codec.bit_rate == 1_200_000
    encoder.encode(next(frames))
    feed.adapt(LADDER[-1])
    payloads, _ = encoder.encode(next(frames))
    assert encoder.codec.bit_rate == LADDER[-1].max_kbps * 1000  # below aiortc's 250 kbit/s floor
    assert _is_keyframe(payloads)
    encoder.target_bitrate = 2_000_000  # a later REMB does not lift the cap
    encoder.encode(next(frames))
    assert encoder.codec.bit_rate == LADDER[-1].max_kbps * 1000
    feed.adapt(LADDER[0])
    encoder.encode(next(frames))
    assert encoder.codec.bit_rate == 1_500_000  # REMB's figure, clamped the way aiortc does


def test_a_focus_switch_back_takes_up_the_warm_encoder_and_starts_with_a_keyframe_that_decodes() -> None:
    """Thumbnail, focus, thumbnail, focus: each size's encoder is opened once, and every first frame after a
    switch is a keyframe that the booth's (here: a fresh) decoder shows at the new size."""
    feed = VideoFeed(None, QualityLevel.FOCUS)
    encoder = Vp8Encoder()
    assert cap_encoder_bitrate(_sender_pc(feed, encoder), feed)
    encoder.target_bitrate = 1_000_000
    decoder = Vp8Decoder()
    rng = np.random.default_rng(2)
    sizes = [(320, 180)] * 3 + [(1280, 720)] * 2 + [(320, 180)] * 2 + [(1280, 720)] * 2
    opened: dict[tuple[int, int], list[Any]] = {}
    for index, (width, height) in enumerate(sizes):
        frame = av.VideoFrame.from_ndarray(rng.integers(0, 255, (height * 3 // 2, width), np.uint8), format="yuv420p")
        frame.pts, frame.time_base = index * 3000, fractions.Fraction(1, 90_000)
        payloads, timestamp = encoder.encode(frame)
        if index and sizes[index - 1] != (width, height):
            assert _is_keyframe(payloads), index
        opened.setdefault((width, height), []).append(encoder.codec)
        shown = decoder.decode(JitterFrame(b"".join(vp8_depayload(p) for p in payloads), timestamp))
        assert [(f.width, f.height) for f in shown] == [(width, height)], index
    assert all(all(codec is codecs[0] for codec in codecs) for codecs in opened.values())


class _LossyConnection:
    """A connected peer connection whose receiver reports `loss` of our video, a new report per sample."""

    connectionState = "connected"  # noqa: N815 - aiortc's name

    def __init__(self, loss: float) -> None:
        self.loss = loss
        self.reports = 0

    async def getStats(self) -> RTCStatsReport:  # noqa: N802 - aiortc's name
        self.reports += 1
        report = RTCStatsReport()
        report["remote"] = RTCRemoteInboundRtpStreamStats(
            timestamp=datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=self.reports),
            type="remote-inbound-rtp",
            id="remote",
            ssrc=1,
            kind="video",
            transportId="t",
            packetsReceived=100,
            packetsLost=5,
            jitter=0,
            roundTripTime=0.001,
            fractionLost=round(self.loss * 256),  # aiortc's: the report's 8-bit field as it is
        )
        return report

    def getSenders(self) -> list[Any]:  # noqa: N802 - aiortc's name
        return []


@pytest.mark.asyncio
async def test_statistics_loop_shrinks_the_picture_under_loss_and_not_when_fixed() -> None:
    feed = VideoFeed(None, QualityLevel.FOCUS)
    pc = _LossyConnection(0.4)
    loop = StatsLoop(feed, VideoReceiver(), lambda: pc, lambda stats: None, 0.01, "booth/s1")  # type: ignore[arg-type,return-value]
    loop.start()
    try:
        await wait_until(lambda: feed.target()[:2] == (320, 180))
        pc.loss = 0.0
        loop.adapter.policy = AdaptPolicy(up_after=1)
        await wait_until(lambda: feed.target()[:2] == (1280, 720))
    finally:
        assert loop.task is not None
        loop.task.cancel()
    fixed = VideoFeed(None, QualityLevel.FOCUS)
    fixed.adaptive = False
    pc = _LossyConnection(0.5)
    loop = StatsLoop(fixed, VideoReceiver(), lambda: pc, lambda stats: None, 0.01, "booth/s1")  # type: ignore[arg-type,return-value]
    loop.start()
    try:
        await wait_until(lambda: pc.reports >= 5)
        assert fixed.target()[:2] == (1280, 720)
    finally:
        assert loop.task is not None
        loop.task.cancel()


def test_voice_drops_to_32_kbits_on_the_low_rungs_with_timestamps_running_on() -> None:
    feed = VideoFeed(None, QualityLevel.FOCUS)
    encoder = OpusEncoder()
    audio = SimpleNamespace(track=SimpleNamespace(kind="audio"), _RTCRtpSender__encoder=encoder)
    video = SimpleNamespace(track=feed.track(), _RTCRtpSender__encoder=None)
    pc = SimpleNamespace(getSenders=lambda: [video, audio])
    assert not cap_encoder_bitrate(pc, feed)  # no video encoder yet; the voice's is swapped already
    assert isinstance(encoder, VoiceOpusEncoder)
    stamps: list[int] = []
    samples = itertools.count(0, 960)

    def speak(frames: int) -> None:
        for _ in range(frames):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 960), np.int16), format="s16", layout="mono")
            frame.sample_rate = 48_000
            frame.pts, frame.time_base = next(samples), fractions.Fraction(1, 48_000)
            payloads, timestamp = encoder.encode(frame)
            if payloads:
                stamps.append(timestamp)

    speak(10)
    assert encoder.codec.bit_rate == 96_000  # aiortc's
    feed.adapt(LADDER[-1])
    speak(10)
    assert encoder.codec.bit_rate == 32_000
    feed.adapt(LADDER[0])
    speak(10)
    assert encoder.codec.bit_rate == 96_000
    assert len(stamps) >= 25
    assert all(b - a == 960 for a, b in itertools.pairwise(stamps))  # no jump back at either restart


def test_the_receivers_report_reads_as_a_share_of_packets_lost() -> None:
    # aiortc hands over RTCP's 8-bit "fraction lost" (lost / 256) as it is: 26 is 10 %, not 2600 %.
    report = RTCStatsReport()
    report["remote"] = RTCRemoteInboundRtpStreamStats(
        timestamp=datetime.datetime.now(datetime.UTC),
        type="remote-inbound-rtp",
        id="remote",
        ssrc=1,
        kind="video",
        transportId="t",
        packetsReceived=100,
        packetsLost=5,
        jitter=0,
        roundTripTime=0.02,
        fractionLost=26,
    )
    stats = StatsSampler(None, VideoReceiver()).sample(report)
    assert stats.loss_fraction == pytest.approx(0.10, abs=0.002)
    assert stats.rtt_ms == pytest.approx(20.0)
    assert stats.report_at is not None
