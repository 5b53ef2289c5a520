"""The dashboard's alert sound: a short two-note chime, made once as a WAV file in memory (no binary asset in
the repository, nothing fetched from elsewhere; the page's Content-Security-Policy allows only the hub itself)."""

from __future__ import annotations

import io
import math
import struct
import wave

RATE = 16000


def _chime() -> bytes:
    """Two soft notes (E6 then C6), 0.18 s each, with a short fade so they do not click."""
    frames = bytearray()
    for frequency in (1318.5, 1046.5):
        count = int(RATE * 0.18)
        for i in range(count):
            fade = min(1.0, i / 160, (count - i) / 800)
            sample = 0.45 * fade * math.sin(2 * math.pi * frequency * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


#: The WAV file served as /dashboard/static/alert.wav.
ALERT_WAV = _chime()
