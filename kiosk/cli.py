"""The `kiosk` entry point: one command, a subcommand per program.

Each subcommand lives in its own module, found through `COMMANDS`; a module that does not exist yet is simply
not offered. A command module keeps its top level light (argparse only) and exposes:

    HELP: str                                             one line for `kiosk --help`
    add_arguments(parser: argparse.ArgumentParser) -> None
    run(args: argparse.Namespace, settings: Settings) -> int
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

from kiosk import __version__
from kiosk.config import ConfigError, Settings, load_settings
from kiosk.logs import setup_logging

#: Subcommand name -> module implementing it, in the order `kiosk --help` lists them.
COMMANDS: dict[str, str] = {
    "demo": "kiosk.demo",
    "server": "kiosk.server.command",
    "booth": "kiosk.ui.launch",
    "console": "kiosk.ui.console.command",
    "setup": "kiosk.ui.setup.command",
    "doctor": "kiosk.doctor.command",
}

EXIT_CONFIG = 2


def _available() -> dict[str, ModuleType]:
    modules: dict[str, ModuleType] = {}
    for name, module_name in COMMANDS.items():
        try:
            found = importlib.util.find_spec(module_name) is not None
        except ModuleNotFoundError:  # the parent package does not exist yet
            found = False
        if found:
            modules[name] = importlib.import_module(module_name)
    return modules


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Video-verification booths for contactless social-security claims.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--config", metavar="PATH", help="settings file (default: $KIOSK_CONFIG or the platform one)"
    )
    modules = _available()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in modules.items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    """Run `kiosk` with `argv` (default: the process's arguments); return the exit code."""
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        settings: Settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(settings.log_level)
    result: int = modules[args.command].run(args, settings)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
