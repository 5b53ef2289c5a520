"""A booth and a console as separate processes for network-lab tests (``python -m tests.support.netlab_actors``).

    booth   --hub URL --address A --number N    enroll booth N (as the demo admin), check in a walk-in visit
                                                and call the console through the booth app's `CallLink` with a
                                                synthetic camera and a tone
    console --hub URL --address A --data-dir D  the console app's `ConsoleService` signed in as cso1 with its
                                                outbox and journal in D: takes assigned visits, answers their
                                                calls; commands on stdin (claims, ticks: see `console`)

Both speak to a real hub (``kiosk server``) through its REST API and signaling WebSocket, gather ICE candidates
only on `--address` (their host's lab address), and print one JSON status line every 0.2 s on stdout with
``role``, ``state``, ``frames`` (remote video frames decoded so far; the booth receives none from a console
without a camera), ``latency_ms`` (glass to glass of the newest frame whose burnt-in capture time was read, or
null), ``latency_samples`` (how many capture times were read so far), ``audio_frames`` (remote audio frames so
far), ``interrupted_s`` and ``quality`` (the call's `kiosk.app.link_health` report, as the apps show it) and
``reconnections`` (new peer connections after the first), ``signaling_up`` and ``signaling_connections`` (times
the hub welcomed it); the console adds its sessions (``booths``) and its outbox (``claims``,
``claims_delivered``); the booth adds its session as the hub holds it, read
every second (``session_state``, ``session_phone``: the phone number it typed, ``session_assigned``,
``session_read_at``: wall-clock time of the read). For the degraded-link tests both also report the newest
remote frame's size (``width``, ``height``), the video's freezes (``freezes``: [wall-clock end, seconds] of each
gap over `FREEZE_S` between two decoded frames, the newest `FREEZES_KEPT`) and ``since_frame_s`` (seconds since
the newest frame, counting an ongoing freeze); the booth adds the network ladder's rung it sends at (``rung``,
0: the full picture, `kiosk.video.adapt.LADDER`) and the size it sends (``sent_width``, ``sent_height``); the
console adds the current connection's inbound audio RTP counters (``audio_packets_received``,
``audio_packets_lost``, read every second). `ActorStatus` reads those lines in a thread for the test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.config import VideoSettings
from tests.support.wait import wait_until

STATUS_INTERVAL_S = 0.2
#: A gap between two decoded frames longer than this is a freeze (as in bench/network_faults.py).
FREEZE_S = 0.5
FREEZES_KEPT = 50
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


class _FrameGaps:
    """Every decoded frame of a peer's remote video (a sink on its `VideoReceiver`, which outlives reconnections):
    the freezes, each gap over `FREEZE_S` between two frames, timed where the frames arrive (not at the 0.2 s
    status lines, which a loaded machine may delay)."""

    def __init__(self) -> None:
        self.peer: Any = None
        self.last_at: float | None = None  # monotonic
        self.freezes: list[list[float]] = []  # [wall-clock end, seconds]

    def follow(self, peer: Any) -> None:
        """Watch `peer`'s remote video (once per peer object)."""
        if peer is not None and peer is not self.peer:
            self.peer = peer
            peer.remote_video.add_sink(self._frame)

    def _frame(self, frame: Any) -> None:
        now = time.monotonic()
        if self.last_at is not None and now - self.last_at > FREEZE_S:
            self.freezes = [*self.freezes[-(FREEZES_KEPT - 1) :], [time.time(), round(now - self.last_at, 3)]]
        self.last_at = now

    def status(self) -> dict[str, Any]:
        """The freezes so far and the seconds since the newest frame (None before the first)."""
        since = None if self.last_at is None else round(time.monotonic() - self.last_at, 3)
        return {"freezes": self.freezes, "since_frame_s": since}


async def _report(
    role: str, peer_of: Callable[[], Any], details: Callable[[], dict[str, Any]], stop: asyncio.Event
) -> None:
    """One status line every `STATUS_INTERVAL_S` until `stop`: the call's peer, and what `details` adds."""
    gaps = _FrameGaps()
    while not stop.is_set():
        peer = peer_of()
        gaps.follow(peer)
        latencies = peer.remote_video.latencies_ms if peer is not None else None
        newest = peer.remote_video.latest() if peer is not None else None
        status = {
            "width": newest.frame.width if newest is not None else 0,
            "height": newest.frame.height if newest is not None else 0,
            **gaps.status(),
            "audio_frames": peer.remote_audio.frames_received if peer is not None else 0,
            "reconnections": peer.reconnections if peer is not None else 0,
            **details(),
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


def _signaling(client: Any) -> dict[str, Any]:
    """The signaling connection as the status shows it: up or not, and how many times it was welcomed."""
    from kiosk.video.signaling import SignalingState

    up = client is not None and client.state is SignalingState.CONNECTED
    return {"signaling_up": up, "signaling_connections": client.connections if client is not None else 0}


async def booth(hub_url: str, address: str, number: int) -> None:
    """Enroll, check in and call through the booth app's own `CallLink`, until SIGTERM."""
    from kiosk.app.booth.call_link import CallLink
    from kiosk.client.hub_api import HubClient
    from kiosk.config import BoothSettings, Settings
    from kiosk.protocol.rest import Intake
    from kiosk.server.seed import DEMO_USERS
    from kiosk.video.camera import SyntheticCamera

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
    settings = Settings(
        booth=BoothSettings(hub_url=hub_url, microphone="tone", speaker="null"), video=_settings(address)
    )
    link = CallLink(settings, token, camera)
    link.begin_session(visit.id)
    await link.start()
    watcher = asyncio.get_running_loop().create_task(_watch_session(api, visit.id, session))

    def sending() -> dict[str, Any]:
        from kiosk.video.adapt import LADDER

        feed = link.peer.video if link.peer is not None else None
        if feed is None:
            return {"rung": None, "sent_width": 0, "sent_height": 0}
        return {"rung": LADDER.index(feed.rung), "sent_width": feed.sent_size[0], "sent_height": feed.sent_size[1]}

    def details() -> dict[str, Any]:
        report = link.link_health.report
        return {
            **sending(),
            "interrupted_s": report.interrupted_s,
            "quality": report.quality.value,
            **_signaling(link._signaling),
            **session,
        }

    try:
        await _report("booth", lambda: link.peer, details, stop)
    finally:
        watcher.cancel()
        await link.close()
        camera.stop()


async def _watch_audio(peer_of: Callable[[], Any], into: dict[str, int]) -> None:
    """The current connection's inbound audio RTP counters, every second (as bench/network_faults.py reads them:
    the connection directly, since the app's statistics only cover video)."""
    from aiortc.stats import RTCInboundRtpStreamStats

    while True:
        await asyncio.sleep(1.0)
        peer = peer_of()
        link = peer._link if peer is not None else None
        if link is None:
            continue
        with contextlib.suppress(Exception):  # a connection closing under the read: the next second reads again
            report = await link.pc.getStats()
            for entry in report.values():
                if isinstance(entry, RTCInboundRtpStreamStats) and entry.kind == "audio":
                    into.update(
                        audio_packets_received=int(entry.packetsReceived or 0),
                        audio_packets_lost=int(entry.packetsLost or 0),
                    )


class _NoWindow:
    """The console's `ConsoleView` without a window: the actor signs in by itself."""

    def show_login(self, problem: Any = None, detail: str = "") -> None:
        """Sign-in refused: the actor cannot go on."""
        raise SystemExit(f"sign-in refused: {problem} {detail}")

    def show_console(self, officer_name: str) -> None:
        """Signed in."""


def walk_in_claim() -> dict[str, Any]:
    """A valid claim without a session (a walk-in at the counter), as the console's outbox sends it."""
    from datetime import date

    from kiosk.domain.dates import add_months
    from kiosk.server.seed import demo_participants

    today = date.today()
    p = next(x for x in demo_participants(today) if x.case == "jht_layoff_eligible")
    return {
        "branch_code": "KDR",
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": add_months(today, -2).isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": p.name},
        "documents": ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"],
    }


async def console(hub_url: str, address: str, data_dir: str) -> None:
    """The console app's own `ConsoleService` signed in as cso1 (no window, no devices), until SIGTERM.

    Commands, one JSON object a line on stdin: ``{"claim": KEY}`` queues a walk-in claim in the outbox under
    KEY (with ``"die": true`` the process SIGKILLs itself right after the claim is on disk, before the outbox
    worker can try it); ``{"verify": DOCUMENT}`` ticks a document of the first session as checked;
    ``{"focus": true}`` focuses the first session (the officer touches its tile: full quality, talking to it).
    """
    from pathlib import Path

    from kiosk.app.console.hub_adapter import HubAdapter
    from kiosk.app.console.service import ConsoleService
    from kiosk.app.console.state import ConsoleState
    from kiosk.client.outbox import DeliveryState
    from kiosk.config import ConsoleSettings, Settings
    from kiosk.server.seed import DEMO_USERS

    stop = asyncio.Event()
    _stop_on_signal(stop)
    await _wait_for_hub(hub_url)
    password = next(u.password for u in DEMO_USERS if u.username == "cso1")
    folder = Path(data_dir)
    console_settings = ConsoleSettings(
        hub_url=hub_url, data_dir=folder, record_sessions=False, camera="none", microphone="null", speaker="null"
    )
    settings = Settings(console=console_settings, video=_settings(address))
    state = ConsoleState(cap=4)
    service = ConsoleService(state, _NoWindow(), settings, HubAdapter(hub_url), data_dir=folder)
    if not await service.login("cso1", password, 4):
        raise SystemExit("sign-in failed")
    loop = asyncio.get_running_loop()

    def command(line: str) -> None:
        with contextlib.suppress(ValueError):
            order = json.loads(line)
            if "claim" in order:
                service.outbox.enqueue(str(order["claim"]), walk_in_claim())
                if order.get("die"):
                    os.kill(os.getpid(), signal.SIGKILL)  # a power cut right after "submit"
            if "verify" in order and state.booths:
                state.set_verified(next(iter(state.booths)), str(order["verify"]), True)
            if order.get("focus") and state.booths:
                state.focus(next(iter(state.booths)))

    def read_commands() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(command, line)

    threading.Thread(target=read_commands, daemon=True).start()
    audio: dict[str, int] = {}
    audio_task = loop.create_task(_watch_audio(lambda: next(iter(service.router.peers.values()), None), audio))

    def details() -> dict[str, Any]:
        booths = {
            sid: {
                "booth_number": b.booth_number,
                "state": b.state.value,
                "phone": b.detail.entries.get("phone"),
                "verified": sorted(b.detail.verified),
                "connected": b.connected,
            }
            for sid, b in state.booths.items()
        }
        first = next(iter(state.booths.values()), None)
        claims = {e.session_id: [e.state.value, e.attempts, e.reference] for e in service.outbox.entries()}
        return {
            "interrupted_s": first.interrupted_s if first is not None else None,
            "quality": first.network.value if first is not None else "unknown",
            "booths": booths,
            "claims": claims,
            "claims_delivered": len(service.outbox.entries(DeliveryState.DELIVERED)),
            **_signaling(service.signaling),
            **audio,
        }

    try:
        await _report("console", lambda: next(iter(service.router.peers.values()), None), details, stop)
    finally:
        audio_task.cancel()
        await service.close()


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
    def signaling_up(self) -> bool:
        """True while the actor's signaling connection to the hub is up (welcomed)."""
        return bool(self.latest.get("signaling_up"))

    @property
    def signaling_connections(self) -> int:
        """How many times the hub has welcomed the actor's signaling so far."""
        return int(self.latest.get("signaling_connections") or 0)

    @property
    def booths(self) -> dict[str, dict[str, Any]]:
        """Console: its sessions (booth number, state, phone typed, documents ticked, connected) by session id."""
        return dict(self.latest.get("booths") or {})

    @property
    def claims(self) -> dict[str, list[Any]]:
        """Console: its outbox (state, attempts, reference) by entry."""
        return dict(self.latest.get("claims") or {})

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the newest remote frame ((0, 0) before the first)."""
        return int(self.latest.get("width") or 0), int(self.latest.get("height") or 0)

    def freezes_since(self, wall_clock: float) -> list[float]:
        """Seconds of each freeze (over `FREEZE_S` without a new frame) that ended after `wall_clock`
        (`time.time()`), and of the one going on now, if any."""
        ended = [float(gap) for end, gap in self.latest.get("freezes") or [] if float(end) > wall_clock]
        ongoing = self.latest.get("since_frame_s")
        if ongoing is not None and float(ongoing) > FREEZE_S:
            ended.append(float(ongoing))
        return ended

    @property
    def rung(self) -> int | None:
        """Booth: the network ladder's rung its video is sent at (0: the full picture), or None."""
        value = self.latest.get("rung")
        return None if value is None else int(value)

    @property
    def audio_packets(self) -> tuple[int, int]:
        """Console: the current connection's inbound audio RTP packets, (received, lost)."""
        return int(self.latest.get("audio_packets_received") or 0), int(self.latest.get("audio_packets_lost") or 0)

    def send(self, **order: object) -> None:
        """Write one command to the actor's stdin (see `console`)."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(order).encode() + b"\n")
        self.process.stdin.flush()

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
    parser.add_argument("--data-dir", default="", help="the console's data dir: outbox and journal (console only)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {args.role} %(name)s: %(message)s")
    if args.role == "booth":
        asyncio.run(booth(args.hub, args.address, args.number))
    else:
        asyncio.run(console(args.hub, args.address, args.data_dir))


if __name__ == "__main__":
    main()
