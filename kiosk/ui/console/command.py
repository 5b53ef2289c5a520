"""`kiosk console`: the officer's multi-booth console. Qt is imported only when the command runs."""

from __future__ import annotations

import argparse

from kiosk.config import Settings

HELP = "the officer's console: several booths at once, verification, decisions, claim submission"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `kiosk console`."""
    parser.add_argument("--hub", metavar="URL", help="override console.hub_url")
    parser.add_argument("--language", choices=("id", "en"), help="override console.language")
    parser.add_argument("--camera", metavar="SPEC", help='override console.camera ("none", "synthetic", an index)')
    parser.add_argument("--no-sound", action="store_true", help="no attention chime")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the console; returns its exit code."""
    from kiosk.ui.console.main import run_console

    console = settings.console
    if args.hub:
        console.hub_url = args.hub
    if args.language:
        console.language = args.language
    if args.camera:
        console.camera = args.camera
    if args.no_sound:
        console.sound = False
    return run_console(settings)
