"""Settings from a TOML file plus KIOSK_* overrides, validated at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, Settings, config_path, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("KIOSK_"):
            monkeypatch.delenv(key)
    # Never read the developer's own settings file.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file() -> None:
    settings = load_settings()
    assert settings.server.port == 8600
    assert settings.booth.language == "id"
    assert settings.console.max_cap == 6
    assert settings.video.ice_servers == []
    assert settings.database_url().startswith("sqlite:///")


def test_file_values_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[booth]\nhub_url = "https://hub.branch:8600"\nbooth_number = 3\n'
        '[video]\nice_host_addresses = ["127.0.0.1"]\n'
        '[[video.ice_servers]]\nurls = ["turn:turn.branch:3478"]\nusername = "u"\ncredential = "c"\n',
    )
    settings = load_settings(path)
    assert settings.booth.booth_number == 3
    assert settings.video.ice_host_addresses == ["127.0.0.1"]
    assert settings.video.ice_servers[0].urls == ["turn:turn.branch:3478"]


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "[server]\nport = 8700\nhost = '0.0.0.0'\n")
    monkeypatch.setenv("KIOSK_SERVER__PORT", "8800")
    settings = load_settings(path)
    assert settings.server.port == 8800
    assert settings.server.host == "0.0.0.0"


def test_shortcut_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write(tmp_path, "[server]\ndatabase_url = 'sqlite:///file.db'\n")
    monkeypatch.setenv("KIOSK_DATABASE_URL", "postgresql+psycopg://kiosk@localhost/kiosk")
    monkeypatch.setenv("KIOSK_HUB_URL", "https://hub:8600")
    settings = load_settings(path)
    assert settings.database_url() == "postgresql+psycopg://kiosk@localhost/kiosk"
    assert settings.booth.hub_url == settings.console.hub_url == "https://hub:8600"


def test_config_file_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write(tmp_path, "log_level = 'DEBUG'\n")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    assert config_path(None) == path
    assert load_settings().log_level == "DEBUG"
    assert config_path(tmp_path / "other.toml") == tmp_path / "other.toml"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[server]\nport = 70000\n", "server.port = 70000: Input should be less than or equal to 65535"),
        ("[booth]\nlanguage = 'fr'\n", "booth.language = 'fr': Input should be 'id' or 'en'"),
        ("[console]\nmax_cap = 0\n", "console.max_cap = 0"),
        ("[booth]\ncamra = '0'\n", "booth.camra: unknown setting"),
        ("[[video.ice_servers]]\nurls = ['http://x']\n", "is not a stun:, turn: or turns: URL"),
    ],
)
def test_a_bad_value_names_key_value_and_what_is_allowed(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    assert fragment in str(info.value)


def test_bad_environment_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_BOOTH__INACTIVITY_TIMEOUT_S", "soon")
    with pytest.raises(ConfigError, match=r"booth\.inactivity_timeout_s = 'soon'"):
        load_settings()


def test_broken_or_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[server\n"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml")


def test_no_settings_object_exists_at_import_time() -> None:
    import kiosk.config as module

    assert not [name for name, value in vars(module).items() if isinstance(value, Settings)]
