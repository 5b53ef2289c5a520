"""One online participant of the demo, as its own process: a headless Chromium at a phone's size, driven through
the hub's online pages by `kiosk.demo.online_participant.OnlineParticipant`.

    python -m kiosk.demo.online_process --base-url http://127.0.0.1:8600 --seat 1

Messages (kiosk.demo.wire): the orchestrator sends ``visitor`` (one participant to play, with the visit's
``day``) and ``quit``; the process answers ``ready`` once its browser is up, ``idle`` whenever it is free,
``screen`` as the visitor reaches each page, and ``result`` after each visit. Stdin closing means quit.
"""

from __future__ import annotations

import argparse
import logging
import queue
import signal
import sys
from dataclasses import asdict
from datetime import date
from typing import Any

from kiosk.demo.browser import ChromiumOptions, chromium, chromium_available
from kiosk.demo.cast import Visitor
from kiosk.demo.online_participant import OnlineParticipant, OnlineResult
from kiosk.demo.wire import Message, leave, read_commands, take_stdout
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk.demo.online")

#: A phone held upright (CSS pixels).
PHONE = (390, 844)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line of a demo online participant."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.demo.online_process")
    parser.add_argument("--base-url", required=True, help="the hub's address")
    parser.add_argument("--seat", type=int, required=True, help="which of the demo's online participants")
    parser.add_argument("--pace", type=float, default=1.0, help="participant's think times (0: fastest)")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Play online visitors until told to quit."""
    events = take_stdout()
    args = parse_args(argv)
    setup_logging(args.log_level)
    if not chromium_available():
        events.send("error", message="Chromium and chromedriver are not installed (./dev demo installs them)")
        leave(2)
    # Stopped from outside: leave through the `with` below, which closes the browser and removes its profile.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    commands: queue.Queue[Message | None] = queue.Queue()
    read_commands(commands.put, lambda: commands.put(None))
    with chromium(ChromiumOptions(width=PHONE[0], height=PHONE[1])) as driver:

        def on_step(name: str, result: OnlineResult) -> None:
            events.send("screen", seat=args.seat, screen=name, visitor=result.number, session_id=result.session_id)

        participant = OnlineParticipant(driver, args.base_url, pace=args.pace, on_step=on_step)
        events.send("ready", seat=args.seat)
        while True:
            events.send("idle", seat=args.seat)
            message = commands.get()
            if message is None or message.get("type") == "quit":
                break
            if message.get("type") != "visitor":
                continue
            visitor = Visitor.from_json(message["visitor"])
            day = date.fromisoformat(str(message["day"]))
            log.info("visitor %d (%s) opens the online pages", visitor.number, visitor.case)
            result = participant.visit(visitor, day)
            log.info("visitor %d done: %s", visitor.number, result.outcome)
            events.send("result", result=_result_message(result))
    leave(0)


def _result_message(result: OnlineResult) -> dict[str, Any]:
    """The result as the orchestrator reads a booth's (the booking code stays here: it opens the booking)."""
    data = asdict(result)
    data.pop("booking_code", None)
    return data


if __name__ == "__main__":
    sys.exit(main())
