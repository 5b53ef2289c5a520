"""Console capacity: N synthetic booths, each its own process, stream to one console process.

    python -m bench.console_capacity --booths 6 --seconds 20 --json out.json
    python -m bench.console_capacity --sweep 2,4,6,8,12 --seconds 20 --json sweep.json --markdown

The console process is what `kiosk console` does with its booths: it signals with each booth over a WebSocket
on 127.0.0.1 (a stand-in for the hub's relay, speaking the same envelopes), answers their offers with
`ConsolePeer`, drains and decodes every stream, and converts every decoded frame to the display format of the
console UI (RGB888 numpy, wrapped zero-copy in a QImage when PySide6 is there), on the event loop as the UI's
paint does. One booth is focused (1280x720 at up to 30 fps), the others are thumbnails (320x180 at 10 fps).
Each booth renders the synthetic scene with its capture time burnt in, so the console reads glass-to-glass
latency from every frame.

Reported per run: per-tile and focused display frame rates, latency p50/p95, console CPU (share of one core)
and peak memory, the booths' CPU, and event-loop lag in the console.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from kiosk.config import VideoSettings

log = logging.getLogger("bench.console_capacity")

TOKEN = "bench-token"


def _settings(address: str = "127.0.0.1") -> VideoSettings:
    return VideoSettings(ice_host_addresses=[address], reconnect_backoff_s=[0.5, 1.0, 2.0])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


# ----------------------------------------------------------------------------------------------------------------
# Console process


@dataclass
class _Tile:
    session_id: str
    peer: Any
    shown: int = 0
    shown_at_start: int = 0
    latency_mark: int = 0
    sizes: set[tuple[int, int]] = field(default_factory=set)


def _all_up(tiles: dict[str, _Tile], booths: int) -> bool:
    from kiosk.video.peer import PeerState

    return len(tiles) == booths and all(
        t.peer.state is PeerState.CONNECTED or t.peer.state is PeerState.CONNECTING for t in tiles.values()
    )


def relay_handler(
    tiles: dict[str, _Tile],
    settings: VideoSettings,
    show: Callable[[_Tile], None],
    on_offer: Callable[[], object] | None = None,
    camera: Any = None,
) -> Callable[[Any], Awaitable[None]]:
    """The console's stand-in for the hub's relay: a WebSocket handler that welcomes each booth, gives it a
    `ConsolePeer` (a `_Tile` in `tiles`, `show(tile)` per decoded frame, `camera` as the officer's) and feeds it
    the booth's offers."""
    from websockets.asyncio.server import ServerConnection

    from kiosk.protocol import HelloPayload, MessageError, Role, SignalType, WelcomePayload, parse_envelope, signal
    from kiosk.video.peer import ConsolePeer

    async def handler(ws: ServerConnection) -> None:
        hello = parse_envelope(await ws.recv())
        session_id = hello.payload_as(HelloPayload).session_id or f"s-{len(tiles)}"
        welcome = WelcomePayload(role=Role.BOOTH, client_id=session_id, branch_code="BENCH", heartbeat_interval_s=5)
        await ws.send(signal(SignalType.WELCOME, welcome).to_json())

        async def send(envelope: Any) -> None:
            await ws.send(envelope.to_json())

        tile = tiles.get(session_id)
        if tile is None:
            tile = _Tile(session_id, None)
            tile.peer = ConsolePeer(session_id, settings, send, on_remote_frame=lambda: show(tile), camera=camera)
            tiles[session_id] = tile
        async for raw in ws:
            try:
                envelope = parse_envelope(raw)
            except MessageError:
                continue
            if envelope.type in (SignalType.OFFER, SignalType.BYE):
                await tile.peer.handle_signal(envelope)
                if on_offer is not None:
                    on_offer()

    return handler


def _console_main(
    booths: int, seconds: float, warmup: float, pipe: Connection, profile: str | None, officer_camera: bool = True
) -> None:
    if not profile or profile == "sample":
        asyncio.run(_console(booths, seconds, warmup, pipe, officer_camera, sample=profile == "sample"))
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        asyncio.run(_console(booths, seconds, warmup, pipe, officer_camera))
    finally:
        profiler.disable()
        profiler.dump_stats(profile)


async def _console(
    booths: int, seconds: float, warmup: float, pipe: Connection, officer_camera: bool = True, sample: bool = False
) -> None:
    from websockets.asyncio.server import serve

    from bench.console_profile import Sampler
    from kiosk.video.camera import SyntheticCamera
    from kiosk.video.peer import PeerState

    try:
        from PySide6.QtGui import QImage
    except ImportError:  # the bench also runs where Qt is missing; the array is the same either way
        QImage = None  # noqa: N806

    settings = _settings()
    tiles: dict[str, _Tile] = {}
    all_connected = asyncio.Event()
    loop = asyncio.get_running_loop()

    def show(tile: _Tile) -> None:
        # What the tile widget does at paint time: newest frame -> RGB888 -> QImage (no copy).
        array = tile.peer.latest_frame("rgb24")
        if array is None:
            return
        tile.shown += 1
        height, width = array.shape[:2]
        tile.sizes.add((width, height))
        if QImage is not None:
            QImage(array.data, width, height, array.strides[0], QImage.Format.Format_RGB888)

    # The officer's camera: a synthetic 1280x720 source; every ConsolePeer has it, only the focused one sends it
    # at focus size (the others send a paused 160x90 frame a second), as in `kiosk console`.
    camera = SyntheticCamera(1280, 720, 30, seed=99) if officer_camera else None
    if camera is not None:
        camera.start()
    handler = relay_handler(
        tiles, settings, show, lambda: _all_up(tiles, booths) and all_connected.set(), camera=camera
    )

    lags: list[float] = []

    async def measure_lag() -> None:
        while True:
            start = loop.time()
            await asyncio.sleep(0.05)
            lags.append((loop.time() - start - 0.05) * 1000)

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        pipe.send(("port", port))
        await asyncio.wait_for(all_connected.wait(), 120)
        for tile in tiles.values():
            await tile.peer.wait_for_state(PeerState.CONNECTED, 120)
        ordered = sorted(tiles.values(), key=lambda t: t.session_id)
        focused = ordered[0]
        await focused.peer.focus()
        await asyncio.sleep(warmup)
        lag_task = loop.create_task(measure_lag())
        officer_sent = focused.peer.video.frames_sent if focused.peer.video is not None else 0
        sampler = Sampler() if sample else None
        if sampler is not None:
            sampler.start()
        for tile in ordered:
            tile.shown_at_start = tile.shown
            tile.latency_mark = tile.peer.remote_video.latency_samples
            tile.sizes.clear()
        cpu_start = time.process_time()
        wall_start = time.monotonic()
        pipe.send(("measuring", None))
        await asyncio.sleep(seconds)
        wall = time.monotonic() - wall_start
        cpu = time.process_time() - cpu_start
        profile = sampler.stop(cpu) if sampler is not None else None
        officer_fps = (focused.peer.video.frames_sent - officer_sent) / wall if focused.peer.video is not None else 0.0
        officer_size = focused.peer.video.sent_size if focused.peer.video is not None else (0, 0)
        lag_task.cancel()
        results = []
        for tile in ordered:
            receiver = tile.peer.remote_video
            fresh = receiver.latency_samples - tile.latency_mark
            latencies = list(receiver.latencies_ms)[-fresh:] if fresh > 0 else []
            results.append(
                {
                    "session": tile.session_id,
                    "focused": tile is focused,
                    "fps": (tile.shown - tile.shown_at_start) / wall,
                    "sizes": sorted(tile.sizes),
                    "latencies": latencies,
                    "latency_p50": _quantile(latencies, 0.5),
                    "latency_p95": _quantile(latencies, 0.95),
                    "reconnections": tile.peer.reconnections,
                }
            )
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pipe.send(
            (
                "result",
                {
                    "tiles": results,
                    "cpu_share": cpu / wall,
                    "peak_rss_mb": peak_rss_mb,
                    "loop_lag_p95_ms": _quantile(lags, 0.95),
                    "loop_lag_max_ms": max(lags) if lags else None,
                    "officer_fps": officer_fps,
                    "officer_size": officer_size,
                    "profile": profile,
                },
            )
        )
        for tile in ordered:
            await tile.peer.close()
        if camera is not None:
            camera.stop()


# ----------------------------------------------------------------------------------------------------------------
# Booth process


def _booth_main(index: int, port: int, stop: Any, report: Any, nice: int, **hub: str) -> None:
    if nice:
        # The booths stand in for other PCs: they must not take CPU the console would have on its own machine.
        os.nice(nice)
    asyncio.run(_booth(index, port, stop, report, **hub))  # `hub`: a real hub's `token` and `session_id`


async def _booth(
    index: int,
    port: int,
    stop: Any,
    report: Any,
    console_host: str = "127.0.0.1",
    address: str = "127.0.0.1",
    adaptive: bool = True,
    token: str = TOKEN, session_id: str = "",  # a real hub's booth token and the booth's open session
) -> None:
    """A synthetic booth calling the console at `console_host`:`port` from `address` until `stop.is_set()`;
    `adaptive`: its video follows the network (kiosk/video/adapt.py), as the product's does."""
    from kiosk.protocol import HelloPayload, Role
    from kiosk.video.audio import ToneInput
    from kiosk.video.camera import SyntheticCamera
    from kiosk.video.peer import BoothPeer
    from kiosk.video.signaling import SessionRouter, SignalingClient

    session_id = session_id or f"s-{index:02d}"
    camera = SyntheticCamera(1280, 720, 30, seed=index)
    camera.start()
    router = SessionRouter()
    client = SignalingClient(
        f"http://{console_host}:{port}", token, HelloPayload(role=Role.BOOTH, session_id=session_id), on_envelope=router
    )
    # The officer's video is decoded (aiortc always does) but not converted for a screen: the booth's display
    # stands in for another PC's, and converting here would only take CPU from the console on this machine.
    peer = BoothPeer(
        session_id,
        _settings(address),
        client.send,
        camera=camera,
        microphone=ToneInput(300 + 20 * index),
        display_format=None,
        read_timecodes=False,
    )
    if peer.video is not None:
        peer.video.adaptive = adaptive
    router.add(session_id, peer.handle_signal)
    await client.start()
    await client.wait_connected(60)
    await peer.connect()
    loop = asyncio.get_running_loop()
    lags: list[float] = []
    while not stop.is_set():
        start = loop.time()
        await asyncio.sleep(0.05)
        lags.append((loop.time() - start - 0.05) * 1000)
    report.put({"booth": index, "loop_lag_p95_ms": _quantile(lags[-400:], 0.95), "loop_lag_max_ms": max(lags[-400:])})
    await peer.close()
    await client.close()
    camera.stop()


# ----------------------------------------------------------------------------------------------------------------
# Driver


def _quantile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


@dataclass(frozen=True)
class RunResult:
    """One run's figures (frame rates are what the console displayed)."""

    booths: int
    seconds: float
    focused_fps: float
    focused_size: str
    thumbnail_fps_min: float
    thumbnail_fps_median: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    focused_latency_p95_ms: float | None
    console_cpu_pct: float
    console_peak_rss_mb: float
    booths_cpu_pct: float
    loop_lag_p95_ms: float | None
    loop_lag_max_ms: float | None
    reconnections: int
    load_average_1m: float
    officer_camera_fps: float = 0.0
    officer_camera_size: str = "-"
    profile: dict[str, Any] | None = None
    displayed_fps_total: float = 0.0


def run(
    booths: int,
    seconds: float,
    warmup: float = 5.0,
    booth_nice: int = 10,
    profile: str | None = None,
    officer_camera: bool = True,
) -> RunResult:
    """Start one console and `booths` booth processes, measure for `seconds`, stop everything.

    `profile`: a file for a cProfile of the console's event loop, or ``"sample"`` for a sampling profile of all
    its threads (`bench.console_profile`) in the result."""
    context = mp.get_context("spawn")
    parent_end, child_end = context.Pipe()
    console = context.Process(
        target=_console_main, args=(booths, seconds, warmup, child_end, profile, officer_camera), name="console"
    )
    console.start()
    kind, port = parent_end.recv()
    assert kind == "port"
    stop = context.Event()
    report = context.Queue()
    procs = [
        context.Process(target=_booth_main, args=(i, port, stop, report, booth_nice), name=f"booth-{i}", daemon=True)
        for i in range(booths)
    ]
    for proc in procs:
        proc.start()
    try:
        if not parent_end.poll(240):
            raise RuntimeError("the console did not start measuring within 240 s")
        kind, _ = parent_end.recv()
        assert kind == "measuring"
        booth_cpu_start = sum(_cpu_seconds(p.pid) for p in procs if p.pid)
        wall_start = time.monotonic()
        if not parent_end.poll(seconds + 120):
            raise RuntimeError("no result from the console")
        kind, result = parent_end.recv()
        booth_cpu = sum(_cpu_seconds(p.pid) for p in procs if p.pid) - booth_cpu_start
        wall = time.monotonic() - wall_start
        load = os.getloadavg()[0]
    finally:
        stop.set()
        booth_reports = []
        with contextlib.suppress(Exception):
            for _ in procs:
                booth_reports.append(report.get(timeout=20))
        for proc in procs:
            proc.join(timeout=20)
            if proc.is_alive():
                proc.terminate()
        console.join(timeout=30)
        if console.is_alive():
            console.terminate()
    tiles = result["tiles"]
    if os.environ.get("BENCH_DETAIL"):
        for tile in tiles:
            print(
                "tile",
                tile["session"],
                tile["focused"],
                round(tile["fps"], 1),
                tile["latency_p50"],
                tile["latency_p95"],
                max(tile["latencies"] or [0]),
                file=sys.stderr,
            )
        for entry in sorted(booth_reports, key=lambda e: e["booth"]):
            print("booth", entry, file=sys.stderr)
    focused = next(t for t in tiles if t["focused"])
    thumbs = [t for t in tiles if not t["focused"]]
    all_latencies = [v for t in tiles for v in t["latencies"]]
    thumb_fps = [t["fps"] for t in thumbs] or [0.0]
    return RunResult(
        booths=booths,
        seconds=seconds,
        focused_fps=round(focused["fps"], 1),
        focused_size="/".join(f"{w}x{h}" for w, h in focused["sizes"]),
        thumbnail_fps_min=round(min(thumb_fps), 1),
        thumbnail_fps_median=round(statistics.median(thumb_fps), 1),
        latency_p50_ms=_round(_quantile(all_latencies, 0.5)),
        latency_p95_ms=_round(_quantile(all_latencies, 0.95)),
        focused_latency_p95_ms=_round(_quantile(focused["latencies"], 0.95)),
        console_cpu_pct=round(result["cpu_share"] * 100, 1),
        console_peak_rss_mb=round(result["peak_rss_mb"], 1),
        booths_cpu_pct=round(booth_cpu / wall * 100, 1),
        loop_lag_p95_ms=_round(result["loop_lag_p95_ms"]),
        loop_lag_max_ms=_round(result["loop_lag_max_ms"]),
        reconnections=sum(t["reconnections"] for t in tiles),
        load_average_1m=round(load, 2),
        officer_camera_fps=round(result["officer_fps"], 1),
        officer_camera_size="x".join(str(v) for v in result["officer_size"]) if officer_camera else "-",
        profile=result["profile"],
        displayed_fps_total=round(sum(t["fps"] for t in tiles), 1),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def markdown_table(results: list[RunResult]) -> str:
    """The results as the table in docs/benchmarks.md."""
    lines = [
        "| booths | focused fps (size) | thumbnail fps min / median | latency p50 / p95 ms | focused p95 ms "
        "| console CPU % of a core | officer camera fps (size) | console peak RSS MB | booths CPU % "
        "| loop lag p95 ms | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.booths} | {r.focused_fps} ({r.focused_size}) | {r.thumbnail_fps_min} / {r.thumbnail_fps_median} "
            f"| {r.latency_p50_ms} / {r.latency_p95_ms} | {r.focused_latency_p95_ms} | {r.console_cpu_pct} "
            f"| {r.officer_camera_fps} ({r.officer_camera_size}) | {r.console_peak_rss_mb} | {r.booths_cpu_pct} "
            f"| {r.loop_lag_p95_ms} | {r.load_average_1m} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--booths", type=int, default=6, help="booth processes (one run)")
    parser.add_argument("--sweep", help="comma-separated booth counts, one run each (overrides --booths)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measurement window per run")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds after focusing before measuring")
    parser.add_argument("--booth-nice", type=int, default=10, help="niceness of the booth processes (0: none)")
    parser.add_argument(
        "--profile", help="write a cProfile of the console process to this file (one run); 'sample': all threads"
    )
    parser.add_argument("--no-officer-camera", action="store_true", help="the console sends no camera")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    counts = [int(n) for n in args.sweep.split(",")] if args.sweep else [args.booths]
    results = []
    for count in counts:
        result = run(count, args.seconds, args.warmup, args.booth_nice, args.profile, not args.no_officer_camera)
        print(json.dumps(asdict(result)), flush=True)
        results.append(result)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump([asdict(r) for r in results], handle, indent=2)
    if args.markdown:
        print(markdown_table(results))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
