"""The wizard's rules without a window: hub URLs, codes, PINs, camera listing, and the files it writes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from kiosk.app.setup.model import (
    HubProblem,
    PinProblem,
    SetupResult,
    clean_code,
    normalize_hub_url,
    pin_problem,
    probe_hub,
    save_token,
    settings_toml,
    write_config,
)
from kiosk.config import Settings, load_settings
from kiosk.protocol.rest import EnrollResponse


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("hub.kdr.local:8600", "https://hub.kdr.local:8600"),
        (" http://127.0.0.1:8600/ ", "http://127.0.0.1:8600"),
        ("https://hub", "https://hub"),
    ],
)
def test_hub_urls(typed: str, url: str) -> None:
    assert normalize_hub_url(typed) == url


@pytest.mark.parametrize("typed", ["", "ftp://hub", "https://", "https://hub:99999", "https://hub/api/v1"])
def test_bad_hub_urls(typed: str) -> None:
    with pytest.raises(ValueError):
        normalize_hub_url(typed)
    assert probe_hub(typed).problem is HubProblem.BAD_URL


@pytest.mark.parametrize(
    ("text", "code"),
    [("k7qm2xpa", "K7QM-2XPA"), ("K7QM-2XPA", "K7QM-2XPA"), ("kiosk-enroll:K7QM-2XPA", "K7QM-2XPA"),
     (" k7qm 2xpa ", "K7QM-2XPA"), ("https://hub/enroll/K7QM2XPA", "K7QM-2XPA")],
)
def test_codes_as_typed_or_scanned(text: str, code: str) -> None:
    assert clean_code(text) == code


@pytest.mark.parametrize(
    ("pin", "repeat", "problem"),
    [
        ("48291", "48291", PinProblem.TOO_SHORT),
        ("48a915", "48a915", PinProblem.NOT_DIGITS),
        ("111111", "111111", PinProblem.TOO_SIMPLE),
        ("123456", "123456", PinProblem.TOO_SIMPLE),
        ("876543", "876543", PinProblem.TOO_SIMPLE),
        ("482915", "482916", PinProblem.MISMATCH),
        ("482915", "482915", None),
    ],
)
def test_pin_rules(pin: str, repeat: str, problem: PinProblem | None) -> None:
    assert pin_problem(pin, repeat) is problem


def test_token_and_config_are_private_and_load(tmp_path: Path) -> None:
    token_file = tmp_path / "etc" / "device-token"
    save_token(token_file, "b_secret")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert token_file.read_text() == "b_secret\n"
    result = SetupResult(
        language="en", hub_url="https://hub.kdr.local:8600",
        enrollment=EnrollResponse(device_token="b_secret", booth_id=4, booth_number=7, branch_code="KDR",
                                  branch_name="Kediri"), camera="/dev/video0", camera_width=1920,
        camera_height=1080, camera_fps=25, microphone="echo-cancel-source", speaker="default",
        pin_hash=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("482915"),
    )
    settings = result.apply(Settings(video={"ice_host_addresses": ["10.0.0.5"]}), token_file)
    config = tmp_path / "etc" / "booth.toml"
    loaded = write_config(config, settings)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert loaded == load_settings(config)
    assert loaded.booth.booth_number == 7 and loaded.booth.branch_code == "KDR"
    assert loaded.booth.device_token_file == token_file
    assert loaded.booth.camera_width == 1920 and loaded.booth.microphone == "echo-cancel-source"
    assert loaded.video.ice_host_addresses == ["10.0.0.5"]
    text = settings_toml(settings)
    assert "b_secret" not in text
    assert "[console]" not in text  # only what differs from the defaults, outside [booth]
