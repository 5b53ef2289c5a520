"""`kiosk doctor` as a command: the table with a hint per failure, JSON and the exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.doctor.support import booth_settings, doctor, free_port


def test_english_table_has_a_hint_per_failure(token_file: Path, tmp_path: Path) -> None:
    report = doctor(booth_settings(token_file), language="en", disk_path=tmp_path).run(skip=["camera"])
    table = report.table(width=100)
    assert "Camera" not in table
    hub_line = next(line for line in table.splitlines() if line.startswith("Hub "))
    assert hub_line.split()[1] == "FAIL"
    assert "→ The hub cannot be reached." in table
    assert table.rstrip().endswith("1 failed, 0 warnings.")


def test_command_exit_code_and_json(token_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "booth.toml"
    config.write_text(
        f'[booth]\nhub_url = "http://127.0.0.1:{free_port()}"\ncamera = "synthetic"\ncamera_width = 320\n'
        f'camera_height = 240\nmicrophone = "tone"\nspeaker = "null"\n'
        f'device_token_file = "{token_file}"\n'
    )
    code = main(["--config", str(config), "doctor", "--json", "--skip", "disk", "--timeout", "2"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    by_key = {row["key"]: row for row in data["results"]}
    assert by_key["camera"]["status"] == "pass"
    assert by_key["microphone"]["status"] == "pass"  # test tone
    assert by_key["speaker"]["status"] == "fail"
    assert "disk" not in by_key
    assert "secret-token-value" not in json.dumps(data)


def test_command_line_prints_the_table(token_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "booth.toml"
    config.write_text(f'[booth]\nhub_url = "http://127.0.0.1:{free_port()}"\ncamera = "synthetic"\n')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "doctor", "--lang", "en", "--skip", "camera"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("Check")
    assert "→ Run `kiosk setup` on this booth PC." in result.stdout


def test_a_missing_camera_shows_only_the_table_not_opencv_warnings(token_file: Path, tmp_path: Path) -> None:
    """On a PC without that camera, OpenCV would print a raw ``[ WARN:0@...] cap_v4l.cpp`` line per reopen
    attempt above the table; the admin sees the camera row and its advice only."""
    config = tmp_path / "booth.toml"
    # Index 63: no PC running the tests has that many cameras, so the probe fails the way a camera-less PC does.
    config.write_text(f'[booth]\nhub_url = "http://127.0.0.1:{free_port()}"\ncamera = "63"\n'
                      f'device_token_file = "{token_file}"\n')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "doctor", "--lang", "en",
         "--skip", "microphone", "--skip", "speaker", "--skip", "echo_cancel", "--skip", "hub",
         "--skip", "enrollment", "--skip", "clock", "--timeout", "1"],
        capture_output=True, text=True, timeout=90, check=False,
    )
    camera_line = next(line for line in result.stdout.splitlines() if line.startswith("Camera "))
    assert camera_line.split()[1] == "FAIL"
    assert "Check the camera's USB cable" in result.stdout
    output = result.stdout + result.stderr
    assert "[ WARN" not in output and "cap_v4l" not in output, output
    assert result.stdout.startswith("Check")
