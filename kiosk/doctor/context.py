"""What every check of the doctor reads: the settings, the language, timeouts, a lent camera, the sound probe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.system.sound import SoundServerState, sound_server_state

if TYPE_CHECKING:
    from kiosk.video.camera import CameraSource


@dataclass
class HubAnswer:
    """The hub's health answer, asked once per run and shared by the hub, TLS and clock checks."""

    reachable: bool
    version: str = ""
    date: datetime | None = None
    measured_at: datetime | None = None
    tls: bool = False
    error: str = ""
    kind: str = ""  # refused, dns, timeout, tls, http


@dataclass
class DoctorContext:
    """The inputs of one doctor run; messages in Indonesian (``id``) or English (``en``).

    `camera` lends an already running camera (the booth's own, from the admin menu): the check measures it
    instead of opening the device a second time, which a V4L2 device would refuse while the booth holds it.
    """

    settings: Settings
    language: str = "id"
    timeout_s: float = 5.0
    camera: CameraSource | None = None
    camera_seconds: float = 2.0
    sound: Callable[[], SoundServerState] = sound_server_state
    disk_path: Path | None = None
    _hub: HubAnswer | None = field(default=None, init=False, repr=False)

    def _t(self, indonesian: str, english: str) -> str:
        return english if self.language == "en" else indonesian

    def _token(self) -> str | None:
        """The device token from its file (None when there is none); never logged."""
        path = self.settings.booth.device_token_file
        if path is None or not path.is_file():
            return None
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return token or None
