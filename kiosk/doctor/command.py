"""`kiosk doctor` on the command line: options, the run, the table (or JSON) and the exit code.

The top level imports only the standard library and the settings: the checks load OpenCV, PyAV and requests
when they run, so `kiosk --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys

from kiosk.config import Settings
from kiosk.doctor.checks import Doctor, run_checks

HELP = "check this booth PC: settings, hub, TLS, clock, camera, audio and disk space"

EXIT_OK = 0
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`kiosk doctor` options."""
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--skip", action="append", default=[], metavar="CHECK", choices=Doctor.CHECKS,
        help=f"leave a check out (repeatable): {', '.join(Doctor.CHECKS)}",
    )
    parser.add_argument("--lang", choices=("id", "en"), help="language of the report (default: booth.language)")
    parser.add_argument("--timeout", type=float, default=5.0, metavar="S", help="network timeout in seconds")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the checks, print the table (or JSON), exit 1 when anything failed."""
    language = args.lang or settings.booth.language
    # The table is the output: the camera's and the sound layer's progress messages would only interleave.
    logging.getLogger("kiosk.video").setLevel(logging.WARNING)
    report = run_checks(settings, language=language, skip=args.skip, timeout_s=args.timeout)
    if args.json:
        print(report.to_json())
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        print(report.table(width=width, color=sys.stdout.isatty()))
    return EXIT_OK if report.ok else EXIT_FAILED
