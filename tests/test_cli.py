"""The `kiosk` command: help, version, and exit code 2 for bad settings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.cli import EXIT_CONFIG, main


def run_kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_help_lists_the_programs() -> None:
    result = run_kiosk("--help")
    assert result.returncode == 0
    assert "usage: kiosk" in result.stdout


def test_version() -> None:
    result = run_kiosk("--version")
    assert result.stdout.strip() == f"kiosk {__version__}"


def test_help_does_not_load_qt_or_webrtc() -> None:
    code = (
        "import sys; from kiosk.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'aiortc', 'cv2'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """`main()` configures the root logger; later tests must not log into this test's captured stream."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_bad_settings_exit_with_code_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import COMMANDS, _available

    # Every program of the design exists now; each must refuse bad settings before it starts anything.
    assert set(_available()) == set(COMMANDS)
    command = "doctor"
    bad = tmp_path / "bad.toml"
    bad.write_text("[server]\nport = -1\n")
    assert main(["--config", str(bad), command]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "server.port = -1" in err


def test_domain_imports_no_heavy_library() -> None:
    code = (
        "import kiosk.domain, kiosk.domain.claims, kiosk.domain.identifiers, kiosk.protocol, "
        "kiosk.domain.quota, kiosk.domain.session, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6','aiortc','cv2','sqlalchemy','fastapi','requests','websockets','av'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
