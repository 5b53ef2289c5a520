"""One booth of the demo, as its own process: the real booth app (`kiosk.ui.booth.main.build_booth`) with a
`SyntheticCamera` and a `SimulatedParticipant` at the screen.

    python -m kiosk.demo.booth_process --config demo.toml --booth 3 --token-file booth-3.token

Messages (kiosk.demo.wire): the orchestrator sends ``visitor`` (one participant to play) and ``quit``; the booth
answers ``ready`` once its window is up, ``idle`` whenever it is free for the next visitor, ``screen`` as a
visitor reaches each screen, and ``result`` after each visit. Stdin closing means quit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, Settings, load_settings
from kiosk.demo.cast import Visitor
from kiosk.demo.wire import EventWriter, Message, leave, read_commands, take_stdout
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk.demo.booth")

#: After a screen first appears, its screenshot waits this long (live pictures and answers from the hub).
SCREENSHOT_DELAY_S = 1.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line of a demo booth."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.demo.booth_process")
    parser.add_argument("--config", required=True, help="the demo's settings file")
    parser.add_argument("--booth", type=int, required=True, help="booth number")
    parser.add_argument("--token-file", required=True, help="file holding the booth's device token")
    parser.add_argument("--pace", type=float, default=1.0, help="participant's think times (0: fastest)")
    parser.add_argument("--geometry", help="x,y,width,height of the window on a desktop")
    parser.add_argument("--screenshots", help="save each screen of the first visits into this folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one demo booth until told to quit."""
    events = take_stdout()
    args = parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"demo booth: {exc}", file=sys.stderr)
        return 2
    settings.booth.booth_number = args.booth
    settings.booth.device_token_file = Path(args.token_file)
    setup_logging(settings.log_level)
    from kiosk.ui.app import run_app
    from kiosk.ui.booth.main import booth_spec

    booth = DemoBooth(settings, args, events)
    code = run_app(booth_spec(settings), booth.start)
    leave(code)


class DemoBooth:
    """The booth app plus its simulated participant, steered by the orchestrator's messages."""

    def __init__(self, settings: Settings, args: argparse.Namespace, events: EventWriter) -> None:
        self.settings = settings
        self.args = args
        self.events = events
        self.visitors: asyncio.Queue[Visitor] = asyncio.Queue()
        self._ctx: Any = None
        self._built: Any = None
        self._worker: asyncio.Task[None] | None = None
        self._stopping = False
        self._shots_taken: set[str] = set()

    def start(self, ctx: Any) -> None:
        """Build the booth, show it, and start taking visitors."""
        from kiosk.demo.participant import SimulatedParticipant
        from kiosk.ui.booth.main import build_booth
        from kiosk.video.camera import SyntheticCamera

        self._ctx = ctx
        booth = self.settings.booth
        assert booth.device_token_file is not None
        token = booth.device_token_file.read_text(encoding="utf-8").strip()
        camera = SyntheticCamera(booth.camera_width, booth.camera_height, booth.camera_fps, seed=7 + self.args.booth)
        built = build_booth(ctx, self.settings, token, camera)
        self._built = built
        window = built.window
        if self.args.geometry:
            x, y, width, height = (int(v) for v in self.args.geometry.split(","))
            window.setWindowTitle(f"Bilik {self.args.booth}")
            window.setGeometry(x, y, width, height)
        else:
            window.resize(1280, 800)
        window.show()
        self.participant = SimulatedParticipant(
            window,
            built.flows,
            camera,
            self.args.booth,
            pace=self.args.pace,
            inactivity_s=booth.inactivity_timeout_s + booth.inactivity_countdown_s,
            on_screen=self._on_screen,
        )
        loop = asyncio.get_running_loop()
        read_commands(
            lambda message: loop.call_soon_threadsafe(self._on_command, message),
            lambda: loop.call_soon_threadsafe(self.stop),
        )
        with contextlib.suppress(ValueError, RuntimeError):  # not the main thread (never here) or no signals
            signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(self.stop))
        self._worker = loop.create_task(self._work(), name="participants")
        self.events.send("ready", booth=self.args.booth)

    def _on_command(self, message: Message) -> None:
        kind = message.get("type")
        if kind == "visitor":
            self.visitors.put_nowait(Visitor.from_json(message["visitor"]))
        elif kind == "quit":
            self.stop()

    async def _work(self) -> None:
        while True:
            self.events.send("idle", booth=self.args.booth)
            visitor = await self.visitors.get()
            log.info("visitor %d (%s) comes to the booth", visitor.number, visitor.case)
            result = await self.participant.visit(visitor)
            log.info("visitor %d done: %s", visitor.number, result.outcome)
            self.events.send("result", result=asdict(result))

    def _on_screen(self, name: str, result: Any) -> None:
        # Where the visit stands, so a run stopped early still knows each visitor's session.
        self.events.send("screen", booth=self.args.booth, screen=name, visitor=result.number,
                         session_id=result.session_id)
        if self.args.screenshots and name not in self._shots_taken:
            self._shots_taken.add(name)
            asyncio.get_running_loop().call_later(SCREENSHOT_DELAY_S, self._screenshot, name)

    def _screenshot(self, name: str, tries: int = 60) -> None:
        window = self._built.window
        if window.current_screen().objectName() != name:
            return
        if name == "callScreen" and tries > 0:
            # The call is worth a picture once the officer talks: their words on screen, no hold card.
            call = window.call
            if not call.prompt.isVisible() or call.on_hold():
                asyncio.get_running_loop().call_later(0.5, self._screenshot, name, tries - 1)
                return
        folder = Path(self.args.screenshots)
        folder.mkdir(parents=True, exist_ok=True)
        stem = name.removesuffix("Screen")
        window.grab().save(str(folder / f"booth-{stem}.png"))

    def stop(self) -> None:
        """Stop the participant, hang up, and end the app."""
        if self._stopping:
            return
        self._stopping = True
        asyncio.get_running_loop().create_task(self._shut_down())

    async def _shut_down(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._worker
        if self._built is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._built.link.close(), 5.0)
            self._built.window.allow_close()
        self._ctx.quit(0)


if __name__ == "__main__":
    raise SystemExit(main())
