"""`kiosk booth`: the participant's fullscreen touch app. Qt is imported only when the command runs."""

from __future__ import annotations

import argparse

from kiosk.config import Settings

HELP = "the participant's booth app (fullscreen touch flow from check-in to claim reference)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `kiosk booth`."""
    parser.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen (development)")
    parser.add_argument("--camera", metavar="SPEC", help='override booth.camera ("synthetic", an index, a path)')
    parser.add_argument("--language", choices=("id", "en"), help="override booth.language")
    parser.add_argument("--hub", metavar="URL", help="override booth.hub_url")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the booth app; returns its exit code."""
    from kiosk.ui.booth.main import run_booth

    booth = settings.booth
    if args.camera:
        booth.camera = args.camera
    if args.language:
        booth.language = args.language
    if args.hub:
        booth.hub_url = args.hub
    if args.windowed:
        booth.fullscreen = False
    return int(run_booth(settings))
