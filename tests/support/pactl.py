"""A sound server's answers as `pactl` gives them (PipeWire's PulseAudio server, a webcam microphone and the
echo-cancel module), for the tests of kiosk.system.sound and of the doctor's sound checks."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.system.sound import SoundServerState, sound_server_state

PACTL_SOURCES = """Source #45
\tState: SUSPENDED
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo.monitor
\tDescription: Monitor of Built-in Audio Analog Stereo
\tMonitor of Sink: alsa_output.pci-0000_00_1f.3.analog-stereo
Source #46
\tState: RUNNING
\tName: alsa_input.usb-046d_HD_Webcam_C615-02.analog-stereo
\tDescription: HD Webcam C615 Analog Stereo
\tMonitor of Sink: n/a
Source #47
\tName: echo-cancel-source
\tDescription: Echo-Cancel Source
\tMonitor of Sink: n/a
"""
PACTL_SINKS = """Sink #44
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo
\tDescription: Built-in Audio Analog Stereo
"""


def pactl(
    default_source: str, sources: str = PACTL_SOURCES, sinks: str = PACTL_SINKS
) -> Callable[[], SoundServerState]:
    """A probe of the sound server answering like `pactl` would, with `default_source` as the default."""
    info = f"Server Name: PulseAudio (on PipeWire 1.0.5)\nDefault Sink: alsa_output.pci-0000_00_1f.3.analog-stereo\n" \
           f"Default Source: {default_source}\n"

    def runner(*args: str) -> str:
        return {("list", "sources"): sources, ("list", "sinks"): sinks, ("info",): info}[args]

    return lambda: sound_server_state(runner)
