"""The officer's console of the demo, as its own process: the real console (`kiosk.ui.console.main.build`)
logged in as a demo officer, with the scripted officer at the keyboard or a person.

    python -m kiosk.demo.console_process --config demo.toml --officer scripted

Messages (kiosk.demo.wire): ``ready`` once logged in, ``session`` after the scripted officer finished a session,
``report`` (officer utilisation and the video seen at the console) when asked with ``report``; ``quit`` or stdin
closing ends it. The demo password comes in ``KIOSK_DEMO_PASSWORD`` (the seeded demo login, never a real one).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, Settings, load_settings
from kiosk.demo.wire import EventWriter, Message, leave, read_commands, take_stdout
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk.demo.console")

LOGIN_WAIT_S = 60.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line of the demo console."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.demo.console_process")
    parser.add_argument("--config", required=True, help="the demo's settings file")
    parser.add_argument("--username", default="cso1", help="demo officer to log in as")
    parser.add_argument("--officer", choices=("scripted", "human"), default="scripted")
    parser.add_argument("--pace", type=float, default=1.0, help="scripted officer's think times (0: fastest)")
    parser.add_argument("--geometry", help="x,y,width,height of the window on a desktop")
    parser.add_argument("--screenshots", help="save the console's views into this folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the demo console until told to quit (or, with a person at it, until its window closes)."""
    events = take_stdout()
    args = parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"demo console: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    from kiosk.ui.app import AppSpec, run_app

    spec = AppSpec(
        name="console",
        theme="console",
        catalogs=("console",),
        language=settings.console.language,
        display_name="Konsol CSO",
    )
    console = DemoConsole(settings, args, events, os.environ.get("KIOSK_DEMO_PASSWORD", ""))
    code = run_app(spec, console.start)
    leave(code)


@dataclass
class VideoSample:
    """One second of one booth's video as the console received it."""

    fps: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    focused: bool


@dataclass
class Watch:
    """What the console saw: when the officer was busy with a booth, and the video per second."""

    started_at: float = field(default_factory=time.monotonic)
    first_waiting_at: float | None = None
    last_release_at: float | None = None
    busy_since: float | None = None
    busy_s: float = 0.0
    samples: list[VideoSample] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Officer utilisation and video figures for the report."""
        now = time.monotonic()
        busy = self.busy_s + (now - self.busy_since if self.busy_since is not None else 0.0)
        start = self.first_waiting_at
        end = self.last_release_at if self.busy_since is None and self.last_release_at else now
        window = max(0.0, end - start) if start is not None else 0.0
        tiles = [s.fps for s in self.samples if not s.focused]
        focused = [s.fps for s in self.samples if s.focused]
        p50 = [s.latency_p50_ms for s in self.samples if s.latency_p50_ms is not None]
        p95 = [s.latency_p95_ms for s in self.samples if s.latency_p95_ms is not None]
        return {
            "officer_busy_s": round(busy, 1),
            "officer_window_s": round(window, 1),
            "officer_utilisation": round(busy / window, 3) if window > 0 else None,
            "video_samples": len(self.samples),
            "fps_tile_mean": round(statistics.fmean(tiles), 1) if tiles else None,
            "fps_focused_mean": round(statistics.fmean(focused), 1) if focused else None,
            # Per second the peer gives a median and a 95th percentile; over the run: their median and 95th
            # percentile, and the worst second.
            "latency_p50_ms": round(statistics.median(p50), 1) if p50 else None,
            "latency_p95_ms": round(sorted(p95)[round(0.95 * (len(p95) - 1))], 1) if p95 else None,
            "latency_worst_second_p95_ms": round(max(p95), 1) if p95 else None,
        }


class DemoConsole:
    """The console app, its login, the scripted officer and what it measures."""

    def __init__(self, settings: Settings, args: argparse.Namespace, events: EventWriter, password: str) -> None:
        self.settings = settings
        self.args = args
        self.events = events
        self.password = password
        self.watch = Watch()
        self._ctx: Any = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._stopping = False
        self._shots: set[str] = set()
        self._grid_seen = asyncio.Event()

    def start(self, ctx: Any) -> None:
        """Build the console and log in; the rest runs as tasks."""
        from kiosk.ui.console.main import build

        self._ctx = ctx
        self.window, self.service = build(ctx, self.settings)
        if self.args.geometry:
            x, y, width, height = (int(v) for v in self.args.geometry.split(","))
            self.window.setGeometry(x, y, width, height)
        else:
            self.window.resize(1600, 900)
        self.window.show()
        loop = asyncio.get_running_loop()
        read_commands(
            lambda message: loop.call_soon_threadsafe(self._on_command, message),
            lambda: loop.call_soon_threadsafe(self.stop),
        )
        with contextlib.suppress(ValueError, RuntimeError):
            signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(self.stop))
        # A person closing the console's window ends the demo.
        ctx.app.lastWindowClosed.connect(self.stop)
        ctx.app.setQuitOnLastWindowClosed(False)
        self._tasks.append(loop.create_task(self._run(), name="demo-console"))

    async def _run(self) -> None:
        await self._log_in()
        self.service.state.subscribe(self._on_change)
        self.events.send("ready", officer=self.window.officer_name)
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self._sample_video(), name="video-samples"))
        if self.args.screenshots:
            self._tasks.append(loop.create_task(self._screenshots(), name="screenshots"))
        if self.args.officer == "scripted":
            self._tasks.append(loop.create_task(self._officer(), name="scripted-officer"))

    async def _officer(self) -> None:
        from kiosk.demo.officer import ScriptedOfficer

        if self.args.screenshots:
            # For the pictures, the officer first looks at the whole grid for a moment (at most two minutes).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._grid_seen.wait(), 120.0)
        officer = ScriptedOfficer(
            self.window,
            self.service,
            pace=self.args.pace,
            on_session=lambda record: self.events.send("session", session=record.to_json()),
        )
        await officer.run()

    async def _log_in(self) -> None:
        """Type the demo officer's name and password on the login page and press Enter, as a person would."""
        login = self.window.login
        login.username.setText(self.args.username)
        login.password.setText(self.password)
        controller = self.service.state
        login.cap.setValue(min(controller.max_cap, self.settings.console.default_cap))
        login.submit.click()
        deadline = time.monotonic() + LOGIN_WAIT_S
        while self.window.root.currentIndex() != 1:
            if time.monotonic() > deadline:
                self.events.send("error", message="the demo officer could not log in: " + login.error.text())
                self.stop()
                return
            await asyncio.sleep(0.1)

    def _on_change(self, event: Any) -> None:
        from kiosk.app.console.state import Change
        from kiosk.protocol import AttentionKind

        watch, controller = self.watch, self.service.state
        now = time.monotonic()
        if event.change is Change.ATTENTION and event.attention in (AttentionKind.READY, AttentionKind.HELP):
            if watch.first_waiting_at is None:
                watch.first_waiting_at = now
        elif event.change is Change.FOCUS:
            if controller.focused is not None and watch.busy_since is None:
                watch.busy_since = now
                if watch.first_waiting_at is None:
                    watch.first_waiting_at = now
            elif controller.focused is None and watch.busy_since is not None:
                watch.busy_s += now - watch.busy_since
                watch.busy_since = None
                watch.last_release_at = now
        elif event.change is Change.BOOTHS and watch.busy_since is None and not controller.booths:
            watch.last_release_at = now

    async def _sample_video(self) -> None:
        """Once a second, the newest statistics of every connected booth (each peer's sample counted once)."""
        seen: dict[str, object] = {}
        while True:
            await asyncio.sleep(1.0)
            controller = self.service.state
            for sid, peer in list(self.service.router.peers.items()):
                stats = peer.last_stats
                booth = controller.booths.get(sid)
                if stats is None or stats is seen.get(sid) or booth is None or not booth.connected:
                    continue
                seen[sid] = stats
                if stats.fps_received <= 0:
                    continue
                self.watch.samples.append(
                    VideoSample(stats.fps_received, stats.latency_p50_ms, stats.latency_p95_ms,
                                sid == controller.focused)
                )

    async def _screenshots(self) -> None:
        """The grid once four booths show video, and the focus view once a booth's documents are in."""
        folder = Path(self.args.screenshots)
        controller = self.service.state
        while len(self._shots) < 2:
            await asyncio.sleep(1.0)
            grid = self.window.grid
            enough = min(4, self.settings.console.default_cap)
            if "grid" not in self._shots and controller.focused is None and len(controller.booths) >= enough:
                tiles = [grid.tiles.get(sid) for sid in controller.booths]
                if all(t is not None and t.video.has_frame() for t in tiles):
                    await asyncio.sleep(1.0)
                    self._grab(folder, "grid")
            focused = controller.focused
            detail = controller.detail(focused) if focused else None
            documents_tab = self.window.workspace.tabs.currentIndex() == 1
            checked = detail is not None and len(detail.documents) >= 5 and len(detail.verified) >= 3
            if "focus" not in self._shots and checked and documents_tab:
                await asyncio.sleep(1.0)
                if controller.focused == focused:
                    self._grab(folder, "focus")

    def _grab(self, folder: Path, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.window.grab().save(str(folder / f"console-{name}.png"))
        self._shots.add(name)
        if name == "grid":
            self._grid_seen.set()

    async def _collective(self, batch_id: str) -> None:
        """The scripted officer works a company's batch in the collective queue window, beside the booths."""
        from kiosk.demo.collective_officer import CollectiveStuck, work_batch

        try:
            summary = await work_batch(self.window, self.service, batch_id)
        except CollectiveStuck as exc:
            self.events.send("error", message=f"collective batch: {exc}")
            return
        panel = self.window.collective_panel
        if self.args.screenshots and panel is not None:
            panel.show_desk()
            panel.grab().save(str(Path(self.args.screenshots) / "console-collective.png"))
        self.events.send("collective", summary=summary)

    def _on_command(self, message: Message) -> None:
        kind = message.get("type")
        if kind == "report":
            self.events.send("report", report=self.watch.summary())
        elif kind == "collective":
            self._tasks.append(asyncio.get_running_loop().create_task(
                self._collective(str(message["batch"])), name="collective-officer"))
        elif kind == "quit":
            self.stop()

    def stop(self) -> None:
        """Close the peers, signaling and outbox, then end the app."""
        if self._stopping:
            return
        self._stopping = True
        asyncio.get_running_loop().create_task(self._shut_down())

    async def _shut_down(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.service.close(), 10.0)
        self.events.send("stopped")
        self._ctx.quit(0)


if __name__ == "__main__":
    raise SystemExit(main())
