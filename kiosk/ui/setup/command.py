"""`kiosk setup`: the booth's first-run wizard in a window. Qt is imported only when the command runs.

`kiosk booth` starts the same wizard by itself when the booth has no device token (`needs_setup`,
`run_setup_in`), writes the settings to $KIOSK_CONFIG (or the platform's settings file), and goes on with the
booth once they are saved.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Settings, config_path

if TYPE_CHECKING:
    from kiosk.ui.app import AppContext

HELP = "set up this booth PC: hub, enrollment code, camera, sound, admin PIN (writes the settings file)"

#: Translation catalogs the wizard needs (its own, and the booth's for the shared keypad).
CATALOGS = ("booth", "setup")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `kiosk setup`."""
    parser.add_argument(
        "--test-devices", action="store_true",
        help="also offer the synthetic camera and a test tone instead of a microphone (demos and tests)",
    )
    parser.add_argument("--language", choices=("id", "en"), help="start in this language (default: booth.language)")


def settings_file(cli_path: str | None) -> Path:
    """The file the wizard writes: --config, else $KIOSK_CONFIG, else the platform's settings file."""
    return config_path(cli_path)


def needs_setup(settings: Settings, config_file: Path | None = None) -> bool:
    """True when this booth has no usable device token (or, when `config_file` is given, no settings file).

    Default settings name no token file, so a booth without any settings needs setup too.
    """
    if config_file is not None and not config_file.is_file():
        return True
    token = settings.booth.device_token_file
    try:
        return token is None or not token.is_file() or not token.read_text(encoding="utf-8").strip()
    except OSError:
        return True


def use_test_devices(args_flag: bool = False) -> bool:
    """The --test-devices flag, or ``KIOSK_SETUP_TEST_DEVICES=1`` (the demo sets it for the booth's wizard)."""
    return args_flag or os.environ.get("KIOSK_SETUP_TEST_DEVICES", "") == "1"


async def run_setup_in(ctx: AppContext, settings: Settings, config_file: Path, test_devices: bool = False) -> (
        Settings | None):
    """Show the wizard in a running app; return the saved settings, or None when the admin closed it."""
    from kiosk.ui.setup.wizard import SetupWizard

    done: asyncio.Future[Settings | None] = asyncio.get_running_loop().create_future()
    wizard = SetupWizard(settings, config_file, ctx.translations, test_devices=test_devices)

    def finished(saved: object) -> None:
        if not done.done():
            done.set_result(saved if isinstance(saved, Settings) else None)
        wizard.close()

    def cancelled() -> None:
        if not done.done():
            done.set_result(None)

    wizard.finished.connect(finished)
    wizard.cancelled.connect(cancelled)
    wizard.show()
    try:
        return await done
    finally:
        wizard.deleteLater()


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Open the wizard; exit 0 once the settings are saved, 1 when it was closed without saving."""
    from kiosk.ui.app import AppSpec, run_app

    language = args.language or settings.booth.language
    spec = AppSpec(name="setup", theme="setup", catalogs=CATALOGS, language=language,
                   display_name="kiosk setup", quit_on_last_window_closed=False)
    config_file = settings_file(args.config)

    async def start(ctx: AppContext) -> None:
        saved = await run_setup_in(ctx, settings, config_file, use_test_devices(args.test_devices))
        if saved is not None:
            print(f"kiosk setup: settings written to {config_file}")
        ctx.quit(0 if saved is not None else 1)

    return run_app(spec, start)
