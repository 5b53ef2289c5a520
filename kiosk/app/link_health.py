"""The health of one call's link as people see it: signal bars from measured statistics, and "interrupted".

Both apps show it, the console on each booth's tile and the booth on its call screen, from the same rules:

- **quality** (`NetworkQuality`, the signal bars) comes from one second of peer statistics (round-trip time,
  loss, received frame rate) against the thresholds in `kiosk.config.VideoSettings` (``link_*``);
- **interrupted**: nothing at all has arrived for ``VideoSettings.link_interrupted_after_s``. aiortc keeps a
  silent connection "connected" for about 30 s (until its consent checks fail), so its connection state cannot
  tell anyone that the other end went silent; counting arrivals can, within a second or two. Arrivals are
  frames (polled four times a second: the console always receives the booth's video) and any received bytes in
  a statistics sample (the booth: an officer who talks to another booth sends it neither audio nor video, but
  RTCP reports keep coming about once a second, so the booth samples its statistics twice a second). The state
  clears by itself with the next arrival.

`LinkHealth` is the Qt-free state machine (fed with arrival counts and statistics, given the time, no I/O);
`watch_link` polls a peer session's arrival counters into it on the event loop. The views only render what it
reports (`LinkReport`).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.config import VideoSettings

log = logging.getLogger(__name__)

#: How often `watch_link` looks at the arrival counters: a quarter second keeps "interrupted" within
#: ``link_interrupted_after_s`` + 0.25 s of the last packet, at the cost of reading two integers.
POLL_INTERVAL_S = 0.25


class NetworkQuality(enum.Enum):
    """The signal bars of a link, from its measured statistics."""

    UNKNOWN = "unknown"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


@dataclass(frozen=True)
class LinkReport:
    """What the views show about a link: its bars and, while nothing arrives, for how long (whole seconds)."""

    quality: NetworkQuality = NetworkQuality.UNKNOWN
    interrupted_s: int | None = None

    @property
    def interrupted(self) -> bool:
        """True while nothing arrives over the link."""
        return self.interrupted_s is not None


def network_quality(
    settings: VideoSettings, loss_fraction: float | None, rtt_ms: float | None, fps_received: float | None
) -> NetworkQuality:
    """The signal bars for one second of statistics (`fps_received` None: not judged, e.g. a paused camera)."""
    if loss_fraction is None and rtt_ms is None:
        return NetworkQuality.UNKNOWN
    loss, rtt = loss_fraction or 0.0, rtt_ms or 0.0
    low_fps = fps_received is not None and fps_received < settings.link_poor_fps
    if loss > settings.link_poor_loss or rtt > settings.link_poor_rtt_ms or low_fps:
        return NetworkQuality.POOR
    if loss > settings.link_fair_loss or rtt > settings.link_fair_rtt_ms:
        return NetworkQuality.FAIR
    return NetworkQuality.GOOD


class LinkHealth:
    """The link-health state machine of one call (see the module docstring).

    `on_change(report)` is called whenever the report changes: quality, entering or leaving "interrupted", and
    each new whole second of an interruption (the counter). Feed it with `arrivals` (a counter that grows with
    every frame received) and `statistics`; it never reads a clock itself except through `clock`.
    """

    def __init__(
        self,
        settings: VideoSettings,
        on_change: Callable[[LinkReport], None] | None = None,
        *,
        judge_fps: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.on_change = on_change
        self.judge_fps = judge_fps
        self._clock = clock
        self._count: int | None = None
        self._last_arrival: float | None = None
        self._quality = NetworkQuality.UNKNOWN
        self.report = LinkReport()

    def reset(self) -> None:
        """A new call: nothing has arrived yet, quality unknown, not interrupted (until media first flowed)."""
        self._count = None
        self._last_arrival = None
        self._quality = NetworkQuality.UNKNOWN
        self._publish(LinkReport())

    def arrivals(self, count: int, now: float | None = None) -> None:
        """The arrival counter's value now; an interruption starts when it stood still long enough."""
        now = self._clock() if now is None else now
        if self._count is None or count != self._count:
            if self._count is not None or count > 0:
                self._last_arrival = now
            self._count = count
        self._evaluate(now)

    def statistics(
        self,
        loss_fraction: float | None,
        rtt_ms: float | None,
        fps_received: float | None,
        received_kbps: float = 0.0,
        now: float | None = None,
    ) -> None:
        """One sample of peer statistics: the signal bars; bytes received in it count as an arrival."""
        now = self._clock() if now is None else now
        if received_kbps > 0:
            self._last_arrival = now
        fps = fps_received if self.judge_fps else None
        self._quality = network_quality(self.settings, loss_fraction, rtt_ms, fps)
        self._evaluate(now)

    def sample(self, stats: Any) -> None:
        """Feed a `kiosk.video.stats.PeerStats` (the peer session's ``on_stats``)."""
        self.statistics(stats.loss_fraction, stats.rtt_ms, stats.fps_received, stats.bitrate_received_kbps)

    def _evaluate(self, now: float) -> None:
        interrupted_s: int | None = None
        if self._last_arrival is not None:
            silent = now - self._last_arrival
            if silent >= self.settings.link_interrupted_after_s:
                interrupted_s = int(silent)
        # While nothing arrives the statistics say nothing true about the link: the bars show it as poor.
        quality = NetworkQuality.POOR if interrupted_s is not None else self._quality
        self._publish(LinkReport(quality, interrupted_s))

    def _publish(self, report: LinkReport) -> None:
        if report == self.report:
            return
        if report.interrupted != self.report.interrupted:
            log.info("link %s", "interrupted" if report.interrupted else "flowing again")
        self.report = report
        if self.on_change is not None:
            self.on_change(report)


def arrival_count(peer: Any) -> int:
    """Frames received so far over a peer session, video and audio (audio flows even when video is paused)."""
    return int(peer.remote_video.frames_received) + int(peer.remote_audio.frames_received)


async def watch_link(peer: Any, health: LinkHealth, interval_s: float = POLL_INTERVAL_S) -> None:
    """Feed `peer`'s arrival counters to `health` until cancelled."""
    while True:
        try:
            health.arrivals(arrival_count(peer))
        except Exception:  # a view's bug must not stop the watching
            log.exception("link health: update failed")
        await asyncio.sleep(interval_s)
