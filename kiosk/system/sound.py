"""The sound server (PulseAudio, or PipeWire's pulse server): its microphones, speakers and defaults.

Asked through ``pactl``, which both servers answer; the doctor checks the booth's devices with it and the setup
wizard offers them. Nothing here opens a device (`kiosk.video.audio` does that).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SoundDevice:
    """A source (microphone) or sink (speaker) as the sound server lists it."""

    name: str
    description: str
    is_monitor: bool = False

    @property
    def is_echo_cancel(self) -> bool:
        """True for the echo-cancelling source or sink (module-echo-cancel / libpipewire-module-echo-cancel)."""
        text = f"{self.name} {self.description}".lower()
        return "echo" in text and ("cancel" in text or "echocancel" in text)


@dataclass(frozen=True)
class SoundServerState:
    """What the sound server has: sources, sinks and the defaults; `available` is False without one."""

    available: bool
    sources: tuple[SoundDevice, ...] = ()
    sinks: tuple[SoundDevice, ...] = ()
    default_source: str = ""
    default_sink: str = ""
    error: str = ""

    @property
    def microphones(self) -> tuple[SoundDevice, ...]:
        """Real capture sources (monitors of speakers left out)."""
        return tuple(s for s in self.sources if not s.is_monitor)

    @property
    def echo_cancel_source(self) -> SoundDevice | None:
        """The echo-cancelling source, when one is loaded."""
        return next((s for s in self.microphones if s.is_echo_cancel), None)

    @property
    def echo_cancel_active(self) -> bool:
        """True when an echo-cancelling source exists and is the default one (what "default" records from)."""
        source = self.echo_cancel_source
        return source is not None and source.name == self.default_source


def _pactl(*args: str, timeout: float = 3.0) -> str:
    result = subprocess.run(
        ["pactl", *args], capture_output=True, text=True, timeout=timeout, check=True, env={**os.environ, "LC_ALL": "C"}
    )
    return result.stdout


def _parse_pactl_list(text: str) -> tuple[SoundDevice, ...]:
    """Parse ``pactl list sources`` / ``sinks`` (the long form, for the human descriptions)."""
    devices: list[SoundDevice] = []
    name = description = ""
    monitor = False

    def flush() -> None:
        if name:
            devices.append(SoundDevice(name, description or name, monitor))

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(("Source #", "Sink #")):
            flush()
            name, description, monitor = "", "", False
        elif line.startswith("Name:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("Description:"):
            description = line.split(":", 1)[1].strip()
        elif line.startswith("Monitor of Sink:"):
            monitor = line.split(":", 1)[1].strip() not in ("", "n/a")
        elif line.startswith("device.class") and "monitor" in line:
            monitor = True
    flush()
    return tuple(devices)


def sound_server_state(runner: Callable[..., str] = _pactl) -> SoundServerState:
    """Ask the sound server (through ``pactl``, which PulseAudio and pipewire-pulse both answer) what it has."""
    try:
        sources = _parse_pactl_list(runner("list", "sources"))
        sinks = _parse_pactl_list(runner("list", "sinks"))
        info = runner("info")
    except FileNotFoundError:
        return SoundServerState(False, error="pactl is not installed (package pulseaudio-utils)")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        stderr = getattr(exc, "stderr", "") or ""
        return SoundServerState(False, error=(stderr.strip() or str(exc))[:200])
    default_source = default_sink = ""
    for line in info.splitlines():
        if line.startswith("Default Source:"):
            default_source = line.split(":", 1)[1].strip()
        elif line.startswith("Default Sink:"):
            default_sink = line.split(":", 1)[1].strip()
    return SoundServerState(True, sources, sinks, default_source, default_sink)
