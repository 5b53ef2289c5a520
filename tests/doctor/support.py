"""Helpers of the doctor tests: booth settings pointing at a port nobody serves, a doctor with a fake sound server."""

from __future__ import annotations

import socket
from pathlib import Path

from kiosk.config import Settings
from kiosk.doctor.checks import Doctor
from tests.support.pactl import pactl


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def booth_settings(token_file: Path | None = None, **booth: object) -> Settings:
    values: dict[str, object] = {
        "hub_url": f"http://127.0.0.1:{free_port()}",
        "camera": "synthetic",
        "camera_width": 640,
        "camera_height": 360,
        "camera_fps": 15,
        "booth_number": 3,
        "branch_code": "KDR",
        "admin_pin_hash": "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        "device_token_file": str(token_file) if token_file else None,
    }
    values.update(booth)
    return Settings(booth=values)


def doctor(settings: Settings, **kwargs: object) -> Doctor:
    kwargs.setdefault("sound", pactl("echo-cancel-source"))
    kwargs.setdefault("camera_seconds", 1.0)
    return Doctor(settings, timeout_s=2.0, **kwargs)  # type: ignore[arg-type]
