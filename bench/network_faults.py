"""Network faults: one booth calling one console across the network lab, under loss, rate caps and a cut; our
WebRTC stack (aiortc) next to Chromium's under the same conditions.

    python -m bench.network_faults --seconds 20 --json faults.json --markdown
    python -m bench.network_faults --conditions none,loss5,cut10 --stacks aiortc

Needs root, ``ip``/``nft``/``tc`` (tests/support/netlab.py builds the lab) and, for the Chromium side, Debian's
chromium and chromium-driver. Each condition starts fresh processes: the console and the booth each in their own
network namespace (plus a page server for Chromium), waits for media, applies the fault to the booth's link (both
directions; loss on UDP only, so it hits media, not signaling), measures, and stops everything.

- **aiortc**: the synthetic booth and the console's stand-in relay of bench/console_capacity.py (focused: the
  booth sends 1280x720 at up to 30 fps with its capture time burnt in, read back at the console for latency).
- **Chromium**: two headless Chromium peers with the fake camera and microphone (1280x720 asked for), driven by
  selenium, exchanging complete SDP through a tiny page served here, polled with ``getStats()`` every 100 ms.
  Chromium's fake video carries no timestamp, so its latency column is an *estimate*: RTT/2 plus the mean time
  frames spent in the jitter buffer (not glass to glass, not comparable one to one).

Figures per condition, on the focused (only) booth: frames per second and resolution received, freezes (over
500 ms without a new frame) per minute and the longest, latency p95, audio packets lost (inbound RTP stats) and,
for the cut, the time from the link's return to the first frame and to the first *fresh* frame (captured under
1 s before it is shown; ours only, Chromium's pictures carry no capture time).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger("bench.network_faults")

CONSOLE_PORT = 8700
PAGE_PORT = 8800
FREEZE_S = 0.5
#: After a cut, media counts as back with the first frame shown less than this long after its capture.
FRESH_MS = 1000.0
CUT_S = 10.0
CONNECT_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Condition:
    """A fault on the booth's link during the measurement."""

    key: str
    label: str
    loss_percent: float = 0.0
    rate_kbit: int | None = None
    cut_s: float | None = None


CONDITIONS = {
    c.key: c
    for c in [
        Condition("none", "no fault"),
        Condition("loss1", "loss 1 %", loss_percent=1),
        Condition("loss3", "loss 3 %", loss_percent=3),
        Condition("loss5", "loss 5 %", loss_percent=5),
        Condition("loss10", "loss 10 %", loss_percent=10),
        Condition("rate2000", "2 Mbps", rate_kbit=2000),
        Condition("rate1000", "1 Mbps", rate_kbit=1000),
        Condition("rate500", "500 kbps", rate_kbit=500),
        Condition("rate250", "250 kbps", rate_kbit=250),
        Condition("cut10", "10 s cut", cut_s=CUT_S),
    ]
}

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
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
]


# ----------------------------------------------------------------------------------------------------------------
# Measurement (shared by both stacks)


@dataclass(frozen=True)
class Figures:
    """One stack under one condition."""

    stack: str
    condition: str
    fps: float
    received_kbps: float | None
    resolution: str
    freezes_per_min: float
    longest_freeze_s: float
    latency_p95_ms: float | None
    latency_estimated: bool
    audio_packets_lost: int | None
    audio_loss_pct: float | None
    first_frame_after_cut_s: float | None
    recovery_s: float | None
    #: Resolutions received in the window, most frequent first, with their share of the frames.
    resolutions: str = "-"
    #: Chromium only (its getStats has them; aiortc's has not): the receiver's NACKs and PLIs sent, packets
    #: repaired by retransmission and by FEC, the share of audio samples concealed, and from the sender why its
    #: quality was limited (share of the window) and what the two ends negotiated.
    nacks: int | None = None
    plis: int | None = None
    retransmitted: int | None = None
    fec_packets: int | None = None
    audio_concealed_pct: float | None = None
    limitation: str | None = None
    negotiated: str | None = None


def _rate_kbps(samples: list[list[Any]], start: float, end: float) -> float | None:
    """Mean received rate over the window from cumulative byte counters [t, link, bytes] (a new link from 0)."""
    by_link: dict[str, list[tuple[float, int]]] = {}
    for t, key, count in samples:
        by_link.setdefault(str(key), []).append((t, int(count or 0)))
    total = 0
    for values in by_link.values():
        before = [v for v in values if v[0] <= start]
        inside = [v for v in values if v[0] <= end]
        if inside:
            total += max(0, inside[-1][1] - (before[-1][1] if before else 0))
    return round(total * 8 / 1000 / (end - start)) if by_link else None


def _window(samples: list[list[Any]], start: float, end: float) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The counter snapshots [t, {...}] at the window's start and end (the first one inside when none before)."""
    before = [c for t, c in samples if t <= start]
    inside = [c for t, c in samples if t <= end]
    if not inside:
        return None
    return (before[-1] if before else inside[0]), inside[-1]


def _delta(first: dict[str, Any], last: dict[str, Any], key: str) -> int | None:
    a, b = first.get(key), last.get(key)
    return None if a is None or b is None else max(0, int(b) - int(a))


def chromium_counters(receiver: dict[str, Any], sender: dict[str, Any] | None, start: float, end: float) -> dict:
    """Chromium's own repair counters over the window (receiver's page), its sender's limitation, negotiation."""
    values: dict[str, Any] = {}
    window = _window(receiver.get("counters", []), start, end)
    if window:
        first, last = window
        for field, key in (("nacks", "nacks"), ("plis", "plis"), ("retransmitted", "rtx"), ("fec_packets", "fec")):
            values[field] = _delta(first, last, key)
        concealed, samples = _delta(first, last, "concealed"), _delta(first, last, "samples")
        if concealed is not None and samples:
            values["audio_concealed_pct"] = round(100 * concealed / samples, 1)
    window = _window((sender or {}).get("counters", []), start, end)
    if window:
        first, last = window
        spent = {k: float(v) - float(first["limited"].get(k, 0.0)) for k, v in last["limited"].items()}
        total = sum(spent.values())
        if total > 0:
            shares = sorted(((v / total, k) for k, v in spent.items() if v / total >= 0.05), reverse=True)
            values["limitation"] = ", ".join(f"{k} {round(100 * share)} %" for share, k in shares)
    if receiver.get("negotiated"):
        values["negotiated"] = ", ".join(receiver["negotiated"])
    return values


def _quantile(values: list[float], fraction: float) -> float | None:
    from bench.console_capacity import _quantile as quantile

    return quantile(values, fraction)


def figures(
    stack: str, condition: Condition, timeline: dict[str, Any], start: float, end: float, restored: float | None
) -> Figures:
    """The figures of `timeline` (frames [t, w, h, n, latency ms or None], latencies [t, ms], audio [t, key,
    lost, received]) over the window `start`..`end` (wall-clock seconds); `restored`: when a cut ended."""
    frames = [f for f in timeline["frames"] if start <= f[0] <= end]
    count = sum(f[3] for f in frames)
    sizes = Counter(f"{f[1]}x{f[2]}" for f in frames for _ in range(int(f[3])))
    instants = [start, *(f[0] for f in frames), end]
    gaps = [b - a for a, b in itertools.pairwise(instants)]
    freezes = [g for g in gaps if g > FREEZE_S]
    latencies = [ms for t, ms in timeline["latencies"] if start <= t <= end]
    lost = received = 0
    by_link: dict[str, list[tuple[float, int, int]]] = {}
    for t, key, link_lost, link_received in timeline["audio"]:
        by_link.setdefault(str(key), []).append((t, int(link_lost or 0), int(link_received or 0)))
    for samples in by_link.values():
        before = [s for s in samples if s[0] <= start]
        inside = [s for s in samples if s[0] <= end]
        if not inside:
            continue
        base = before[-1] if before else (0.0, 0, 0)
        lost += max(0, inside[-1][1] - base[1])
        received += max(0, inside[-1][2] - base[2])
    kbps = _rate_kbps(timeline.get("bytes", []), start, end)
    recovery = first_frame = None
    if restored is not None:
        after = [f for f in timeline["frames"] if f[0] > restored]
        first_frame = round(after[0][0] - restored, 2) if after else None
        if timeline.get("latency_estimated"):
            recovery = first_frame  # no capture time in the picture: the first frame is all we know
        else:
            # Media is back when a frame captured less than FRESH_MS ago is shown: frames held up during the cut
            # and delivered late do not count.
            fresh = [f[0] for f in after if len(f) >= 5 and f[4] is not None and f[4] < FRESH_MS]
            recovery = round(fresh[0] - restored, 2) if fresh else None
    minutes = (end - start) / 60
    p95 = _quantile(latencies, 0.95)
    shares = ", ".join(f"{size} {round(100 * n / count)} %" for size, n in sizes.most_common(3)) if count else "-"
    return Figures(
        stack=stack,
        condition=condition.key,
        fps=round(count / (end - start), 1),
        received_kbps=kbps,
        resolution=sizes.most_common(1)[0][0] if sizes else "-",
        freezes_per_min=round(len(freezes) / minutes, 1),
        longest_freeze_s=round(max(freezes, default=0.0), 2),
        latency_p95_ms=None if p95 is None else round(p95),
        latency_estimated=bool(timeline.get("latency_estimated")),
        audio_packets_lost=lost if by_link else None,
        audio_loss_pct=round(100 * lost / (lost + received), 1) if lost + received else None,
        first_frame_after_cut_s=first_frame,
        recovery_s=recovery,
        resolutions=shares,
    )


# ----------------------------------------------------------------------------------------------------------------
# Roles: each runs inside one namespace of the lab (python -m bench.network_faults --role ...)


def _say(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def _wait_for_stop_line() -> None:
    for line in sys.stdin:
        if line.strip() == "stop":
            return


async def _aiortc_console(address: str, port: int) -> None:
    """The console: our stand-in relay, one ConsolePeer focused on the booth; records every shown frame."""
    from websockets.asyncio.server import serve

    from bench.console_capacity import _settings, _Tile, relay_handler
    from kiosk.video.peer import PeerState

    tiles: dict[str, _Tile] = {}
    timeline: dict[str, list[Any]] = {"frames": [], "latencies": [], "audio": [], "bytes": []}

    def show(tile: _Tile) -> None:
        receiver = tile.peer.remote_video
        latest = receiver.latest()
        if latest is None:
            return
        now = time.time()
        latency = None
        if receiver.latency_samples > tile.latency_mark:
            tile.latency_mark = receiver.latency_samples
            latency = receiver.latencies_ms[-1]
            timeline["latencies"].append([now, latency])
        timeline["frames"].append([now, latest.frame.width, latest.frame.height, 1, latency])

    async def sample_audio() -> None:
        from aiortc.stats import RTCInboundRtpStreamStats, RTCTransportStats

        while True:
            await asyncio.sleep(1.0)
            for tile in tiles.values():
                link = tile.peer._link  # the bench reads the current connection's RTP stats directly
                if link is None:
                    continue
                with contextlib.suppress(Exception):
                    report = await link.pc.getStats()
                    received = sum(e.bytesReceived or 0 for e in report.values() if isinstance(e, RTCTransportStats))
                    timeline["bytes"].append([time.time(), link.number, received])
                    for entry in report.values():
                        if isinstance(entry, RTCInboundRtpStreamStats) and entry.kind == "audio":
                            lost, got = entry.packetsLost, entry.packetsReceived
                            timeline["audio"].append([time.time(), link.number, lost, got])

    loop = asyncio.get_running_loop()
    stop = loop.run_in_executor(None, _wait_for_stop_line)
    async with serve(relay_handler(tiles, _settings(address), show), address, port):
        _say(event="listening")
        offered = asyncio.Event()
        while not tiles:  # the relay creates the tile on the booth's hello
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(offered.wait(), 0.1)
        tile = next(iter(tiles.values()))
        await tile.peer.wait_for_state(PeerState.CONNECTED, CONNECT_TIMEOUT_S)
        await tile.peer.focus()
        audio_task = loop.create_task(sample_audio())
        _say(event="connected")
        await stop
        audio_task.cancel()
        _say(event="result", timeline=timeline)
        await tile.peer.close()


def _aiortc_booth(console_host: str, port: int, address: str, adaptive: bool) -> None:
    """The synthetic booth of bench/console_capacity.py, until SIGTERM (`adaptive`: its video follows the
    network, as the product's does; off for the stack "aiortc-fixed", the behaviour before)."""
    import signal

    from bench.console_capacity import _booth

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    logging.getLogger("kiosk.video.adapt").setLevel(logging.INFO)  # each step, with why, in the bench's log
    asyncio.run(_booth(0, port, stop, queue.Queue(), console_host=console_host, address=address, adaptive=adaptive))


PAGE = """<!doctype html><meta charset="utf-8"><title>network faults</title>
<video id="v" autoplay muted playsinline></video>
<script>
const params = new URLSearchParams(location.search);
const role = params.get("role"), key = params.get("key");
window.bench = {state: "new", frames: [], latencies: [], audio: [], bytes: [], latency_estimated: true, chrome: {},
                counters: [], negotiated: [], error: null};
// What the answer accepted of Chromium's offer (the console's answer: both ends support it).
const FEATURES = {"transport-cc": "transport-cc", "goog-remb": "goog-remb", "nack": "nack", "rtx/90000": "rtx",
                  "red/90000": "video RED", "ulpfec/90000": "ULPFEC", "flexfec-03/90000": "FlexFEC",
                  "useinbandfec=1": "Opus in-band FEC", "red/48000": "audio RED"};
async function post(to, body) { await fetch(`/send/${key}-${to}`, {method: "POST", body: JSON.stringify(body)}); }
async function recv(me) {
  for (;;) { const r = await fetch(`/recv/${key}-${me}`); if (r.status === 200) return await r.json(); }
}
function gathered(pc) {
  return new Promise(done => {
    if (pc.iceGatheringState === "complete") return done();
    pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && done());
  });
}
async function sample(pc) {
  let decoded = 0, tick = 0, jb = null, emitted = null;
  for (;;) {
    await new Promise(r => setTimeout(r, 100));
    const stats = await pc.getStats(), now = Date.now() / 1000;
    let video = null, audio = null, rtt = null, received = 0, out = null;
    stats.forEach(s => {
      if (s.type === "transport") received += s.bytesReceived || 0;
      if (s.type === "inbound-rtp" && s.kind === "video") video = s;
      if (s.type === "inbound-rtp" && s.kind === "audio") audio = s;
      if (s.type === "outbound-rtp" && s.kind === "video") out = s;
      if (s.type === "candidate-pair" && s.nominated && s.currentRoundTripTime !== undefined) {
        rtt = s.currentRoundTripTime;
      }
    });
    if (video) {
      const d = (video.framesDecoded || 0) - decoded;
      if (d > 0) window.bench.frames.push([now, video.frameWidth || 0, video.frameHeight || 0, d]);
      decoded = video.framesDecoded || 0;
      window.bench.chrome = {freezeCount: video.freezeCount, totalFreezesDuration: video.totalFreezesDuration,
                             nackCount: video.nackCount, pliCount: video.pliCount, firCount: video.firCount};
    }
    if (++tick % 10) continue;
    if (out) {  // the booth: why its encoder sends what it sends
      window.bench.counters.push([now, {limited: Object.assign({}, out.qualityLimitationDurations || {}),
        width: out.frameWidth, height: out.frameHeight, fps: out.framesPerSecond, target: out.targetBitrate,
        rtx_sent: out.retransmittedPacketsSent, nacks_received: out.nackCount}]);
    }
    if (video) {  // the console: how the receiver repaired what the network broke
      window.bench.counters.push([now, {nacks: video.nackCount, plis: video.pliCount,
        rtx: video.retransmittedPacketsReceived, fec: video.fecPacketsReceived, freezes: video.freezeCount,
        concealed: audio ? audio.concealedSamples : null, samples: audio ? audio.totalSamplesReceived : null}]);
    }
    if (audio) window.bench.audio.push([now, "0", audio.packetsLost || 0, audio.packetsReceived || 0]);
    window.bench.bytes.push([now, "0", received]);
    if (video && rtt !== null && jb !== null && video.jitterBufferEmittedCount > emitted) {
      const delay = (video.jitterBufferDelay - jb) / (video.jitterBufferEmittedCount - emitted);
      window.bench.latencies.push([now, 1000 * (rtt / 2 + delay)]);
    }
    if (video) { jb = video.jitterBufferDelay; emitted = video.jitterBufferEmittedCount; }
  }
}
async function main() {
  const pc = new RTCPeerConnection();
  pc.onconnectionstatechange = () => { window.bench.state = pc.connectionState; };
  if (role === "booth") {
    const stream = await navigator.mediaDevices.getUserMedia(
      {audio: true, video: {width: 1280, height: 720, frameRate: 30}});
    stream.getTracks().forEach(t => pc.addTrack(t, stream));
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    await post("console", pc.localDescription);
    await pc.setRemoteDescription(await recv("booth"));
    sample(pc);
  } else {
    pc.ontrack = e => { document.getElementById("v").srcObject = e.streams[0]; };
    await pc.setRemoteDescription(await recv("console"));
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    await post("booth", pc.localDescription);
    const sdp = pc.localDescription.sdp;
    window.bench.negotiated = Object.keys(FEATURES).filter(k => sdp.includes(k)).map(k => FEATURES[k]);
    sample(pc);
  }
}
main().catch(e => { window.bench.error = String(e); });
</script>
"""


def _page_server(address: str, port: int) -> None:
    """Serve the page and a mailbox per peer (POST /send/BOX, GET /recv/BOX waits up to 20 s)."""
    boxes: dict[str, queue.Queue[bytes]] = {}
    lock = threading.Lock()

    def box(name: str) -> queue.Queue[bytes]:
        with lock:
            return boxes.setdefault(name, queue.Queue())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: bytes = b"", kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/recv/"):
                try:
                    self._reply(200, box(self.path[6:]).get(timeout=20))
                except queue.Empty:
                    self._reply(204)
            else:
                self._reply(200, PAGE.encode(), "text/html; charset=utf-8")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            box(self.path[6:]).put(body)
            self._reply(204)

    server = ThreadingHTTPServer((address, port), Handler)
    _say(event="listening")
    server.serve_forever()


def _chromium_peer(url: str) -> None:
    """A headless Chromium on `url`; prints "connected", then its page's figures after "stop" on stdin."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        origin = "/".join(url.split("/")[:3])
        # getUserMedia needs a secure context; the page is plain HTTP inside the lab.
        secure = f"--unsafely-treat-insecure-origin-as-secure={origin}"
        for flag in [*CHROMIUM_FLAGS, secure, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(url)
            deadline = time.monotonic() + CONNECT_TIMEOUT_S
            while driver.execute_script("return window.bench.state") != "connected":
                error = driver.execute_script("return window.bench.error")
                if error or time.monotonic() > deadline:
                    raise RuntimeError(f"chromium peer did not connect: {error}")
                time.sleep(0.2)
            _say(event="connected")
            _wait_for_stop_line()
            _say(event="result", timeline=driver.execute_script("return window.bench"))
        finally:
            driver.quit()


# ----------------------------------------------------------------------------------------------------------------
# Driver


class _Child:
    """A role process in a lab host, with its JSON lines."""

    def __init__(self, host: Any, argv: list[str]) -> None:
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.process = host.run(
            [sys.executable, "-m", "bench.network_faults", *argv],
            env={"PYTHONUNBUFFERED": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with contextlib.suppress(ValueError):
                self.lines.put(json.loads(line))
        self.lines.put({"event": "exited"})

    def wait_for(self, event: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if message.get("event") == event:
                return message
            if message.get("event") == "exited":
                raise RuntimeError(f"a {event!r} was expected, the process exited ({self.process.returncode})")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.process.terminate()
            self.process.wait(10)


def _measure(
    lab: Any, stack: str, condition: Condition, seconds: float, warmup: float, key: str, keep: str | None = None
) -> Figures:
    hosts = lab.hosts
    booth, console = hosts["booth"], hosts["console"]
    children: list[_Child] = []
    sender: _Child | None = None
    try:
        if stack.startswith("aiortc"):
            receiver = _Child(console, ["--role", "aiortc-console", "--address", console.address])
            children.append(receiver)
            receiver.wait_for("listening", CONNECT_TIMEOUT_S)
            fixed = ["--fixed"] if stack == "aiortc-fixed" else []
            children.append(
                _Child(
                    booth, ["--role", "aiortc-booth", "--address", booth.address, "--console", console.address, *fixed]
                )
            )
        else:
            url = f"http://{hosts['hub'].address}:{PAGE_PORT}/?key={key}&role="
            receiver = _Child(console, ["--role", "chromium-peer", "--url", url + "console"])
            children.append(receiver)
            sender = _Child(booth, ["--role", "chromium-peer", "--url", url + "booth"])
            children.append(sender)
        receiver.wait_for("connected", CONNECT_TIMEOUT_S)
        time.sleep(warmup)
        start = time.time()
        restored = None
        if condition.cut_s:
            booth.cut()
            time.sleep(condition.cut_s)
            booth.restore()
            restored = time.time()
            time.sleep(max(seconds, 20.0))  # long enough to see the picture come back, however late
        else:
            if condition.loss_percent:
                booth.drop(condition.loss_percent, udp_only=True)
            if condition.rate_kbit:
                booth.rate(condition.rate_kbit)
            time.sleep(seconds)
        end = time.time()
        booth.clear()
        for child in (receiver, sender):
            if child is not None:
                child.process.stdin.write("stop\n")
                child.process.stdin.flush()
        timeline = receiver.wait_for("result", 60)["timeline"]
        sent = sender.wait_for("result", 60)["timeline"] if sender is not None else None
        if keep:
            os.makedirs(keep, exist_ok=True)
            with open(os.path.join(keep, f"{stack}-{condition.key}.json"), "w", encoding="utf-8") as handle:
                json.dump({"start": start, "end": end, "restored": restored, "sender": sent, **timeline}, handle)
        result = figures(stack, condition, timeline, start, end, restored)
        if stack == "chromium":
            result = replace(result, **chromium_counters(timeline, sent, start, end))
        return result
    finally:
        booth.clear()
        for child in reversed(children):
            child.stop()


def run(
    conditions: list[Condition], stacks: list[str], seconds: float, warmup: float, keep: str | None = None
) -> list[Figures]:
    """Build the lab, measure every stack under every condition, tear the lab down."""
    from tests.support.netlab import NetLab

    results = []
    with NetLab() as lab:
        hub = lab.add_host("hub")
        lab.add_host("console")
        lab.add_host("booth")
        if "chromium" in stacks:
            page = _Child(hub, ["--role", "page-server", "--address", hub.address])
            page.wait_for("listening", 30)
        for number, condition in enumerate(conditions):
            # Stacks alternate within each condition, and their order turns from one condition to the next, so
            # that a change in the machine's load falls on every stack alike.
            turn = number % len(stacks)
            for stack in stacks[turn:] + stacks[:turn]:
                began = time.monotonic()
                try:
                    result = _measure(lab, stack, condition, seconds, warmup, f"{condition.key}-{number}", keep)
                except Exception as exc:  # one failed condition must not lose the others
                    log.error("%s / %s failed: %s", stack, condition.key, exc)
                    continue
                print(json.dumps(asdict(result)), f"({time.monotonic() - began:.0f} s)", file=sys.stderr, flush=True)
                results.append(result)
    return results


def _cell(value: Any, suffix: str = "") -> str:
    return "-" if value is None else f"{value}{suffix}"


def _ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}"


def markdown_table(results: list[Figures]) -> str:
    """Three tables: ours (adaptive) next to Chromium with ratios; ours with and without adaptation; Chromium's
    own repair and adaptation counters."""
    by = {(r.stack, r.condition): r for r in results}

    def get(stack: str, key: str, attr: str) -> Any:
        return getattr(by.get((stack, key)), attr, None)

    def pair(key: str, attr: str, a: str = "aiortc", b: str = "chromium", suffix: str = "") -> str:
        return f"{_cell(get(a, key, attr), suffix)} / {_cell(get(b, key, attr), suffix)}"

    def audio(stack: str, key: str) -> str:
        return f"{_cell(get(stack, key, 'audio_packets_lost'))} ({_cell(get(stack, key, 'audio_loss_pct'), ' %')})"

    main = [
        "| condition | fps ours / Chromium (ratio) | resolution ours / Chromium | received kbps ours / Chromium "
        "| freezes/min ours / Chromium | longest freeze s ours / Chromium "
        "| latency p95 ms ours / Chromium* (ratio) | audio lost ours / Chromium "
        "| first / fresh frame after cut s ours; first Chromium |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    fixed = [
        "| condition | fps adaptive / fixed | resolutions received, adaptive | resolution fixed "
        "| received kbps adaptive / fixed | freezes/min adaptive / fixed | longest freeze s adaptive / fixed "
        "| latency p95 ms adaptive / fixed | audio lost adaptive / fixed | fresh frame after cut s adaptive / fixed |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    chrome = [
        "| condition | resolutions received | NACKs / PLIs sent | packets retransmitted / FEC | audio concealed "
        "| sender limited by | negotiated |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, condition in CONDITIONS.items():
        if ("aiortc", key) in by or ("chromium", key) in by:
            fps_ratio = _ratio(get("aiortc", key, "fps"), get("chromium", key, "fps"))
            p95_ratio = _ratio(get("aiortc", key, "latency_p95_ms"), get("chromium", key, "latency_p95_ms"))
            main.append(
                f"| {condition.label} | {pair(key, 'fps')} ({fps_ratio}) | {pair(key, 'resolution')} "
                f"| {pair(key, 'received_kbps')} | {pair(key, 'freezes_per_min')} | {pair(key, 'longest_freeze_s')} "
                f"| {pair(key, 'latency_p95_ms')} ({p95_ratio}) | {audio('aiortc', key)} / {audio('chromium', key)} "
                f"| {_cell(get('aiortc', key, 'first_frame_after_cut_s'))} / {_cell(get('aiortc', key, 'recovery_s'))}"
                f"; {_cell(get('chromium', key, 'first_frame_after_cut_s'))} |"
            )
        if ("aiortc-fixed", key) in by:

            def both(attr: str, key: str = key) -> str:
                return pair(key, attr, "aiortc", "aiortc-fixed")

            fixed.append(
                f"| {condition.label} | {both('fps')} | {_cell(get('aiortc', key, 'resolutions'))} "
                f"| {_cell(get('aiortc-fixed', key, 'resolution'))} | {both('received_kbps')} "
                f"| {both('freezes_per_min')} | {both('longest_freeze_s')} | {both('latency_p95_ms')} "
                f"| {audio('aiortc', key)} / {audio('aiortc-fixed', key)} | {both('recovery_s')} |"
            )
        if ("chromium", key) in by:
            c = by[("chromium", key)]
            concealed = _cell(c.audio_concealed_pct, " %")
            chrome.append(
                f"| {condition.label} | {c.resolutions} | {_cell(c.nacks)} / {_cell(c.plis)} "
                f"| {_cell(c.retransmitted)} / {_cell(c.fec_packets)} | {concealed} | {_cell(c.limitation)} "
                f"| {_cell(c.negotiated)} |"
            )
    lines = [*main, ""]
    lines.append(
        "\\* ours: glass to glass (capture time burnt into each frame); Chromium: estimated as RTT/2 + mean jitter "
        "buffer delay (its fake camera carries no timestamp), so not comparable one to one."
    )
    if len(fixed) > 2:
        lines += ["", *fixed]
    if len(chrome) > 2:
        lines += ["", *chrome]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--conditions", default=",".join(CONDITIONS), help=f"comma-separated: {','.join(CONDITIONS)}")
    parser.add_argument(
        "--stacks",
        default="aiortc,aiortc-fixed,chromium",
        help="aiortc (ours, adaptive), aiortc-fixed (ours without adaptation), chromium",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="measurement window per condition")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of media before the fault")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--timelines", help="keep each run's raw timeline (frames, latencies, audio) in this folder")
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--address", help=argparse.SUPPRESS)
    parser.add_argument("--console", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--fixed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.role is None else logging.WARNING, stream=sys.stderr)
    if args.role == "aiortc-console":
        asyncio.run(_aiortc_console(args.address, CONSOLE_PORT))
    elif args.role == "aiortc-booth":
        _aiortc_booth(args.console, CONSOLE_PORT, args.address, adaptive=not args.fixed)
    elif args.role == "page-server":
        _page_server(args.address, PAGE_PORT)
    elif args.role == "chromium-peer":
        _chromium_peer(args.url)
    else:
        conditions = [CONDITIONS[key] for key in args.conditions.split(",")]
        stacks = [s for s in args.stacks.split(",") if s]
        load = os.getloadavg()
        results = run(conditions, stacks, args.seconds, args.warmup, args.timelines)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump({"load_average": load, "results": [asdict(r) for r in results]}, handle, indent=2)
        if args.markdown:
            print(markdown_table(results))
        if not results:
            return 1
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
