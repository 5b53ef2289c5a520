"""Per-second statistics of a peer session: frame rates, resolution, bitrate, round trip, loss, jitter, latency.

`StatsSampler.sample()` turns aiortc's cumulative counters and the session's own frame counters into rates over
the time since the previous sample. Glass-to-glass latency comes from the capture time the synthetic camera burns
into the picture (`kiosk.video.timecode`); with a real camera it is None.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from aiortc import RTCStatsReport
from aiortc.stats import (
    RTCInboundRtpStreamStats,
    RTCRemoteInboundRtpStreamStats,
    RTCTransportStats,
)

from kiosk.video.tracks import VideoFeed, VideoReceiver

VIDEO_CLOCK_RATE = 90_000


@dataclass(frozen=True)
class PeerStats:
    """One second of a peer session, as seen from this end."""

    fps_sent: float
    fps_received: float
    fps_shown: float
    sent_width: int
    sent_height: int
    received_width: int
    received_height: int
    bitrate_sent_kbps: float
    bitrate_received_kbps: float
    rtt_ms: float | None
    packets_lost: int
    loss_fraction: float | None
    jitter_ms: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    #: When the receiver's newest report on our video arrived (epoch seconds; `loss_fraction` and `rtt_ms` are
    #: that report's), None before the first: equal in two samples means no report came in between.
    report_at: float | None = None


def percentile(values: list[float], fraction: float) -> float | None:
    """The `fraction` quantile (0..1) of `values` by nearest rank, or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


class StatsSampler:
    """Computes `PeerStats` from successive samples (rates over the interval between calls)."""

    def __init__(self, feed: VideoFeed | None, receiver: VideoReceiver) -> None:
        self.feed = feed
        self.receiver = receiver
        self._at = time.monotonic()
        self._sent = feed.frames_sent if feed else 0
        self._received = receiver.frames_received
        self._shown = receiver.frames_shown
        self._bytes_sent = 0
        self._bytes_received = 0
        self._latency_mark = receiver.latency_samples

    def sample(self, report: RTCStatsReport | None) -> PeerStats:
        """The rates since the previous call, from `report` (`RTCPeerConnection.getStats()`, None when down)."""
        now = time.monotonic()
        elapsed = max(1e-3, now - self._at)
        self._at = now
        sent = self.feed.frames_sent if self.feed else 0
        received, shown = self.receiver.frames_received, self.receiver.frames_shown
        fps_sent = (sent - self._sent) / elapsed
        fps_received = (received - self._received) / elapsed
        fps_shown = (shown - self._shown) / elapsed
        self._sent, self._received, self._shown = sent, received, shown

        bytes_sent = bytes_received = 0
        rtt: float | None = None
        lost = 0
        loss_fraction: float | None = None
        jitter: float | None = None
        report_at: float | None = None
        for entry in (report or {}).values():
            if isinstance(entry, RTCTransportStats):
                bytes_sent += entry.bytesSent or 0
                bytes_received += entry.bytesReceived or 0
            elif isinstance(entry, RTCRemoteInboundRtpStreamStats) and entry.kind == "video":
                if entry.roundTripTime is not None:
                    rtt = entry.roundTripTime * 1000
                # aiortc passes the report's 8-bit field as it is (lost / 256), not the standard's 0..1 share.
                loss_fraction = entry.fractionLost / 256 if entry.fractionLost is not None else None
                report_at = entry.timestamp.timestamp() if entry.timestamp is not None else None
            elif isinstance(entry, RTCInboundRtpStreamStats) and entry.kind == "video":
                lost += entry.packetsLost or 0
                if entry.jitter is not None:
                    jitter = entry.jitter * 1000 / VIDEO_CLOCK_RATE
        # A new peer connection starts its counters at zero: never report a negative rate.
        rate_sent = max(0, bytes_sent - self._bytes_sent) * 8 / 1000 / elapsed
        rate_received = max(0, bytes_received - self._bytes_received) * 8 / 1000 / elapsed
        self._bytes_sent, self._bytes_received = bytes_sent, bytes_received

        new_samples = self.receiver.latency_samples - self._latency_mark
        self._latency_mark = self.receiver.latency_samples
        latencies = list(self.receiver.latencies_ms)
        fresh = latencies[len(latencies) - min(new_samples, len(latencies)) :] if new_samples > 0 else []
        latest = self.receiver.latest()
        sent_w, sent_h = self.feed.sent_size if self.feed else (0, 0)
        return PeerStats(
            fps_sent=fps_sent,
            fps_received=fps_received,
            fps_shown=fps_shown,
            sent_width=sent_w,
            sent_height=sent_h,
            received_width=latest.frame.width if latest else 0,
            received_height=latest.frame.height if latest else 0,
            bitrate_sent_kbps=rate_sent,
            bitrate_received_kbps=rate_received,
            rtt_ms=rtt,
            packets_lost=lost,
            loss_fraction=loss_fraction,
            jitter_ms=jitter,
            latency_p50_ms=statistics.median(fresh) if fresh else None,
            latency_p95_ms=percentile(fresh, 0.95),
            report_at=report_at,
        )
