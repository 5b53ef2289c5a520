"""The doctor's checks of the hub: reachable (and its version), enrollment, TLS and the clock difference.

The hub's health endpoint is asked once per run (`_ask_hub`); TLS and the clock read that answer, and are
skipped, not failed a second time, when the hub is unreachable.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from kiosk.doctor.context import DoctorContext, HubAnswer
from kiosk.doctor.report import CheckResult, Status
from kiosk.domain.wording import count_en
from kiosk.system.tls import system_ca_file, tls_details

#: Clock differences to the hub above these are a warning / a failure (tokens and claim dates depend on it).
CLOCK_WARN_S = 5.0
CLOCK_FAIL_S = 30.0
#: Days before the hub's certificate expires from which the TLS check warns.
CERT_WARN_DAYS = 21

#: Where the hub answers "am I alive, which version" (`kiosk.server` schema ``Health``).
HEALTH_PATH = "/healthz"
#: Where a booth asks the hub who its device token belongs to.
BOOTH_ME_PATH = "/api/v1/booths/me"


class HubChecks(DoctorContext):
    """Checks `hub`, `enrollment`, `tls` and `clock` (mixed into `kiosk.doctor.checks.Doctor`)."""

    def _ask_hub(self) -> HubAnswer:
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
            self._hub = HubAnswer(False, tls=tls, error=_short(exc), kind="tls")
            return self._hub
        except requests.exceptions.Timeout:
            self._hub = HubAnswer(False, tls=tls, error=f"timeout after {self.timeout_s:g} s", kind="timeout")
            return self._hub
        except requests.exceptions.ConnectionError as exc:
            text = _short(exc)
            kind = "dns" if ("Name or service" in text or "resolve" in text.lower()) else "refused"
            self._hub = HubAnswer(False, tls=tls, error=text, kind=kind)
            return self._hub
        except requests.exceptions.RequestException as exc:
            self._hub = HubAnswer(False, tls=tls, error=_short(exc), kind="http")
            return self._hub
        if response.status_code != 200:
            self._hub = HubAnswer(False, tls=tls, error=f"HTTP {response.status_code}", kind="http")
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
        self._hub = HubAnswer(True, version, date, midpoint, tls)
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
        if answer.kind == "tls" or info.error:
            return CheckResult(
                "tls", title, Status.FAIL,
                self._t("Sertifikat hub ditolak: ", "The hub's certificate is refused: ")
                + (info.error or answer.error),
                self._t("Salin sertifikat CA cabang ke /usr/local/share/ca-certificates/ lalu jalankan "
                        "`update-ca-certificates`; pastikan nama di sertifikat sama dengan nama di booth.hub_url.",
                        "Copy the branch CA certificate to /usr/local/share/ca-certificates/ and run "
                        "`update-ca-certificates`; the name in the certificate must match booth.hub_url."))
        expires = info.expires
        days = (expires - datetime.now(UTC)).days
        detail = self._t(f"{info.version}, sertifikat berlaku sampai {expires:%Y-%m-%d}.",
                         f"{info.version}, certificate valid until {expires:%Y-%m-%d}.")
        if days < CERT_WARN_DAYS:
            return CheckResult("tls", title, Status.WARN, detail,
                               self._t(f"Sertifikat habis dalam {days} hari: perbarui di hub.",
                                       f"The certificate expires in {count_en(days, 'day')}: renew it on the hub."))
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


def _short(exc: BaseException) -> str:
    """A readable one-line reason from a requests/urllib3 exception chain (they nest four deep)."""
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "Temporary failure in name resolution",
                   "No route to host", "Network is unreachable", "certificate verify failed", "timed out"):
        if marker in text:
            tail = text.split(marker, 1)[1].split("'")[0].split(")")[0].strip(" :")
            return marker + (f": {tail}" if tail and marker == "certificate verify failed" else "")
    return text[:200]
