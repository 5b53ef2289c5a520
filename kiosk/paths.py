"""Where the project's own files live (assets) and where the apps keep theirs (platform dirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "kiosk"

#: assets/ sits beside the package in the source tree (the project is installed editable).
ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def asset(*parts: str) -> Path:
    """Path of a file under assets/, e.g. ``asset("catalog", "claims.toml")``."""
    return ASSETS_DIR.joinpath(*parts)


def default_config_file() -> Path:
    """The TOML settings file used when neither --config nor KIOSK_CONFIG names one."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml"


def default_data_dir() -> Path:
    """Where the hub keeps its database and documents, and the console its outbox."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_cache_dir() -> Path:
    """Where an app keeps what it can make again (the booth's spoken guidance)."""
    return Path(platformdirs.user_cache_dir(APP_NAME))
