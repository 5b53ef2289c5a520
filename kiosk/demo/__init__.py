"""`kiosk demo`: a whole branch on one machine: hub, officer's console and booths with simulated participants.

    kiosk demo                                  on a desktop: windows arranged on screen, you are the officer
    kiosk demo --headless --booths 6 --participants 12 --report report.json
                                                no display, a scripted officer; summary table, JSON report,
                                                exit status 1 if a participant did not reach a final state
    kiosk demo --headless --booths 4 --online 2 --participants 12
                                                and two more who book, prepare and join from headless
                                                Chromium (the online channel), served by the same console
    kiosk demo --headless --participants 4 --collective 500
                                                and a company files for 500 laid-off workers at once: most
                                                confirm by SMS code, the officer approves and submits in bulk

Every part is its own process talking over 127.0.0.1, as in a branch (see kiosk.demo.orchestrator). Without a
display (no DISPLAY or WAYLAND_DISPLAY) the demo says so and runs headless. Ctrl+C stops everything and removes
the demo's temporary folder. The top level of this module stays light (argparse only): no Qt here.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.config import Settings

HELP = "a whole branch on this machine: hub, console and booths with simulated participants"

MAX_BOOTHS = 10  # the demo branch has booths 1-10 (kiosk server seed-demo)
MAX_ONLINE = 4  # one per registry member the online cast draws on (a member books online once a day)
MAX_INSTANCES = 4
MAX_COLLECTIVE = 20_000  # the hub's most rows per roster


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `kiosk demo`."""
    parser.add_argument("--booths", type=int, default=4, metavar="N", help="booths (1-10, default 4)")
    parser.add_argument(
        "--online", type=int, default=0, metavar="N",
        help=f"also N participants who book, prepare and join from a browser (headless Chromium; 0-{MAX_ONLINE})",
    )
    parser.add_argument(
        "--collective", type=int, default=0, metavar="N",
        help=f"also a company filing for N laid-off workers at once (the collective channel; 0-{MAX_COLLECTIVE})",
    )
    parser.add_argument(
        "--participants", type=int, metavar="M",
        help="visitors in all (default: two per booth headless; on a desktop they keep coming until Ctrl+C)",
    )
    parser.add_argument(
        "--relay", action="store_true",
        help="every call through a TURN server (coturn, started here): booths, console and browsers relay only",
    )
    parser.add_argument(
        "--instances", type=int, default=1, metavar="N",
        help="N hub instances (2-4) behind nginx with TLS, sharing a Redis; needs --database-url postgresql://...",
    )
    parser.add_argument("--headless", action="store_true", help="no windows (Qt offscreen) and a scripted officer")
    parser.add_argument(
        "--officer", choices=("you", "scripted"),
        help="who works the console on a desktop (default: you); headless it is always the scripted officer",
    )
    parser.add_argument("--report", metavar="FILE", help="write the run's report as JSON")
    parser.add_argument(
        "--cast", metavar="CASES",
        help="comma-separated visitor cases to cycle through (default: the full mix; see kiosk.demo.cast)",
    )
    parser.add_argument("--pace", type=float, metavar="F",
                        help="participants' and officer's think times, 1.0 about a person's (default 0.4; 1.0 "
                             "on a desktop)")
    parser.add_argument("--database-url", metavar="URL",
                        help="run the hub on this (empty) database instead of a SQLite file in the temporary folder")
    parser.add_argument("--screenshots", metavar="DIR", help="save the console's and booth 1's screens here")
    parser.add_argument("--timeout", type=float, metavar="S", help="stop after this many seconds")
    parser.add_argument("--no-recording", action="store_true", help="do not record the sessions at the console")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database) afterwards")


def has_display() -> bool:
    """True when a desktop session is there to show windows."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the demo; returns its exit code."""
    from kiosk.demo.cast import unknown_cases
    from kiosk.demo.orchestrator import DemoOptions, run_demo

    if not 1 <= args.booths <= MAX_BOOTHS:
        print(f"kiosk demo: --booths must be 1 to {MAX_BOOTHS}", file=sys.stderr)
        return 2
    if not 0 <= args.online <= MAX_ONLINE:
        print(f"kiosk demo: --online must be 0 to {MAX_ONLINE}", file=sys.stderr)
        return 2
    if not 0 <= args.collective <= MAX_COLLECTIVE:
        print(f"kiosk demo: --collective must be 0 to {MAX_COLLECTIVE}", file=sys.stderr)
        return 2
    if not 1 <= args.instances <= MAX_INSTANCES:
        print(f"kiosk demo: --instances must be 1 to {MAX_INSTANCES}", file=sys.stderr)
        return 2
    if args.instances > 1 and not (args.database_url or "").startswith("postgresql"):
        print("kiosk demo: --instances needs --database-url postgresql://... (the instances share one database)",
              file=sys.stderr)
        return 2
    if args.instances > 1 and args.online:
        print("kiosk demo: --instances runs booths and the console; leave out --online", file=sys.stderr)
        return 2
    if args.participants is not None and args.participants < 1:
        print("kiosk demo: --participants must be at least 1", file=sys.stderr)
        return 2
    cast = tuple(c.strip() for c in args.cast.split(",") if c.strip()) if args.cast else None
    if cast is not None and (not cast or unknown_cases(cast)):
        print(f"kiosk demo: unknown cases in --cast: {', '.join(unknown_cases(cast)) or '(none given)'}",
              file=sys.stderr)
        return 2
    headless = args.headless
    if not headless and not has_display():
        print("kiosk demo: no display here (DISPLAY and WAYLAND_DISPLAY are not set): running headless, "
              "with the scripted officer.")
        headless = True
    scripted = headless or args.officer == "scripted"
    participants = args.participants
    if participants is None and headless:
        participants = 2 * args.booths
    pace = args.pace if args.pace is not None else (0.4 if headless else 1.0)
    timeout = args.timeout
    if timeout is None and participants is not None and scripted:
        # A scripted run ends by itself even if something hangs (a visit takes about a minute).
        timeout = 300.0 + 120.0 * (participants + args.online) * max(1.0, pace) + 0.5 * args.collective
    options = DemoOptions(
        booths=args.booths,
        online=args.online,
        collective=args.collective,
        relay=args.relay,
        instances=args.instances,
        participants=participants,
        headless=headless,
        scripted_officer=scripted,
        report=Path(args.report) if args.report else None,
        database_url=args.database_url,
        cast=cast,
        pace=pace,
        officer_pace=pace,
        screenshots=Path(args.screenshots).resolve() if args.screenshots else None,
        keep=args.keep,
        timeout_s=timeout,
        record_sessions=not args.no_recording,
        log_level=settings.log_level,
    )
    return run_demo(options)
