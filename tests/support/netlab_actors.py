"""A booth and a console as separate processes for network-lab tests (``python -m tests.support.netlab_actors``).

    booth   --hub URL --address A --number N    enroll booth N (as the demo admin), check in a walk-in visit
                                                and call the console with a synthetic camera and a tone
    console --hub URL --address A               log in as cso1, take assigned visits, answer their calls

Both speak to a real hub (``kiosk server``) through its REST API and signaling WebSocket, gather ICE candidates
only on `--address` (their host's lab address), and print one JSON status line every 0.2 s on stdout with
``role``, ``state``, ``frames`` (remote video frames decoded so far; the booth receives none from a console
without a camera), ``latency_ms`` (glass to glass of the newest frame whose burnt-in capture time was read, or
null), ``latency_samples`` (how many capture times were read so far), ``audio_frames`` (remote audio frames so
far), ``interrupted_s`` and ``quality`` (the call's `kiosk.app.link_health` report, as the apps show it) and
``reconnections`` (new peer connections after the first); the booth adds its session as the hub holds it, read
every second (``session_state``, ``session_phone``: the phone number it typed, ``session_assigned``,
``session_read_at``: wall-clock time of the read). `ActorStatus` reads those lines in a
thread for the test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import subprocess
import threading
import time
from typing import Any

from kiosk.config import VideoSettings
from tests.support.wait import wait_until

STATUS_INTERVAL_S = 0.2
#: What the booth actor "typed" (its intake's phone number), checked after faults.
TYPED_PHONE = "081234567890"


def _settings(address: str) -> VideoSettings:
    return VideoSettings(ice_host_addresses=[address], reconnect_backoff_s=[0.5, 1.0, 2.0])


async def _wait_for_hub(url: str) -> None:
    from kiosk.client.errors import HubClientError
    from kiosk.client.hub_api import HubClient

    client = HubClient(url, timeout=2.0)

    async def answers() -> bool:
        try:
            await asyncio.to_thread(client.health)
        except HubClientError:
            return False
        return True

    try:
        await wait_until(answers, within_s=60, interval=0.2, what=f"the hub at {url}")
    finally:
        client.close()


class _Health:
    """The link health of the actor's call, fed like the apps feed theirs (arrivals polled, stats each second)."""

    def __init__(self, judge_fps: bool = True) -> None:
        from kiosk.app.link_health import LinkHealth

        self.health = LinkHealth(VideoSettings(), judge_fps=judge_fps)
        self.task: asyncio.Task[None] | None = None

    def watch(self, peer: Any) -> None:
        from kiosk.app.link_health import watch_link

        peer.on_stats = self.health.sample
        self.task = asyncio.get_running_loop().create_task(watch_link(peer, self.health))


async def _watch_session(api: Any, session_id: str, into: dict[str, Any]) -> None:
    """The session as the hub holds it, every second (the newest answer; none while the hub is unreachable)."""
    from kiosk.client.errors import HubClientError

    while True:
        with contextlib.suppress(HubClientError, OSError):
            current = await asyncio.to_thread(api.get_session, session_id)
            into.update(
                session_state=current.state.value,
                session_phone=current.intake.phone if current.intake else None,
                session_assigned=current.assigned_to is not None,
                session_read_at=time.time(),
            )
        await asyncio.sleep(1.0)


async def _report(
    role: str, peers: dict[str, Any], stop: asyncio.Event, health: _Health, session: dict[str, Any] | None = None
) -> None:
    while not stop.is_set():
        peer = next(iter(peers.values()), None)
        latencies = peer.remote_video.latencies_ms if peer is not None else None
        report = health.health.report
        status = {
            "audio_frames": peer.remote_audio.frames_received if peer is not None else 0,
            "interrupted_s": report.interrupted_s,
            "quality": report.quality.value,
            "reconnections": peer.reconnections if peer is not None else 0,
            **(session or {}),
            "role": role,
            "state": peer.state.value if peer is not None else "idle",
            "frames": peer.remote_video.frames_received if peer is not None else 0,
            "latency_ms": latencies[-1] if latencies else None,
            "latency_samples": peer.remote_video.latency_samples if peer is not None else 0,
        }
        print(json.dumps(status), flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), STATUS_INTERVAL_S)


def _stop_on_signal(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


async def booth(hub_url: str, address: str, number: int) -> None:
    """Enroll, check in and call: the booth's side of a visit, until SIGTERM."""
    from kiosk.app.booth.call_link import BOOTH_STATS_INTERVAL_S
    from kiosk.client.hub_api import HubClient
    from kiosk.protocol import HelloPayload, Role, SignalType
    from kiosk.protocol.rest import Intake
    from kiosk.server.seed import DEMO_USERS
    from kiosk.video.audio import ToneInput
    from kiosk.video.camera import SyntheticCamera
    from kiosk.video.peer import BoothPeer
    from kiosk.video.signaling import SessionRouter, SignalingClient

    stop = asyncio.Event()
    _stop_on_signal(stop)
    await _wait_for_hub(hub_url)
    admin_password = next(u.password for u in DEMO_USERS if u.username == "admin")
    admin = HubClient(hub_url, timeout=10.0)
    login = await asyncio.to_thread(admin.login, "admin", admin_password)
    admin = HubClient(hub_url, token=login.token, timeout=10.0)
    code = await asyncio.to_thread(admin.create_enrollment_code, "KDR", number)
    token = (await asyncio.to_thread(HubClient(hub_url, timeout=10.0).enroll, code.code)).device_token
    api = HubClient(hub_url, token, timeout=10.0)
    visit = await asyncio.to_thread(api.check_in, walk_in=True)
    await asyncio.to_thread(api.set_state, visit.id, "self_service")
    # Something typed: it must survive every fault (the session's data lives in the hub, not in the call).
    await asyncio.to_thread(api.put_intake, visit.id, Intake(phone=TYPED_PHONE))
    session: dict[str, Any] = {}

    camera = SyntheticCamera(640, 360, 30, seed=number)
    camera.start()
    peers: dict[str, Any] = {}
    health = _Health(judge_fps=False)  # as kiosk.app.booth.call_link: the officer's camera may be paused

    async def on_envelope(envelope: Any) -> None:
        if envelope.type is SignalType.ASSIGNMENT and not peers:
            peer = BoothPeer(
                visit.id,
                _settings(address),
                client.send,
                camera=camera,
                microphone=ToneInput(440),
                stats_interval_s=BOOTH_STATS_INTERVAL_S,
            )
            peers[visit.id] = peer
            router.add(visit.id, peer.handle_signal)
            health.watch(peer)
            await peer.connect()

    router = SessionRouter(on_envelope)
    client = SignalingClient(
        hub_url, token, HelloPayload(role=Role.BOOTH, session_id=visit.id), on_envelope=router, backoff_s=[0.5, 1.0]
    )
    await client.start()
    watcher = asyncio.get_running_loop().create_task(_watch_session(api, visit.id, session))
    try:
        await _report("booth", peers, stop, health, session)
    finally:
        watcher.cancel()
        for peer in peers.values():
            await peer.close()
        await client.close()
        camera.stop()


async def console(hub_url: str, address: str) -> None:
    """Log in as cso1 and answer every assigned visit's call, until SIGTERM."""
    from kiosk.client.hub_api import HubClient
    from kiosk.protocol import AssignmentPayload, HelloPayload, Role, SignalType
    from kiosk.server.seed import DEMO_USERS
    from kiosk.video.peer import ConsolePeer
    from kiosk.video.signaling import SessionRouter, SignalingClient

    stop = asyncio.Event()
    _stop_on_signal(stop)
    await _wait_for_hub(hub_url)
    password = next(u.password for u in DEMO_USERS if u.username == "cso1")
    token = (await asyncio.to_thread(HubClient(hub_url, timeout=10.0).login, "cso1", password)).token
    peers: dict[str, Any] = {}
    health = _Health()

    async def on_envelope(envelope: Any) -> None:
        if envelope.type is SignalType.ASSIGNMENT:
            session_id = envelope.payload_as(AssignmentPayload).session_id
            if session_id not in peers:
                peer = ConsolePeer(session_id, _settings(address), client.send)
                peers[session_id] = peer
                router.add(session_id, peer.handle_signal)
                health.watch(peer)

    router = SessionRouter(on_envelope)
    client = SignalingClient(hub_url, token, HelloPayload(role=Role.CONSOLE, cap=4), on_envelope=router)
    await client.start()
    try:
        await _report("console", peers, stop, health)
    finally:
        for peer in peers.values():
            await peer.close()
        await client.close()


class ActorStatus:
    """The newest status line of an actor process, read in a background thread."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.latest: dict[str, Any] = {"state": "idle", "frames": 0}
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with contextlib.suppress(ValueError):
                self.latest = json.loads(line)

    @property
    def frames(self) -> int:
        """Remote video frames decoded so far."""
        return int(self.latest["frames"])

    @property
    def latency_ms(self) -> float | None:
        """Glass-to-glass latency of the newest frame whose capture time was read, or None."""
        value = self.latest.get("latency_ms")
        return None if value is None else float(value)

    @property
    def latency_samples(self) -> int:
        """How many frames' capture times were read so far."""
        return int(self.latest.get("latency_samples") or 0)

    @property
    def audio_frames(self) -> int:
        """Remote audio frames received so far."""
        return int(self.latest.get("audio_frames") or 0)

    @property
    def interrupted_s(self) -> int | None:
        """Seconds the call's link has been silent, as the app would show it, or None while media flows."""
        value = self.latest.get("interrupted_s")
        return None if value is None else int(value)

    @property
    def quality(self) -> str:
        """The call's signal bars (`kiosk.app.link_health.NetworkQuality` value)."""
        return str(self.latest.get("quality") or "unknown")

    @property
    def reconnections(self) -> int:
        """New peer connections after the first."""
        return int(self.latest.get("reconnections") or 0)

    @property
    def state(self) -> str:
        """The peer session's state (`kiosk.video.peer.PeerState` value)."""
        return str(self.latest["state"])


def main(argv: list[str] | None = None) -> None:
    """Run one actor."""
    parser = argparse.ArgumentParser(description="a booth or console process for the network lab")
    parser.add_argument("role", choices=["booth", "console"])
    parser.add_argument("--hub", required=True, help="the hub's base URL")
    parser.add_argument("--address", required=True, help="this host's lab address (ICE host candidate)")
    parser.add_argument("--number", type=int, default=1, help="booth number (booth only)")
    args = parser.parse_args(argv)
    if args.role == "booth":
        asyncio.run(booth(args.hub, args.address, args.number))
    else:
        asyncio.run(console(args.hub, args.address))


if __name__ == "__main__":
    main()
