"""The doctor's check of the booth's spoken guidance: espeak-ng installed, with voices for Indonesian and English.

Without it the booth works, silently (the "listen again" button hides): a warning, not a failure.
"""

from __future__ import annotations

from kiosk.doctor.context import DoctorContext
from kiosk.doctor.report import CheckResult, Status
from kiosk.system.speech import VOICES, SpeechEngine


class SpeechChecks(DoctorContext):
    """Checks `speech` (mixed into `kiosk.doctor.checks.Doctor`)."""

    def check_speech(self) -> CheckResult:
        """espeak-ng speaks both of the booth's languages (or guidance is switched off)."""
        title = self._t("Suara panduan", "Spoken guidance")
        if not self.settings.booth.voice_guidance:
            return CheckResult("speech", title, Status.SKIP,
                               self._t("Dimatikan (booth.voice_guidance = false).",
                                       "Switched off (booth.voice_guidance = false)."))
        status = SpeechEngine().status()
        install = self._t("Pasang dengan `./dev setup` (atau `apt-get install espeak-ng`).",
                          "Install it with `./dev setup` (or `apt-get install espeak-ng`).")
        if not status.available:
            return CheckResult("speech", title, Status.WARN,
                               self._t("espeak-ng tidak terpasang: booth berjalan tanpa suara panduan.",
                                       "espeak-ng is not installed: the booth runs without spoken guidance."),
                               install)
        missing = [language for language in VOICES if language not in status.languages]
        if missing:
            return CheckResult("speech", title, Status.WARN,
                               self._t(f"espeak-ng {status.version} tanpa suara untuk: {', '.join(missing)}.",
                                       f"espeak-ng {status.version} has no voice for: {', '.join(missing)}."),
                               install)
        return CheckResult("speech", title, Status.PASS,
                           self._t(f"espeak-ng {status.version}, bahasa Indonesia dan Inggris.",
                                   f"espeak-ng {status.version}, Indonesian and English."))
