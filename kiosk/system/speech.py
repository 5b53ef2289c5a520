"""Offline text-to-speech: the packaged ``espeak-ng`` (Debian package espeak-ng) writes a WAV file for a text.

The booth speaks its fixed guidance texts with it (`kiosk.app.booth.voice`), and the doctor says whether it is
there. Everything here blocks (a subprocess of a few tens of milliseconds); the booth runs it through
`kiosk.app.blocking.run_blocking`. Only fixed texts are ever given to it: nothing personal is spoken.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

#: espeak-ng's voice for each of the booth's languages.
VOICES: dict[str, str] = {"id": "id", "en": "en"}
#: Words per minute: slower than espeak-ng's 175, for listeners who are old, stressed or new to the language.
DEFAULT_RATE_WPM = 140
PROGRAM = "espeak-ng"


class SpeechError(Exception):
    """The engine is missing or could not speak a text (the booth then stays silent, nothing else changes)."""


@dataclass(frozen=True)
class SpeechStatus:
    """Whether the engine is installed, its version and which of the booth's languages it has a voice for."""

    available: bool
    version: str = ""
    languages: tuple[str, ...] = ()
    error: str = ""


@functools.lru_cache(maxsize=8)
def _version(program: str) -> str:
    """The engine's version line's number (``1.51``), or "" when the program does not answer."""
    try:
        result = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    # "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/..."
    words = result.stdout.split(":", 1)[-1].split()
    return words[0] if words else result.stdout.strip()[:40]


@dataclass(frozen=True)
class SpeechEngine:
    """espeak-ng run as a program: `synthesise()` writes one text as a 16-bit mono WAV file."""

    program: str = PROGRAM
    rate_wpm: int = DEFAULT_RATE_WPM
    timeout_s: float = 20.0

    def available(self) -> bool:
        """True when the program is installed."""
        return shutil.which(self.program) is not None

    def version(self) -> str:
        """The engine's version (part of the speech cache's key: a new engine speaks anew)."""
        return _version(self.program)

    def voice(self, language: str) -> str:
        """espeak-ng's voice for `language` ("id" or "en")."""
        try:
            return VOICES[language]
        except KeyError:
            raise SpeechError(f"no voice for language {language!r}") from None

    def synthesise(self, language: str, text: str, path: Path) -> None:
        """Write `text` spoken in `language` to the WAV file `path` (blocks; raises `SpeechError`)."""
        command = [self.program, "-v", self.voice(language), "-s", str(self.rate_wpm), "-w", str(path), "--stdin"]
        try:
            # The text goes in on stdin: never parsed as an option, whatever it starts with.
            subprocess.run(command, input=text, capture_output=True, text=True, timeout=self.timeout_s, check=True)
        except FileNotFoundError:
            raise SpeechError(f"{self.program} is not installed (Debian package espeak-ng)") from None
        except subprocess.CalledProcessError as exc:
            raise SpeechError(f"{self.program} failed: {(exc.stderr or '').strip()[:200]}") from None
        except subprocess.TimeoutExpired:
            raise SpeechError(f"{self.program} took longer than {self.timeout_s:.0f} s") from None
        if wav_seconds(path) <= 0:
            raise SpeechError(f"{self.program} wrote no audio")

    def status(self) -> SpeechStatus:
        """What the doctor and the setup report: installed, version, the booth's languages it can speak."""
        if not self.available():
            return SpeechStatus(False, error=f"{self.program} is not installed (Debian package espeak-ng)")
        languages = []
        for language, voice in VOICES.items():
            try:
                listed = subprocess.run(
                    [self.program, f"--voices={voice}"], capture_output=True, text=True, timeout=10, check=True
                ).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            if len(listed.strip().splitlines()) > 1:  # a header line, then one line per voice
                languages.append(language)
        return SpeechStatus(True, self.version(), tuple(languages))


def wav_seconds(path: Path) -> float:
    """The length of a WAV file in seconds (0 when it is missing, empty or not a WAV file)."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate = wav.getframerate()
            return wav.getnframes() / rate if rate else 0.0
    except (OSError, EOFError, wave.Error):
        return 0.0
