"""Console focus switch: from the officer's click on a tile to that booth's first frame at focus resolution.

    QT_QPA_PLATFORM=offscreen python -m bench.console_focus --booths 4 --repeats 12 --json out.json --markdown

One process holds the whole chain, all real: a hub (uvicorn on 127.0.0.1, a temporary SQLite file, the demo
seed), the console (`ConsoleService` and `ConsoleWindow`, offscreen, on a qasync loop) logged in as cso1, and N
synthetic booths (`SignalingClient` + `BoothPeer` + a 1280x720 `SyntheticCamera`), each checked in and waiting,
so the hub assigns them to the console and they connect peer to peer. Each repetition clicks the tile of the next
booth (a mouse click on its video, as the officer does; the previously focused booth goes on hold) and times until
the console decodes the first frame of that booth at the focus size (1280x720), read from a frame sink on the
booth's receiver at decode time. Before each click the target is confirmed to be at thumbnail size, so a stale
large frame never counts.

Reported: median, p90 and max over the repetitions, plus the booths' count; the booths share the two cores with
the console and the hub, so figures are upper bounds of what separate booth PCs would see.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

log = logging.getLogger("bench.console_focus")

FOCUS_SIZE = (1280, 720)


@contextlib.contextmanager
def _hub(data_dir: Path) -> Iterator[str]:
    """A seeded hub serving on a free port of 127.0.0.1 until the block ends; its base URL."""
    import uvicorn

    from kiosk.config import Settings
    from kiosk.protocol import MAX_MESSAGE_BYTES
    from kiosk.server.app import create_app
    from kiosk.server.context import utc_now
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.seed import seed_demo

    settings = Settings(server={"data_dir": data_dir})
    database = Database.from_url(settings.database_url())
    upgrade(database.engine)
    with database.session() as session:
        seed_demo(session, utc_now())
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, database=database),
        log_level="warning",
        access_log=False,
        lifespan="on",
        ws_max_size=MAX_MESSAGE_BYTES + 1024,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        database.dispose()


class _Booth:
    """A booth without its UI: signaling, and a peer with a synthetic 1280x720 camera once assigned."""

    def __init__(self, ws_url: str, token: str, session_id: str, settings: Any) -> None:
        from kiosk.protocol import HelloPayload, Role
        from kiosk.video.camera import SyntheticCamera
        from kiosk.video.signaling import SessionRouter, SignalingClient

        self.settings = settings
        self.camera = SyntheticCamera(*FOCUS_SIZE, 30)
        self.peer: Any = None
        self.router = SessionRouter(other=self._other)
        self.signaling = SignalingClient(
            ws_url, token, HelloPayload(role=Role.BOOTH, session_id=session_id), on_envelope=self.router
        )

    async def start(self) -> None:
        self.camera.start()
        await self.signaling.start()

    async def _other(self, envelope: Any) -> None:
        from kiosk.protocol import AssignmentPayload, SignalType
        from kiosk.video.peer import BoothPeer

        if envelope.type is SignalType.ASSIGNMENT and self.peer is None:
            assignment = envelope.payload_as(AssignmentPayload)
            self.peer = BoothPeer(assignment.session_id, self.settings.video, self.signaling.send, camera=self.camera)
            self.router.add(assignment.session_id, self.peer.handle_signal)
            await self.peer.connect()

    async def close(self) -> None:
        if self.peer is not None:
            await self.peer.close()
        await self.signaling.close()
        self.camera.stop()


class _BoothProcess:
    """A `_Booth` in a process of its own (``--booth-processes``): on site each booth is its own PC, and in one
    process the booths' encoders share the console's event loop and GIL."""

    def __init__(self, ws_url: str, token: str, session_id: str, nice: int) -> None:
        import multiprocessing as mp

        context = mp.get_context("spawn")
        self._stop = context.Event()
        self._process = context.Process(
            target=_booth_process, args=(ws_url, token, session_id, self._stop, nice), daemon=True
        )

    async def start(self) -> None:
        self._process.start()

    async def close(self) -> None:
        self._stop.set()
        await asyncio.to_thread(self._process.join, 20)
        if self._process.is_alive():
            self._process.terminate()


def _booth_process(ws_url: str, token: str, session_id: str, stop: Any, nice: int) -> None:
    from kiosk.config import Settings, VideoSettings

    if nice:
        os.nice(nice)
    settings = Settings(video=VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0]))

    async def main() -> None:
        booth = _Booth(ws_url, token, session_id, settings)
        await booth.start()
        await asyncio.to_thread(stop.wait)
        await booth.close()

    asyncio.run(main())


async def _until(condition: Any, limit_s: float, what: str) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.01)


async def _measure(booths: int, repeats: int, work: Path, booth_nice: int | None = None) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.app.console.hub_adapter import HubAdapter
    from kiosk.app.console.state import ConsoleState
    from kiosk.client.hub_api import HubClient
    from kiosk.config import ConsoleSettings, Settings, VideoSettings
    from kiosk.domain.claims import ClaimType
    from kiosk.domain.session import SessionState
    from kiosk.protocol.rest import Intake
    from kiosk.ui.console.main import assemble
    from kiosk.ui.console.sound import AttentionSound

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=8))
    samples: list[float] = []
    with _hub(work / "hub") as base_url:
        settings = Settings(
            video=VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0]),
            console=ConsoleSettings(hub_url=base_url, data_dir=work / "console", sound=False, record_sessions=False),
        )
        controller = ConsoleState(cap=min(booths, 12), max_cap=12)
        window, service = assemble(controller, settings, HubAdapter(base_url), sound=AttentionSound(enabled=False),
                                   data_dir=work / "console")
        window.resize(1600, 900)
        window.show()
        if not await service.login("cso1", "cso1-demo", min(booths, 12)):
            raise RuntimeError("the console could not log in")
        admin = HubClient(base_url)
        admin.login("admin", "admin-demo")
        started: list[_Booth | _BoothProcess] = []
        try:
            sessions: list[str] = []
            for number in range(1, booths + 1):
                token = HubClient(base_url).enroll(admin.create_enrollment_code("KDR", number).code).device_token
                api = HubClient(base_url, token=token)
                visit = api.check_in(walk_in=True)
                api.set_state(visit.id, SessionState.SELF_SERVICE)
                api.put_intake(visit.id, Intake(claim_type=ClaimType.JHT, reason="resignation"))
                ws = base_url.replace("http://", "ws://") + "/api/v1/ws"
                booth: _Booth | _BoothProcess = (
                    _Booth(ws, token, visit.id, settings)
                    if booth_nice is None
                    else _BoothProcess(ws, token, visit.id, booth_nice)
                )
                await booth.start()
                started.append(booth)
                api.set_state(visit.id, SessionState.WAITING_CSO)
                sessions.append(visit.id)
            await _until(lambda: all(s in window.grid.tiles for s in sessions), 60, "tiles")
            await _until(
                lambda: all(
                    (p := service.router.peers.get(s)) is not None and p.latest_frame() is not None for s in sessions
                ),
                60,
                "first frames",
            )
            await asyncio.sleep(2.0)  # let every stream settle at its grid quality
            for rep in range(repeats + 1):  # the first switch is a warm-up
                sid = sessions[rep % len(sessions)]
                receiver = service.router.peers[sid].remote_video
                await _until(
                    lambda r=receiver: (f := r.latest()) is not None and f.frame.width < FOCUS_SIZE[0],
                    20,
                    "thumbnail before the click",
                )
                arrived: list[float] = []

                def sink(frame: Any, arrived: list[float] = arrived) -> None:
                    if not arrived and (frame.width, frame.height) == FOCUS_SIZE:
                        arrived.append(time.perf_counter())

                receiver.add_sink(sink)
                tile = window.grid.tiles[sid]
                clicked = time.perf_counter()
                QTest.mouseClick(tile.video, Qt.MouseButton.LeftButton)
                try:
                    await _until(lambda a=arrived: bool(a), 20, "first frame at focus size")
                finally:
                    receiver.remove_sink(sink)
                if controller.focused != sid:
                    raise RuntimeError("the click did not focus the booth")
                if rep > 0:
                    samples.append((arrived[0] - clicked) * 1000.0)
                log.info("switch %d to %s: %.0f ms", rep, sid, (arrived[0] - clicked) * 1000.0)
                await asyncio.sleep(0.5)
        finally:
            for booth in started:
                with contextlib.suppress(Exception):
                    await booth.close()
            await service.close()
            window.close()
    return samples


def _summary(booths: int, samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "booths": booths,
        "repeats": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p90_ms": round(p90, 1),
        "max_ms": round(max(samples), 1),
        "samples_ms": [round(s, 1) for s in samples],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each booth count; print a table (markdown with --markdown)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--booths", default="4", help="booth count, or a comma list (e.g. 2,4,6)")
    parser.add_argument("--repeats", type=int, default=12, help="measured switches per run (after one warm-up)")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument(
        "--booth-processes",
        type=int,
        metavar="NICE",
        default=None,
        help="run each booth in a process of its own at this niceness (default: all in the console's process)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")

    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    results: list[dict[str, Any]] = []
    for count in (int(x) for x in str(args.booths).split(",")):
        with tempfile.TemporaryDirectory(prefix="kiosk-focus-") as tmp:
            loop = qasync.QEventLoop(app)
            asyncio.set_event_loop(loop)
            with loop:
                samples = loop.run_until_complete(_measure(count, args.repeats, Path(tmp), args.booth_processes))
        results.append(_summary(count, samples))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        print("| booths | switches | median ms | p90 ms | max ms |")
        print("|---|---|---|---|---|")
        for r in results:
            print(f"| {r['booths']} | {r['repeats']} | {r['median_ms']} | {r['p90_ms']} | {r['max_ms']} |")
    else:
        for r in results:
            print(f"{r['booths']} booths: median {r['median_ms']} ms, p90 {r['p90_ms']} ms, max {r['max_ms']} ms")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # the results are out; a PySide6 app's teardown on Python 3.11 is not worth the risk
