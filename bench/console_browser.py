"""Our console beside a browser console: the same N synthetic booths streamed to each, one after the other.

    python -m bench.console_browser --sweep 2,6,12,16 --seconds 20 --json out.json --markdown

For each N, two runs back to back (the order alternates from one N to the next, so neither always gets the
quieter minute):

- **ours**: `bench.console_capacity.run` (N booth processes, one console process with the officer's camera);
- **Chromium**: the same N booth processes (`bench.console_capacity._booth_main`: `SignalingClient` +
  `BoothPeer` + 1280x720 `SyntheticCamera`, the same niceness) call a relay here instead, which hands each offer
  to a headless Chromium page (`bench/browser_page.html`) over a WebSocket and returns its answer to the booth.
  The page answers with an `RTCPeerConnection` per booth, asks the focused booth for focus quality over the
  booth's own control data channel (the same `set_quality` and `focus` messages as our console), sends Chromium's
  fake 1280x720 camera to the focused booth, and shows every booth in a `<video>` element, the focused one at
  1280x720 and the others at 320x180. It counts presented frames (`requestVideoFrameCallback`), reads the capture
  time burnt into each presented frame (a 160x4 canvas read of the top strip) and `getStats()`.

Chromium's CPU is all its processes (psutil over the tree under chromedriver: browser, renderer, GPU/software
compositor, network and audio services) over the same window as ours; 100 % = one core.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench.console_capacity import RunResult, _booth_main, _quantile
from bench.console_capacity import run as run_ours

log = logging.getLogger("bench.console_browser")

PAGE = Path(__file__).with_name("browser_page.html")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--allow-loopback-in-peer-connection",
    "--window-size=1920,1200",
    # A hidden or occluded page would be throttled: the officer's console is always in front.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


# ----------------------------------------------------------------------------------------------------------------
# Relay: booths' signaling <-> the page


def _relay_main(pipe: Connection) -> None:
    asyncio.run(_relay(pipe))


async def _relay(pipe: Connection) -> None:
    """Serve the page (GET /), the page's socket (/page) and the booths' signaling (any other path)."""
    from websockets.asyncio.server import ServerConnection, serve
    from websockets.datastructures import Headers
    from websockets.http11 import Request, Response

    from kiosk.protocol import (
        HelloPayload,
        MessageError,
        Role,
        SdpPayload,
        SignalType,
        WelcomePayload,
        parse_envelope,
        signal,
    )

    booths: dict[str, ServerConnection] = {}
    page: list[ServerConnection] = []
    page_ready = asyncio.Event()
    body = PAGE.read_bytes()

    def process_request(connection: ServerConnection, request: Request) -> Response | None:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        headers = Headers([("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return Response(200, "OK", headers, body)

    async def handler(ws: ServerConnection) -> None:
        if ws.request is not None and ws.request.path.startswith("/page"):
            page.append(ws)
            page_ready.set()
            async for raw in ws:
                message = json.loads(raw)
                booth = booths.get(message["session"])
                if booth is not None:
                    answer = SdpPayload(sdp=message["sdp"], sdp_type="answer")
                    await booth.send(signal(SignalType.ANSWER, answer, message["session"]).to_json())
            return
        hello = parse_envelope(await ws.recv())
        session_id = hello.payload_as(HelloPayload).session_id or f"s-{len(booths)}"
        welcome = WelcomePayload(role=Role.BOOTH, client_id=session_id, branch_code="BENCH", heartbeat_interval_s=5)
        await ws.send(signal(SignalType.WELCOME, welcome).to_json())
        booths[session_id] = ws
        async for raw in ws:
            try:
                envelope = parse_envelope(raw)
            except MessageError:
                continue
            if envelope.type is SignalType.OFFER:
                await page_ready.wait()
                sdp = envelope.payload_as(SdpPayload).sdp
                await page[-1].send(json.dumps({"session": session_id, "sdp": sdp}))

    async with serve(handler, "127.0.0.1", 0, process_request=process_request, max_size=2**22) as server:
        pipe.send(next(iter(server.sockets)).getsockname()[1])
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # until told to stop


# ----------------------------------------------------------------------------------------------------------------
# One Chromium run


@dataclass(frozen=True)
class BrowserResult:
    """One Chromium run's figures (frame rates are frames presented by the page)."""

    booths: int
    focused_fps: float
    focused_decoded_fps: float
    focused_size: str
    thumbnail_fps_min: float
    thumbnail_fps_median: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    focused_latency_p95_ms: float | None
    jitter_buffer_ms_median: float | None
    decode_ms_median: float | None
    chromium_cpu_pct: float
    chromium_processes: int
    officer_camera_fps: float | None
    officer_camera_size: str | None
    decoder: str
    load_average_1m: float
    displayed_fps_total: float = 0.0


def _tree_cpu(root: Any) -> tuple[float, int]:
    import psutil

    total, count = 0.0, 0
    for proc in root.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
            count += 1
    return total, count


def run_chromium(
    booths: int, seconds: float, warmup: float = 5.0, booth_nice: int = 10, officer_camera: bool = True
) -> BrowserResult:
    """N booth processes to a headless Chromium page; measure for `seconds` after `warmup`."""
    import psutil
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    context = mp.get_context("spawn")
    parent_end, child_end = context.Pipe()
    relay = context.Process(target=_relay_main, args=(child_end,), name="relay", daemon=True)
    relay.start()
    port = parent_end.recv()
    stop = context.Event()
    report = context.Queue()
    procs = []
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        service = Service("/usr/bin/chromedriver")
        driver = webdriver.Chrome(service=service, options=options)
        try:
            url = f"http://127.0.0.1:{port}/?focus=s-00&camera={int(officer_camera)}"
            driver.get(url)
            procs = [
                context.Process(
                    target=_booth_main, args=(i, port, stop, report, booth_nice), name=f"booth-{i}", daemon=True
                )
                for i in range(booths)
            ]
            for proc in procs:
                proc.start()
            deadline = time.monotonic() + 180
            while driver.execute_script("return window.bench.connected") < booths:
                error = driver.execute_script("return window.bench.error")
                if error or time.monotonic() > deadline:
                    raise RuntimeError(f"the page did not connect every booth: {error}")
                time.sleep(0.5)
            time.sleep(warmup)
            root = psutil.Process(service.process.pid)
            driver.execute_script("return window.bench.mark()")
            cpu_start, _ = _tree_cpu(root)
            wall_start = time.monotonic()
            time.sleep(seconds)
            cpu_end, processes = _tree_cpu(root)
            wall = time.monotonic() - wall_start
            result = driver.execute_script("return window.bench.result()")
            load = os.getloadavg()[0]
        finally:
            driver.quit()
            stop.set()
            with contextlib.suppress(Exception):
                for _ in procs:
                    report.get(timeout=20)
            for proc in procs:
                proc.join(timeout=20)
                if proc.is_alive():
                    proc.terminate()
            parent_end.send("stop")
            relay.join(timeout=10)
            if relay.is_alive():
                relay.terminate()
    tiles = result["tiles"]
    if os.environ.get("BENCH_DETAIL"):
        for sid, tile in sorted(tiles.items()):
            print("chromium tile", sid, {k: v for k, v in tile.items() if k != "latencies"}, file=sys.stderr)
    focused = next(t for t in tiles.values() if t["focused"])
    thumbs = [t for t in tiles.values() if not t["focused"]]
    thumb_fps = [t["presented_fps"] for t in thumbs] or [0.0]
    latencies = [v for t in tiles.values() for v in t["latencies"]]
    jitter = [t["jitter_buffer_ms"] for t in tiles.values() if t["jitter_buffer_ms"] is not None]
    decode = [t["decode_ms"] for t in tiles.values() if t["decode_ms"] is not None]
    return BrowserResult(
        booths=booths,
        focused_fps=round(focused["presented_fps"], 1),
        focused_decoded_fps=round(focused["decoded_fps"], 1),
        focused_size=focused["size"],
        thumbnail_fps_min=round(min(thumb_fps), 1),
        thumbnail_fps_median=round(statistics.median(thumb_fps), 1),
        latency_p50_ms=_round(_quantile(latencies, 0.5)),
        latency_p95_ms=_round(_quantile(latencies, 0.95)),
        focused_latency_p95_ms=_round(_quantile(focused["latencies"], 0.95)),
        jitter_buffer_ms_median=_round(statistics.median(jitter)) if jitter else None,
        decode_ms_median=_round(statistics.median(decode)) if decode else None,
        chromium_cpu_pct=round((cpu_end - cpu_start) / wall * 100, 1),
        chromium_processes=processes,
        officer_camera_fps=_round(focused["officer_fps"]),
        officer_camera_size=focused["officer_size"],
        decoder=focused["decoder"],
        load_average_1m=round(load, 2),
        displayed_fps_total=round(sum(t["presented_fps"] for t in tiles.values()), 1),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ----------------------------------------------------------------------------------------------------------------
# Driver


def _ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}"


def _per_frame(cpu_pct: float, fps: float) -> float | None:
    """Milliseconds of CPU per frame shown: comparable when a starved process shows fewer frames."""
    return None if fps <= 0 else round(cpu_pct * 10 / fps, 2)


def markdown_table(pairs: list[tuple[RunResult, BrowserResult]]) -> str:
    """Ours beside Chromium, one row per N."""
    lines = [
        "| sessions | focused fps ours / Chromium | thumbnail fps min ours / Chromium "
        "| latency p50 / p95 ms ours | latency p50 / p95 ms Chromium | CPU % of a core ours / Chromium (ratio) "
        "| CPU ms per shown frame ours / Chromium (ratio) | officer camera fps ours / Chromium "
        "| load avg ours / Chromium |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for ours, theirs in pairs:
        our_ms = _per_frame(ours.console_cpu_pct, ours.displayed_fps_total)
        their_ms = _per_frame(theirs.chromium_cpu_pct, theirs.displayed_fps_total)
        lines.append(
            f"| {ours.booths} | {ours.focused_fps} / {theirs.focused_fps} "
            f"| {ours.thumbnail_fps_min} / {theirs.thumbnail_fps_min} "
            f"| {ours.latency_p50_ms} / {ours.latency_p95_ms} | {theirs.latency_p50_ms} / {theirs.latency_p95_ms} "
            f"| {ours.console_cpu_pct} / {theirs.chromium_cpu_pct} "
            f"({_ratio(ours.console_cpu_pct, theirs.chromium_cpu_pct)}) "
            f"| {our_ms} / {their_ms} ({_ratio(our_ms, their_ms)}) "
            f"| {ours.officer_camera_fps} / {theirs.officer_camera_fps} "
            f"| {ours.load_average_1m} / {theirs.load_average_1m} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sweep", default="2,6,12,16", help="comma-separated session counts")
    parser.add_argument("--seconds", type=float, default=20.0, help="measurement window per run")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds after connecting before measuring")
    parser.add_argument("--booth-nice", type=int, default=10, help="niceness of the booth processes")
    parser.add_argument("--no-officer-camera", action="store_true", help="neither console sends a camera")
    parser.add_argument("--only", choices=["ours", "chromium"], help="run one side only")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    camera = not args.no_officer_camera
    pairs: list[tuple[RunResult, BrowserResult]] = []
    records = []
    for turn, count in enumerate(int(n) for n in args.sweep.split(",")):
        ours = theirs = None
        order = ["ours", "chromium"] if turn % 2 == 0 else ["chromium", "ours"]
        for side in order:
            if args.only and side != args.only:
                continue
            if side == "ours":
                ours = run_ours(count, args.seconds, args.warmup, args.booth_nice, "sample", camera)
                print(json.dumps({"side": "ours", **asdict(ours)}), flush=True)
            else:
                theirs = run_chromium(count, args.seconds, args.warmup, args.booth_nice, camera)
                print(json.dumps({"side": "chromium", **asdict(theirs)}), flush=True)
        records.append({"sessions": count, "ours": ours and asdict(ours), "chromium": theirs and asdict(theirs)})
        if ours is not None and theirs is not None:
            pairs.append((ours, theirs))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump(records, handle, indent=2)
    if args.markdown:
        print(markdown_table(pairs))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
