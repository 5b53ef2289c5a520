"""The `Doctor`: runs every check in order for one `Settings`; the checks of the settings, token file and disk.

The checks are plain methods that return `CheckResult` values, so the booth's admin menu (`kiosk.ui.lockdown`)
and the setup wizard run the same code as the command line. A check that crashes becomes a failed row; it does
not hide the others.
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from kiosk.config import Settings
from kiosk.doctor.device_checks import DeviceChecks
from kiosk.doctor.hub_checks import HubChecks
from kiosk.doctor.report import CheckResult, Report, Status
from kiosk.doctor.speech_check import SpeechChecks
from kiosk.system.disk import free_space

if TYPE_CHECKING:
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)

#: Free disk space below these is a warning / a failure.
DISK_WARN_BYTES = 5 * 1024**3
DISK_FAIL_BYTES = 1 * 1024**3


class Doctor(HubChecks, DeviceChecks, SpeechChecks):
    """Runs the checks for one `Settings` (the inputs are `kiosk.doctor.context.DoctorContext`'s)."""


    # Every check is one method; `CHECKS` lists them in the order they run.
    CHECKS: ClassVar[tuple[str, ...]] = (
        "config", "token", "hub", "enrollment", "tls", "clock", "camera", "microphone", "speaker", "echo_cancel",
        "speech", "disk",
    )

    def run(self, skip: Iterable[str] = ()) -> Report:
        """Run every check not in `skip` and return the report."""
        skipped = set(skip)
        results = []
        for key in self.CHECKS:
            if key in skipped:
                continue
            method: Callable[[], CheckResult] = getattr(self, f"check_{key}")
            try:
                results.append(method())
            except Exception as exc:  # a broken check must not hide the others
                log.exception("doctor check %s crashed", key)
                results.append(CheckResult(key, key, Status.FAIL, f"{type(exc).__name__}: {exc}"))
        return Report(tuple(results), self.language)

    # -- settings ---------------------------------------------------------------------------------------------

    def check_config(self) -> CheckResult:
        """The booth's identity and admin PIN are set."""
        booth = self.settings.booth
        title = self._t("Konfigurasi", "Configuration")
        missing = []
        if booth.booth_number is None:
            missing.append("booth.booth_number")
        if not booth.branch_code:
            missing.append("booth.branch_code")
        if not booth.admin_pin_hash:
            missing.append("booth.admin_pin_hash")
        elif not booth.admin_pin_hash.startswith("$argon2"):
            return CheckResult(
                "config", title, Status.FAIL,
                self._t("PIN admin tidak tersimpan sebagai hash argon2.", "The admin PIN is not an argon2 hash."),
                self._t("Jalankan `kiosk setup` lagi untuk mengatur PIN admin.",
                        "Run `kiosk setup` again to set the admin PIN."),
            )
        if missing:
            return CheckResult(
                "config", title, Status.FAIL,
                self._t("Belum diisi: ", "Not set: ") + ", ".join(missing),
                self._t("Jalankan `kiosk setup` di PC booth ini.", "Run `kiosk setup` on this booth PC."),
            )
        return CheckResult(
            "config", title, Status.PASS,
            self._t(f"Booth {booth.booth_number}, cabang {booth.branch_code}, PIN admin diatur.",
                    f"Booth {booth.booth_number}, branch {booth.branch_code}, admin PIN set."),
        )

    def check_token(self) -> CheckResult:
        """The device token file exists, is not empty, and only its owner can read it."""
        title = self._t("Token perangkat", "Device token")
        path = self.settings.booth.device_token_file
        enroll = self._t("Daftarkan booth ini dengan `kiosk setup` dan kode pendaftaran dari admin hub.",
                         "Enroll this booth with `kiosk setup` and an enrollment code from the hub admin.")
        if path is None:
            return CheckResult("token", title, Status.FAIL,
                               self._t("booth.device_token_file belum diatur.", "booth.device_token_file is not set."),
                               enroll)
        if not path.is_file():
            return CheckResult("token", title, Status.FAIL,
                               self._t(f"Berkas {path} tidak ada.", f"The file {path} does not exist."), enroll)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            readable = self._token() is not None
        except OSError as exc:
            return CheckResult("token", title, Status.FAIL,
                               self._t(f"Berkas {path} tidak bisa dibaca: {exc.strerror}",
                                       f"The file {path} cannot be read: {exc.strerror}"),
                               self._t("Periksa pemilik berkas (harus pengguna booth).",
                                       "Check the file's owner (it must be the booth user)."))
        if not readable:
            return CheckResult("token", title, Status.FAIL,
                               self._t(f"Berkas {path} kosong.", f"The file {path} is empty."), enroll)
        if mode & 0o077:
            return CheckResult("token", title, Status.FAIL,
                               self._t(f"Berkas {path} bisa dibaca orang lain (mode {mode:o}).",
                                       f"Others can read {path} (mode {mode:o})."),
                               f"chmod 600 {path}")
        return CheckResult("token", title, Status.PASS,
                           self._t(f"{path} (mode 600)", f"{path} (mode 600)"))
    # -- disk --------------------------------------------------------------------------------------------------

    def check_disk(self) -> CheckResult:
        """Enough free space where the programs keep their data (and the system logs)."""
        from kiosk.paths import default_data_dir

        title = self._t("Ruang disk", "Disk space")
        where, free = free_space(self.disk_path or default_data_dir())
        gib = free / 1024**3
        detail = self._t(f"{gib:.1f} GiB bebas di {where}.", f"{gib:.1f} GiB free on {where}.")
        hint = self._t("Hapus berkas yang tidak perlu atau batasi log: `journalctl --vacuum-size=200M`.",
                       "Remove files that are not needed or limit the logs: `journalctl --vacuum-size=200M`.")
        if free < DISK_FAIL_BYTES:
            return CheckResult("disk", title, Status.FAIL, detail, hint)
        if free < DISK_WARN_BYTES:
            return CheckResult("disk", title, Status.WARN, detail, hint)
        return CheckResult("disk", title, Status.PASS, detail)


def run_checks(
    settings: Settings,
    language: str = "id",
    skip: Iterable[str] = (),
    camera: CameraSource | None = None,
    timeout_s: float = 5.0,
) -> Report:
    """Run the doctor's checks for `settings` (see `Doctor`)."""
    return Doctor(settings, language=language, timeout_s=timeout_s, camera=camera).run(skip)
