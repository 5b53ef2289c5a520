"""`kiosk doctor`: checks a booth PC end to end and prints a pass/fail table with a hint for every failure.

Checks, in order: the booth's settings (identity, admin PIN), the device token file, the hub (reachable, its
version, whether it accepts the device token), TLS, the clock difference to the hub, the camera (opened at the
configured resolution, real frame rate measured), microphone, speaker, echo cancellation and disk space.

The checks are plain functions over `Settings` that return `CheckResult` values, so the booth's admin menu
(`kiosk.ui.lockdown`) and the setup wizard run the same code as the command line. A check that depends on an
earlier one (TLS and clock need the hub) is skipped, not failed twice. Exit code: 0 when nothing failed
(warnings allowed), 1 otherwise.

The top level imports only the standard library: OpenCV, PyAV and requests are loaded by the checks that need
them, so `kiosk --help` stays fast. Nothing here prints or logs the device token or the PIN.
"""

from __future__ import annotations

import argparse
import enum
import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from kiosk.config import Settings

if TYPE_CHECKING:
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)

HELP = "check this booth PC: settings, hub, TLS, clock, camera, audio and disk space"

EXIT_OK = 0
EXIT_FAILED = 1

#: Clock differences to the hub above these are a warning / a failure (tokens and claim dates depend on it).
CLOCK_WARN_S = 5.0
CLOCK_FAIL_S = 30.0
#: Free disk space below these is a warning / a failure.
DISK_WARN_BYTES = 5 * 1024**3
DISK_FAIL_BYTES = 1 * 1024**3
#: A camera delivering less than these shares of the configured frame rate is a warning / a failure.
FPS_WARN_SHARE = 0.8
FPS_FAIL_SHARE = 0.5
#: Days before the hub's certificate expires from which the TLS check warns.
CERT_WARN_DAYS = 21

#: Where the hub answers "am I alive, which version" (`kiosk.server` schema ``Health``).
HEALTH_PATH = "/healthz"
#: Where a booth asks the hub who its device token belongs to.
BOOTH_ME_PATH = "/api/v1/booths/me"


class Status(enum.Enum):
    """The outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    """One row of the doctor's table: what was checked, the outcome, what was seen, and what to do."""

    key: str
    title: str
    status: Status
    detail: str
    hint: str = ""


@dataclass(frozen=True)
class Report:
    """All results of one doctor run."""

    results: tuple[CheckResult, ...]
    language: str = "id"

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings and skipped checks allowed)."""
        return all(r.status is not Status.FAIL for r in self.results)

    def get(self, key: str) -> CheckResult:
        """The result of check `key`."""
        return next(r for r in self.results if r.key == key)

    def to_json(self) -> str:
        """The results as JSON (for scripts and monitoring)."""
        rows = [{**asdict(r), "status": r.status.value} for r in self.results]
        return json.dumps({"ok": self.ok, "results": rows}, ensure_ascii=False, indent=2)

    def table(self, width: int = 100, color: bool = False) -> str:
        """A plain-text table, one row per check, the hint indented under each failure or warning."""
        en = self.language == "en"
        labels = {
            Status.PASS: ("OK", "LULUS"),
            Status.WARN: ("WARN", "PERINGATAN"),
            Status.FAIL: ("FAIL", "GAGAL"),
            Status.SKIP: ("SKIP", "DILEWATI"),
        }
        colors = {Status.PASS: "32", Status.WARN: "33", Status.FAIL: "31;1", Status.SKIP: "2"}
        name_w = max(len(r.title) for r in self.results) if self.results else 10
        status_w = max(len(label[0 if en else 1]) for label in labels.values())
        head = ("Check", "Result", "Details") if en else ("Pemeriksaan", "Hasil", "Keterangan")
        name_w = max(name_w, len(head[0]))
        status_w = max(status_w, len(head[1]))
        detail_w = max(30, width - name_w - status_w - 4)
        lines = [f"{head[0]:<{name_w}}  {head[1]:<{status_w}}  {head[2]}", "-" * min(width, 120)]
        for r in self.results:
            label = labels[r.status][0 if en else 1]
            shown = f"\033[{colors[r.status]}m{label:<{status_w}}\033[0m" if color else f"{label:<{status_w}}"
            detail = textwrap.wrap(r.detail, detail_w) or [""]
            lines.append(f"{r.title:<{name_w}}  {shown}  {detail[0]}")
            pad = " " * (name_w + status_w + 4)
            lines.extend(pad + more for more in detail[1:])
            if r.hint and r.status in (Status.FAIL, Status.WARN):
                for i, part in enumerate(textwrap.wrap(r.hint, detail_w - 2)):
                    lines.append(pad + ("→ " if i == 0 else "  ") + part)
        failed = sum(r.status is Status.FAIL for r in self.results)
        warned = sum(r.status is Status.WARN for r in self.results)
        lines.append("-" * min(width, 120))
        if en:
            lines.append("All checks passed." if failed == 0 and warned == 0
                         else f"{failed} failed, {warned} warnings.")
        else:
            lines.append("Semua pemeriksaan lulus." if failed == 0 and warned == 0
                         else f"{failed} gagal, {warned} peringatan.")
        return "\n".join(lines)


# -- sound server inspection (PulseAudio or PipeWire's pulse server) ------------------------------------------


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


# -- measurements the wizard shares ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CameraMeasurement:
    """What a camera really delivered: resolution, frame rate over the measuring time, frames counted."""

    opened: bool
    width: int = 0
    height: int = 0
    fps: float = 0.0
    frames: int = 0
    error: str = ""


def measure_camera(camera: CameraSource, seconds: float = 2.0, open_timeout_s: float = 6.0) -> CameraMeasurement:
    """Count the distinct frames `camera` (already started) delivers in `seconds`; blocks, so run it in a thread."""
    deadline = time.monotonic() + open_timeout_s
    first = camera.latest()
    while first is None and time.monotonic() < deadline:
        time.sleep(0.02)
        first = camera.latest()
    if first is None:
        return CameraMeasurement(False, error=camera.state.value)
    height, width = first.image.shape[:2]
    last_index, count = first.index, 0
    start = time.monotonic()
    end = start + seconds
    while (now := time.monotonic()) < end:
        captured = camera.latest()
        if captured is not None and captured.index != last_index:
            count += captured.index - last_index
            last_index = captured.index
        time.sleep(max(0.0, min(0.004, end - now)))
    elapsed = max(1e-3, time.monotonic() - start)
    return CameraMeasurement(True, width, height, count / elapsed, count)


def free_space(path: Path) -> tuple[Path, int]:
    """Free bytes on the file system holding `path` (or its nearest existing parent), with that parent."""
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return probe, shutil.disk_usage(probe).free


# -- the checks -----------------------------------------------------------------------------------------------


@dataclass
class _HubAnswer:
    reachable: bool
    version: str = ""
    date: datetime | None = None
    measured_at: datetime | None = None
    tls: bool = False
    error: str = ""
    kind: str = ""  # refused, dns, timeout, tls, http


@dataclass
class Doctor:
    """Runs the checks for one `Settings`; messages in Indonesian (``id``) or English (``en``).

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
    _hub: _HubAnswer | None = field(default=None, init=False, repr=False)

    def _t(self, indonesian: str, english: str) -> str:
        return english if self.language == "en" else indonesian

    # Every check is one method; `CHECKS` lists them in the order they run.
    CHECKS: ClassVar[tuple[str, ...]] = (
        "config", "token", "hub", "enrollment", "tls", "clock", "camera", "microphone", "speaker", "echo_cancel",
        "disk",
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

    def _token(self) -> str | None:
        path = self.settings.booth.device_token_file
        if path is None or not path.is_file():
            return None
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return token or None

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

    # -- hub, TLS, clock ---------------------------------------------------------------------------------------

    def _ask_hub(self) -> _HubAnswer:
        if self._hub is not None:
            return self._hub
        import requests

        url = self.settings.booth.hub_url.rstrip("/") + HEALTH_PATH
        tls = urlsplit(url).scheme == "https"
        try:
            sent = time.time()
            response = requests.get(url, timeout=self.timeout_s, verify=system_ca_file() or True)
            received = time.time()
        except requests.exceptions.SSLError as exc:
            self._hub = _HubAnswer(False, tls=tls, error=_short(exc), kind="tls")
            return self._hub
        except requests.exceptions.Timeout:
            self._hub = _HubAnswer(False, tls=tls, error=f"timeout after {self.timeout_s:g} s", kind="timeout")
            return self._hub
        except requests.exceptions.ConnectionError as exc:
            text = _short(exc)
            kind = "dns" if ("Name or service" in text or "resolve" in text.lower()) else "refused"
            self._hub = _HubAnswer(False, tls=tls, error=text, kind=kind)
            return self._hub
        except requests.exceptions.RequestException as exc:
            self._hub = _HubAnswer(False, tls=tls, error=_short(exc), kind="http")
            return self._hub
        if response.status_code != 200:
            self._hub = _HubAnswer(False, tls=tls, error=f"HTTP {response.status_code}", kind="http")
            return self._hub
        version = ""
        try:
            body = response.json()
            version = str(body.get("version", "")) if isinstance(body, dict) else ""
        except ValueError:
            pass
        date = None
        if "Date" in response.headers:
            try:
                date = parsedate_to_datetime(response.headers["Date"])
            except (TypeError, ValueError):
                date = None
        midpoint = datetime.fromtimestamp((sent + received) / 2, UTC)
        self._hub = _HubAnswer(True, version, date, midpoint, tls)
        return self._hub

    def check_hub(self) -> CheckResult:
        """The hub answers its health endpoint; shows its version."""
        title = self._t("Hub", "Hub")
        url = self.settings.booth.hub_url
        answer = self._ask_hub()
        if answer.reachable:
            return CheckResult("hub", title, Status.PASS,
                               self._t(f"{url} menjawab, versi {answer.version or '?'}.",
                                       f"{url} answers, version {answer.version or '?'}."))
        hints = {
            "refused": self._t(
                "Hub tidak bisa dihubungi. Periksa kabel jaringan, alamat hub (booth.hub_url), dan apakah layanan "
                "kiosk-hub berjalan di PC hub (`systemctl status kiosk-hub`).",
                "The hub cannot be reached. Check the network cable, the hub address (booth.hub_url) and whether "
                "the kiosk-hub service runs on the hub PC (`systemctl status kiosk-hub`)."),
            "dns": self._t("Nama hub tidak dikenal. Periksa ejaan booth.hub_url atau gunakan alamat IP hub.",
                           "The hub's name is not known. Check the spelling of booth.hub_url or use the hub's IP."),
            "timeout": self._t("Hub tidak menjawab tepat waktu. Periksa jaringan dan beban PC hub.",
                               "The hub did not answer in time. Check the network and the hub PC's load."),
            "tls": self._t("Sertifikat hub tidak dipercaya. Pasang sertifikat CA cabang (lihat docs/deployment.md).",
                           "The hub's certificate is not trusted. Install the branch CA (see docs/deployment.md)."),
            "http": self._t("Hub menjawab dengan galat. Lihat log hub (`journalctl -u kiosk-hub`).",
                            "The hub answered with an error. See the hub's log (`journalctl -u kiosk-hub`)."),
        }
        return CheckResult("hub", title, Status.FAIL,
                           self._t(f"{url} tidak terjangkau: {answer.error}", f"{url} unreachable: {answer.error}"),
                           hints.get(answer.kind, hints["refused"]))

    def check_enrollment(self) -> CheckResult:
        """The hub accepts the device token, and knows this booth by the number and branch in the settings."""
        import requests

        title = self._t("Pendaftaran", "Enrollment")
        booth = self.settings.booth
        token = self._token()
        if token is None:
            return CheckResult("enrollment", title, Status.SKIP,
                               self._t("Tidak ada token perangkat.", "No device token."))
        if not self._ask_hub().reachable:
            return CheckResult("enrollment", title, Status.SKIP,
                               self._t("Hub tidak terjangkau.", "The hub is unreachable."))
        reenroll = self._t("Minta kode pendaftaran baru dari admin hub (`kiosk server enroll-booth`) lalu jalankan "
                           "`kiosk setup`.",
                           "Ask the hub admin for a new enrollment code (`kiosk server enroll-booth`) and run "
                           "`kiosk setup`.")
        try:
            response = requests.get(
                booth.hub_url.rstrip("/") + BOOTH_ME_PATH,
                headers={"Authorization": f"Bearer {token}"},
                timeout=self.timeout_s,
                verify=system_ca_file() or True,
            )
        except requests.exceptions.RequestException as exc:
            return CheckResult("enrollment", title, Status.FAIL, _short(exc), reenroll)
        if response.status_code in (401, 403):
            return CheckResult("enrollment", title, Status.FAIL,
                               self._t("Hub menolak token perangkat (booth didaftarkan ulang atau dihapus).",
                                       "The hub refuses the device token (the booth was re-enrolled or removed)."),
                               reenroll)
        if response.status_code != 200:
            return CheckResult("enrollment", title, Status.FAIL, f"HTTP {response.status_code}", reenroll)
        known = response.json()
        number, branch = known.get("number"), known.get("branch_code")
        if (booth.booth_number, booth.branch_code) != (number, branch):
            return CheckResult(
                "enrollment", title, Status.FAIL,
                self._t(f"Hub mengenal booth ini sebagai {branch} booth {number}, konfigurasi menyebut "
                        f"{booth.branch_code} booth {booth.booth_number}.",
                        f"The hub knows this booth as {branch} booth {number}; the settings say "
                        f"{booth.branch_code} booth {booth.booth_number}."),
                self._t(f"Ubah booth_number = {number} dan branch_code = \"{branch}\" di konfigurasi.",
                        f"Set booth_number = {number} and branch_code = \"{branch}\" in the settings."))
        return CheckResult("enrollment", title, Status.PASS,
                           self._t(f"Hub mengenal booth ini: {branch} booth {number}.",
                                   f"The hub knows this booth: {branch} booth {number}."))

    def check_tls(self) -> CheckResult:
        """The link to the hub is encrypted with a trusted certificate (plain HTTP only on this machine)."""
        title = "TLS"
        parts = urlsplit(self.settings.booth.hub_url)
        host = parts.hostname or ""
        if parts.scheme != "https":
            if host in ("127.0.0.1", "localhost", "::1"):
                return CheckResult("tls", title, Status.PASS,
                                   self._t("Tanpa TLS, hub di PC ini sendiri.", "No TLS; the hub is on this PC."))
            return CheckResult(
                "tls", title, Status.FAIL,
                self._t("Tanpa TLS: data peserta akan lewat jaringan tanpa enkripsi.",
                        "No TLS: participants' data would cross the network unencrypted."),
                self._t("Pasang sertifikat di hub dan pakai https:// di booth.hub_url (docs/deployment.md).",
                        "Give the hub a certificate and use https:// in booth.hub_url (docs/deployment.md)."))
        answer = self._ask_hub()
        if not answer.reachable and answer.kind != "tls":
            return CheckResult("tls", title, Status.SKIP,
                               self._t("Hub tidak terjangkau.", "The hub is unreachable."))
        info = tls_details(host, parts.port or 443, self.timeout_s)
        if answer.kind == "tls" or info.get("error"):
            return CheckResult(
                "tls", title, Status.FAIL,
                self._t("Sertifikat hub ditolak: ", "The hub's certificate is refused: ")
                + str(info.get("error") or answer.error),
                self._t("Salin sertifikat CA cabang ke /usr/local/share/ca-certificates/ lalu jalankan "
                        "`update-ca-certificates`; pastikan nama di sertifikat sama dengan nama di booth.hub_url.",
                        "Copy the branch CA certificate to /usr/local/share/ca-certificates/ and run "
                        "`update-ca-certificates`; the name in the certificate must match booth.hub_url."))
        expires: datetime = info["expires"]
        days = (expires - datetime.now(UTC)).days
        detail = self._t(f"{info['version']}, sertifikat berlaku sampai {expires:%Y-%m-%d}.",
                         f"{info['version']}, certificate valid until {expires:%Y-%m-%d}.")
        if days < CERT_WARN_DAYS:
            return CheckResult("tls", title, Status.WARN, detail,
                               self._t(f"Sertifikat habis dalam {days} hari: perbarui di hub.",
                                       f"The certificate expires in {days} days: renew it on the hub."))
        return CheckResult("tls", title, Status.PASS, detail)

    def check_clock(self) -> CheckResult:
        """This PC's clock agrees with the hub's (from the HTTP Date header, to about a second)."""
        title = self._t("Jam", "Clock")
        answer = self._ask_hub()
        if not answer.reachable or answer.date is None or answer.measured_at is None:
            return CheckResult("clock", title, Status.SKIP,
                               self._t("Hub tidak terjangkau.", "The hub is unreachable."))
        # The Date header has whole seconds: up to one second of difference is rounding, not drift.
        offset = (answer.measured_at - answer.date).total_seconds()
        shown = max(0.0, abs(offset) - 1.0)
        direction = self._t("lebih cepat", "ahead") if offset > 0 else self._t("lebih lambat", "behind")
        detail = self._t(f"Selisih dengan hub ±{shown:.0f} s ({direction}).",
                         f"Differs from the hub by ±{shown:.0f} s ({direction}).")
        hint = self._t("Aktifkan sinkronisasi waktu: `timedatectl set-ntp true` (systemd-timesyncd) dengan server "
                       "NTP cabang.",
                       "Turn on time sync: `timedatectl set-ntp true` (systemd-timesyncd) with the branch's NTP "
                       "server.")
        if shown > CLOCK_FAIL_S:
            return CheckResult("clock", title, Status.FAIL, detail, hint)
        if shown > CLOCK_WARN_S:
            return CheckResult("clock", title, Status.WARN, detail, hint)
        return CheckResult("clock", title, Status.PASS, detail)

    # -- camera and sound --------------------------------------------------------------------------------------

    def check_camera(self) -> CheckResult:
        """The camera opens and delivers the configured resolution at (close to) the configured frame rate."""
        booth = self.settings.booth
        title = self._t("Kamera", "Camera")
        want = f"{booth.camera_width}×{booth.camera_height} @ {booth.camera_fps} fps"
        if self.camera is not None:
            measurement = measure_camera(self.camera, self.camera_seconds)
        else:
            from kiosk.video.camera import open_camera

            camera = open_camera(booth.camera, booth.camera_width, booth.camera_height, booth.camera_fps)
            camera.start()
            try:
                measurement = measure_camera(camera, self.camera_seconds)
            finally:
                camera.stop()
        if not measurement.opened:
            return CheckResult(
                "camera", title, Status.FAIL,
                self._t(f"Kamera \"{booth.camera}\" tidak memberi gambar.",
                        f"Camera \"{booth.camera}\" gives no picture."),
                self._t("Periksa kabel USB kamera, lalu `ls /dev/video*`; pengguna booth harus anggota grup video. "
                        "Pilih kamera lain dengan `kiosk setup`.",
                        "Check the camera's USB cable, then `ls /dev/video*`; the booth user must be in the video "
                        "group. Choose another camera with `kiosk setup`."))
        got = f"{measurement.width}×{measurement.height} @ {measurement.fps:.1f} fps"
        detail = self._t(f"\"{booth.camera}\": {got} (diminta {want}).", f"\"{booth.camera}\": {got} (asked {want}).")
        if (measurement.width, measurement.height) != (booth.camera_width, booth.camera_height):
            return CheckResult(
                "camera", title, Status.FAIL, detail,
                self._t(f"Kamera tidak mendukung {booth.camera_width}×{booth.camera_height}. Atur camera_width dan "
                        "camera_height sesuai kamera, atau pakai kamera yang mendukungnya.",
                        f"The camera does not do {booth.camera_width}×{booth.camera_height}. Set camera_width and "
                        "camera_height to what it does, or use a camera that does."))
        share = measurement.fps / booth.camera_fps
        light = self._t("Banyak webcam menurunkan laju gambar saat ruangan gelap: tambah cahaya di booth, atau "
                        "turunkan camera_fps.",
                        "Many webcams lower their frame rate in a dark room: add light in the booth, or lower "
                        "camera_fps.")
        if share < FPS_FAIL_SHARE:
            return CheckResult("camera", title, Status.FAIL, detail, light)
        if share < FPS_WARN_SHARE:
            return CheckResult("camera", title, Status.WARN, detail, light)
        return CheckResult("camera", title, Status.PASS, detail)

    def _sound(self) -> SoundServerState:
        return self.sound()

    def check_microphone(self) -> CheckResult:
        """The configured microphone exists on the sound server (or is a test tone)."""
        title = self._t("Mikrofon", "Microphone")
        name = self.settings.booth.microphone
        if name == "tone":
            return CheckResult("microphone", title, Status.PASS,
                               self._t("Nada uji (tanpa perangkat).", "Test tone (no device)."))
        if name == "null":
            return CheckResult("microphone", title, Status.FAIL,
                               self._t("Mikrofon dimatikan di konfigurasi (\"null\").",
                                       "The microphone is switched off in the settings (\"null\")."),
                               self._t("Petugas tidak akan mendengar peserta. Pilih mikrofon dengan `kiosk setup`.",
                                       "The officer will not hear the participant. Choose one with `kiosk setup`."))
        state = self._sound()
        no_mic = self._t("Tidak ada mikrofon.", "No microphone.")
        plug = self._t("Colokkan mikrofon atau webcam dengan mikrofon, lalu periksa `pactl list short sources`.",
                       "Plug in a microphone or a webcam with one, then check `pactl list short sources`.")
        if not state.available:
            return CheckResult("microphone", title, Status.FAIL,
                               self._t(f"Server suara tidak menjawab: {state.error}",
                                       f"The sound server does not answer: {state.error}"),
                               self._t("Pasang dan jalankan PipeWire atau PulseAudio untuk pengguna booth "
                                       "(docs/deployment.md).",
                                       "Install and run PipeWire or PulseAudio for the booth user "
                                       "(docs/deployment.md)."))
        microphones = state.microphones
        if not microphones:
            return CheckResult("microphone", title, Status.FAIL, no_mic, plug)
        if name != "default" and name not in {m.name for m in microphones}:
            return CheckResult("microphone", title, Status.FAIL,
                               self._t(f"Mikrofon \"{name}\" tidak ada.", f"Microphone \"{name}\" is not there."), plug)
        chosen = state.default_source if name == "default" else name
        description = next((m.description for m in microphones if m.name == chosen), chosen)
        return CheckResult("microphone", title, Status.PASS, description)

    def check_speaker(self) -> CheckResult:
        """The configured speaker exists on the sound server."""
        title = self._t("Speaker", "Speaker")
        name = self.settings.booth.speaker
        if name == "null":
            return CheckResult("speaker", title, Status.FAIL,
                               self._t("Speaker dimatikan di konfigurasi (\"null\").",
                                       "The speaker is switched off in the settings (\"null\")."),
                               self._t("Peserta tidak akan mendengar petugas. Pilih speaker dengan `kiosk setup`.",
                                       "The participant will not hear the officer. Choose one with `kiosk setup`."))
        state = self._sound()
        if not state.available:
            return CheckResult("speaker", title, Status.FAIL,
                               self._t(f"Server suara tidak menjawab: {state.error}",
                                       f"The sound server does not answer: {state.error}"),
                               self._t("Pasang dan jalankan PipeWire atau PulseAudio untuk pengguna booth.",
                                       "Install and run PipeWire or PulseAudio for the booth user."))
        if not state.sinks or (name != "default" and name not in {s.name for s in state.sinks}):
            return CheckResult("speaker", title, Status.FAIL,
                               self._t("Tidak ada speaker.", "No speaker."),
                               self._t("Colokkan speaker atau headset dan periksa volume.",
                                       "Plug in a speaker or headset and check the volume."))
        chosen = state.default_sink if name == "default" else name
        description = next((s.description for s in state.sinks if s.name == chosen), chosen)
        return CheckResult("speaker", title, Status.PASS, description)

    def check_echo_cancel(self) -> CheckResult:
        """An echo-cancelling source is loaded and is the default microphone."""
        title = self._t("Peredam gema", "Echo cancellation")
        if self.settings.booth.microphone in ("tone", "null"):
            return CheckResult("echo_cancel", title, Status.SKIP,
                               self._t("Tanpa mikrofon sungguhan.", "No real microphone."))
        state = self._sound()
        if not state.available:
            return CheckResult("echo_cancel", title, Status.SKIP,
                               self._t("Server suara tidak menjawab.", "The sound server does not answer."))
        hint = self._t(
            "Tanpa peredam gema petugas mendengar suaranya sendiri. Salin deploy/pulseaudio/99-echo-cancel.conf "
            "(PipeWire) atau echo-cancel.pa (PulseAudio) sesuai docs/deployment.md, lalu pilih \"Echo-Cancel "
            "Source\" sebagai mikrofon bawaan.",
            "Without echo cancellation the officer hears their own voice. Copy deploy/pulseaudio/99-echo-cancel.conf "
            "(PipeWire) or echo-cancel.pa (PulseAudio) as docs/deployment.md says, then make \"Echo-Cancel Source\" "
            "the default microphone.")
        source = state.echo_cancel_source
        if source is None:
            return CheckResult("echo_cancel", title, Status.WARN,
                               self._t("Tidak aktif.", "Not active."), hint)
        if self.settings.booth.microphone not in ("default", source.name) or not state.echo_cancel_active:
            return CheckResult("echo_cancel", title, Status.WARN,
                               self._t(f"\"{source.description}\" ada tetapi tidak dipakai booth.",
                                       f"\"{source.description}\" exists but the booth does not record from it."),
                               hint)
        return CheckResult("echo_cancel", title, Status.PASS,
                           self._t(f"Aktif: {source.description}.", f"Active: {source.description}."))

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


def _short(exc: BaseException) -> str:
    """A readable one-line reason from a requests/urllib3 exception chain (they nest four deep)."""
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "Temporary failure in name resolution",
                   "No route to host", "Network is unreachable", "certificate verify failed", "timed out"):
        if marker in text:
            tail = text.split(marker, 1)[1].split("'")[0].split(")")[0].strip(" :")
            return marker + (f": {tail}" if tail and marker == "certificate verify failed" else "")
    return text[:200]


def system_ca_file() -> str | None:
    """$REQUESTS_CA_BUNDLE, else the system's CA file (Debian: /etc/ssl/certs/ca-certificates.crt), if any.

    requests trusts only its own bundle unless told otherwise; a branch CA installed with
    ``update-ca-certificates`` is in the system's file, so the checks and the wizard verify against that.
    """
    import ssl

    for candidate in (os.environ.get("REQUESTS_CA_BUNDLE"), ssl.get_default_verify_paths().cafile):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def tls_details(host: str, port: int, timeout: float) -> dict[str, Any]:
    """TLS version and certificate expiry of the hub, verified against the system's trust store."""
    import socket
    import ssl

    context = ssl.create_default_context(cafile=system_ca_file())
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            cert = tls.getpeercert() or {}
            version = tls.version() or "TLS"
    except ssl.SSLCertVerificationError as exc:
        return {"error": exc.verify_message or str(exc)}
    except (OSError, ssl.SSLError) as exc:
        return {"error": str(exc)}
    not_after = str(cert.get("notAfter", ""))
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC) if not_after else datetime.max.replace(
        tzinfo=UTC)
    return {"version": version, "expires": expires}


def run_checks(
    settings: Settings,
    language: str = "id",
    skip: Iterable[str] = (),
    camera: CameraSource | None = None,
    timeout_s: float = 5.0,
) -> Report:
    """Run the doctor's checks for `settings` (see `Doctor`)."""
    return Doctor(settings, language=language, timeout_s=timeout_s, camera=camera).run(skip)


# -- configuration, secrets hidden ----------------------------------------------------------------------------

#: A key whose last word is one of these holds a secret (``admin_pin_hash``, ``credential``); ``token_ttl_s`` or
#: ``device_token_file`` do not: a path to a secret file is not a secret.
_SECRET_WORDS = frozenset({"hash", "token", "credential", "password", "secret"})
HIDDEN = "•••• (disembunyikan)"


def _is_secret(key: str) -> bool:
    return key.rsplit("_", 1)[-1] in _SECRET_WORDS


def _hide_url_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":****@", 1)
    return parts._replace(netloc=netloc).geturl()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def _redact(key: str, value: Any) -> Any:
    if value is None:
        return None
    if _is_secret(key):
        return HIDDEN
    if isinstance(value, str) and "://" in value:
        return _hide_url_password(value)
    if isinstance(value, dict):
        return {k: _redact(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(key, v) for v in value]
    return value


def redacted_settings_toml(settings: Settings, sections: Sequence[str] = ("booth", "video")) -> str:
    """The settings of `sections` as TOML, every secret (PIN hash, credentials, passwords) replaced by a marker."""
    data = settings.model_dump(mode="json")
    lines = [f"log_level = {_toml_value(data['log_level'])}"]
    for section in sections:
        lines.append(f"\n[{section}]")
        for key, value in data[section].items():
            shown = _redact(key, value)
            lines.append(f"# {key} = (kosong)" if shown is None else f"{key} = {_toml_value(shown)}")
    return "\n".join(lines) + "\n"


# -- command line ---------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`kiosk doctor` options."""
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--skip", action="append", default=[], metavar="CHECK", choices=Doctor.CHECKS,
        help=f"leave a check out (repeatable): {', '.join(Doctor.CHECKS)}",
    )
    parser.add_argument("--lang", choices=("id", "en"), help="language of the report (default: booth.language)")
    parser.add_argument("--timeout", type=float, default=5.0, metavar="S", help="network timeout in seconds")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the checks, print the table (or JSON), exit 1 when anything failed."""
    language = args.lang or settings.booth.language
    # The table is the output: the camera's and the sound layer's progress messages would only interleave.
    logging.getLogger("kiosk.video").setLevel(logging.WARNING)
    report = run_checks(settings, language=language, skip=args.skip, timeout_s=args.timeout)
    if args.json:
        print(report.to_json())
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        print(report.table(width=width, color=sys.stdout.isatty()))
    return EXIT_OK if report.ok else EXIT_FAILED


__all__: Sequence[str] = (
    "CameraMeasurement",
    "CheckResult",
    "Doctor",
    "Report",
    "SoundDevice",
    "SoundServerState",
    "Status",
    "measure_camera",
    "redacted_settings_toml",
    "run_checks",
    "sound_server_state",
)
