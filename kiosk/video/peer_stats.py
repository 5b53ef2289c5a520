"""A peer session's statistics: sampled every interval from whichever connection is current, the latest kept,
each handed to a callback. Statistics never take the session down: a failing sample is logged and skipped.

Each sample also steers the video sent (`kiosk.video.adapt`): smaller and at a lower bitrate while the receiver
reports loss or the round trip grows, back up when the link is quiet again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiortc import RTCPeerConnection

from kiosk.video.adapt import SendAdapter, cap_encoder_bitrate
from kiosk.video.stats import PeerStats, StatsSampler
from kiosk.video.tracks import VideoFeed, VideoReceiver

# Logged as the peer session whose statistics these are.
log = logging.getLogger("kiosk.video.peer")


class StatsLoop:
    """Samples `StatsSampler` once per `interval_s` (0: never) while started and hands each sample to `deliver`;
    `last` is the newest sample."""

    def __init__(
        self,
        video: VideoFeed | None,
        remote_video: VideoReceiver,
        connection: Callable[[], RTCPeerConnection | None],
        deliver: Callable[[PeerStats], None],
        interval_s: float,
        name: str,
    ) -> None:
        self._video = video
        self._remote_video = remote_video
        self._connection = connection
        self._deliver = deliver
        self.interval_s = interval_s
        self._name = name
        self.last: PeerStats | None = None
        self.adapter = SendAdapter()
        self._adapted_pc: RTCPeerConnection | None = None
        #: The sampling task once started (the session cancels it when it closes).
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start sampling (once; later calls do nothing)."""
        if self.task is None and self.interval_s > 0:
            self.task = asyncio.get_running_loop().create_task(self._run(), name="peer-stats")

    async def _run(self) -> None:
        sampler = StatsSampler(self._video, self._remote_video)
        while True:
            await asyncio.sleep(self.interval_s)
            pc = self._connection()
            report = None
            if pc is not None and pc.connectionState == "connected":
                with contextlib.suppress(Exception):
                    report = await pc.getStats()
            try:
                self.last = sampler.sample(report)
                if report is not None:
                    self._adapt(pc, self.last)
                self._deliver(self.last)
            except Exception:  # statistics must never take the session down
                log.exception("peer %s: statistics failed", self._name)

    def _adapt(self, pc: RTCPeerConnection | None, stats: PeerStats) -> None:
        video = self._video
        if video is None or pc is None or not video.adaptive:
            return
        if pc is not self._adapted_pc:  # a new connection: its reports start afresh, and so does the ladder
            self._adapted_pc = pc
            self.adapter.reset()
        self.adapter.update(stats)
        video.adapt(self.adapter.current)
        cap_encoder_bitrate(pc, video)
