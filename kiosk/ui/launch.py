"""`kiosk booth`: the participant's fullscreen touch app, with the setup wizard first on a PC not yet enrolled.

This module composes two apps that are otherwise independent of each other (`kiosk.ui.booth` and
`kiosk.ui.setup`, an import contract): it is the one place that knows a booth starts with its setup. Qt is
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from kiosk.config import Settings, config_path

if TYPE_CHECKING:
    from kiosk.ui.app import AppContext

log = logging.getLogger(__name__)

HELP = "the participant's booth app (fullscreen touch flow from check-in to claim reference)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `kiosk booth`."""
    parser.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen (development)")
    parser.add_argument("--camera", metavar="SPEC", help='override booth.camera ("synthetic", an index, a path)')
    parser.add_argument("--language", choices=("id", "en"), help="override booth.language")
    parser.add_argument("--hub", metavar="URL", help="override booth.hub_url")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the booth app; returns its exit code."""
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


def run_booth(settings: Settings) -> int:
    """Run the booth until quit; first the setup wizard when the booth has no settings file or device token.

    Returns 3 when the booth is still not enrolled (the wizard was closed without saving).
    """
    from kiosk.ui.app import run_app
    from kiosk.ui.booth.main import EXIT_NOT_ENROLLED, booth_spec, booth_start
    from kiosk.ui.setup.command import needs_setup

    if needs_setup(settings):
        return run_app(booth_spec(settings), setup_then_booth(settings))
    token_file = settings.booth.device_token_file
    if token_file is None or not token_file.exists():
        print(
            "kiosk booth: this booth is not enrolled (booth.device_token_file is missing); run `kiosk setup` first",
            file=sys.stderr,
        )
        return EXIT_NOT_ENROLLED
    return run_app(booth_spec(settings), booth_start(settings))


def setup_then_booth(settings: Settings) -> Callable[[AppContext], Awaitable[None]]:
    """The setup wizard in the booth's app, then the booth with the saved settings."""
    from kiosk.ui.booth.main import EXIT_NOT_ENROLLED, booth_start
    from kiosk.ui.setup.command import run_setup_in, use_test_devices

    async def start(ctx: AppContext) -> None:
        saved = await run_setup_in(ctx, settings, config_path(None), use_test_devices())
        if saved is None:
            log.warning("setup closed without saving; the booth is not enrolled")
            ctx.quit(EXIT_NOT_ENROLLED)
            return
        booth_start(saved)(ctx)

    return start
