"""One `RTCPeerConnection` of a peer session: created from the video settings, numbered for the logs, with
events for "up" and "down", its local description made on the configured host addresses, and closed once.

A peer session (`kiosk.video.peer`) holds one link at a time and replaces it when it fails.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence

from aiortc import RTCPeerConnection

from kiosk.config import VideoSettings
from kiosk.video.ice import host_addresses, rtc_configuration
from kiosk.video.jitter import use_marker_jitter_buffers


class PeerLink:
    """One RTCPeerConnection of the session, with events for "up" and "down"."""

    _numbers = itertools.count(1)

    def __init__(self, settings: VideoSettings) -> None:
        self.number = next(self._numbers)
        configuration = rtc_configuration(settings.ice_servers, relay_only=settings.ice_relay_only)
        self.pc = RTCPeerConnection(configuration=configuration)
        self.up = asyncio.Event()
        self.down = asyncio.Event()
        self.closing = False

    async def close(self) -> None:
        """Mark the link down and close the connection."""
        self.closing = True
        self.down.set()
        await self.pc.close()

    async def local_description(self, offer: bool, addresses: Sequence[str]) -> str:
        """Create and set the offer (or the answer) gathered on `addresses`; its complete SDP."""
        # Every transceiver exists by now and no media flows before the answer: swap the video buffers here.
        use_marker_jitter_buffers(self.pc)
        with host_addresses(addresses):
            description = await (self.pc.createOffer() if offer else self.pc.createAnswer())
            await self.pc.setLocalDescription(description)
        return self.pc.localDescription.sdp

    def drop_transports(self) -> None:
        """Close the connection's sockets without telling the other end (tests and fault drills)."""
        for transceiver in self.pc.getTransceivers():
            transport = transceiver.receiver.transport
            if transport is not None:
                for protocol in transport.transport._connection._protocols:
                    if protocol.transport is not None:
                        protocol.transport.close()


async def wait_unless(interrupt: asyncio.Event, event: asyncio.Event | None, timeout_s: float | None) -> bool:
    """Wait for `event` (None: only for the timeout) unless `interrupt` is set first; True when it was (and clear it).

    TimeoutError when neither is set within `timeout_s` seconds (None: no limit).
    """
    waiters = [asyncio.ensure_future(interrupt.wait())]
    if event is not None:
        waiters.append(asyncio.ensure_future(event.wait()))
    try:
        done, _ = await asyncio.wait(waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    if interrupt.is_set():
        interrupt.clear()
        return True
    if not done:
        raise TimeoutError
    return False
