"""The example configurations in deploy/ are valid settings, and the units start what exists."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from kiosk.cli import COMMANDS
from kiosk.config import load_settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


@pytest.mark.parametrize("name", ["hub.toml", "booth.toml", "console.toml"])
def test_example_configs_load(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DATABASE_URL", raising=False)
    settings = load_settings(DEPLOY / "config" / name)
    assert settings.video.ice_servers == []


def test_booth_example_matches_the_design() -> None:
    settings = load_settings(DEPLOY / "config" / "booth.toml")
    assert settings.booth.fullscreen
    assert settings.booth.language == "id"
    assert settings.booth.hub_url.startswith("https://")


@pytest.mark.parametrize("unit", sorted((DEPLOY / "systemd").glob("*.service")), ids=lambda p: p.name)
def test_units_run_a_kiosk_subcommand(unit: Path) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(unit)
    exec_start = parser["Service"]["ExecStart"]
    subcommand = exec_start.split("/kiosk ")[-1].split()[0]
    assert subcommand in COMMANDS
    if unit.name == "kiosk-booth.service":
        assert parser["Service"]["Restart"] == "always"
        assert "cage" in exec_start
