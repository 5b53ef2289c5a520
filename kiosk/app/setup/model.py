"""What the setup wizard does, without widgets: probe the hub, enroll, find cameras, hash the PIN, write files.

The wizard's pages only show and forward; everything they decide or write goes through here, so it is tested
without a window. The probes of the PC (cameras, TLS) are `kiosk.system`'s, shared with the doctor. Nothing here
logs the device token or the PIN.
"""

from __future__ import annotations

import enum
import itertools
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.client.hub_api import HubClient, HubError, HubUnreachable
from kiosk.config import Settings, load_settings, toml_document
from kiosk.protocol.rest import EnrollResponse
from kiosk.system.tls import tls_details, trust_store

#: Resolutions offered for the camera, best first (the booth's stills want 1280x720 or more).
RESOLUTIONS: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 720), (640, 480))
FRAME_RATES: tuple[int, ...] = (30, 25, 15)
#: An admin PIN has at least this many digits.
PIN_MIN_DIGITS = 6


class HubProblem(enum.Enum):
    """Why the connection test failed, in words the page turns into a sentence."""

    BAD_URL = "bad_url"
    UNREACHABLE = "unreachable"
    TLS = "tls"
    NOT_A_HUB = "not_a_hub"
    DATABASE = "database"


@dataclass(frozen=True)
class HubProbe:
    """The result of a connection test: the hub's version and TLS state, or the problem."""

    url: str
    ok: bool
    version: str = ""
    tls: bool = False
    tls_version: str = ""
    problem: HubProblem | None = None
    detail: str = ""


def normalize_hub_url(text: str) -> str:
    """A hub URL as typed: ``hub.branch.local:8600`` becomes ``https://hub.branch.local:8600``; no trailing slash.

    Raises ValueError for something that cannot be a hub address.
    """
    url = text.strip()
    if not url:
        raise ValueError("empty")
    if "://" not in url:
        url = "https://" + url
    url = url[: len(url.split("://", 1)[0]) + 3] + url.split("://", 1)[1].rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(url)
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(url) from None
    return url


def probe_hub(text: str, timeout_s: float = 5.0) -> HubProbe:
    """Test the connection: ask the hub's health endpoint, then look at TLS. Blocks: run it in a thread."""
    try:
        url = normalize_hub_url(text)
    except ValueError:
        return HubProbe(text.strip(), False, problem=HubProblem.BAD_URL)
    client = HubClient(url, timeout=(timeout_s, timeout_s), verify=trust_store())
    try:
        health = client.health()
    except HubUnreachable as exc:
        import requests

        # The client says "unreachable" for every connection error; the requests error it replaced tells TLS apart.
        tls_refused = isinstance(exc.__context__, requests.exceptions.SSLError)
        return HubProbe(url, False, problem=HubProblem.TLS if tls_refused else HubProblem.UNREACHABLE,
                        detail=exc.message)
    except HubError as exc:
        problem = HubProblem.DATABASE if exc.status == 503 else HubProblem.NOT_A_HUB
        return HubProbe(url, False, problem=problem, detail=f"HTTP {exc.status}")
    except (KeyError, TypeError, ValueError):
        return HubProbe(url, False, problem=HubProblem.NOT_A_HUB)
    finally:
        client.close()
    parts = urlsplit(url)
    if parts.scheme != "https":
        return HubProbe(url, True, health.version, tls=False)
    info = tls_details(parts.hostname or "", parts.port or 443, timeout_s)
    if info.error:
        return HubProbe(url, False, health.version, tls=True, problem=HubProblem.TLS, detail=info.error)
    return HubProbe(url, True, health.version, tls=True, tls_version=info.version)


class EnrollProblem(enum.Enum):
    """Why an enrollment code was not accepted."""

    FORMAT = "format"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    TOO_MANY = "too_many"
    UNREACHABLE = "unreachable"
    OTHER = "other"


@dataclass(frozen=True)
class EnrollResult:
    """The booth's identity from the hub, or why enrollment failed (`retry_after_s` for too many attempts)."""

    enrollment: EnrollResponse | None = None
    problem: EnrollProblem | None = None
    detail: str = ""
    retry_after_s: int = 0


_CODE_CHARS = re.compile(r"[^A-Za-z0-9]")


def clean_code(text: str) -> str:
    """An enrollment code as typed or read from a QR (which may hold a URL or a label): ``K7QM-2XPA``."""
    candidate = text.strip()
    # A QR may carry "kiosk-enroll:K7QM-2XPA" or a URL ending in the code: the last eight characters count.
    compact = _CODE_CHARS.sub("", candidate.rsplit(":", 1)[-1].rsplit("/", 1)[-1]).upper()
    if len(compact) != 8:
        compact = _CODE_CHARS.sub("", candidate).upper()[-8:]
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else candidate.upper()


def enroll(hub_url: str, code: str, timeout_s: float = 10.0) -> EnrollResult:
    """Exchange the one-time code for the device token. Blocks: run it in a thread."""
    cleaned = clean_code(code)
    if not re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", cleaned):
        return EnrollResult(problem=EnrollProblem.FORMAT)
    client = HubClient(hub_url, timeout=(timeout_s, timeout_s), verify=trust_store())
    try:
        return EnrollResult(client.enroll(cleaned))
    except HubUnreachable as exc:
        return EnrollResult(problem=EnrollProblem.UNREACHABLE, detail=exc.message)
    except HubError as exc:
        problems = {
            "code_used": EnrollProblem.USED,
            "code_expired": EnrollProblem.EXPIRED,
            "not_found": EnrollProblem.UNKNOWN,
            "invalid_code": EnrollProblem.FORMAT,
            "too_many_attempts": EnrollProblem.TOO_MANY,
        }
        problem = problems.get(exc.code, EnrollProblem.UNKNOWN if exc.status == 404 else EnrollProblem.OTHER)
        retry = int(exc.details.get("retry_after_s", 0) or 0)
        return EnrollResult(problem=problem, detail=exc.message, retry_after_s=retry)
    finally:
        client.close()


# -- the admin PIN --------------------------------------------------------------------------------------------


class PinProblem(enum.Enum):
    """Why a PIN is refused."""

    TOO_SHORT = "too_short"
    NOT_DIGITS = "not_digits"
    TOO_SIMPLE = "too_simple"
    MISMATCH = "mismatch"


def pin_problem(pin: str, repeated: str) -> PinProblem | None:
    """None when `pin` is acceptable as the admin PIN (and typed the same twice)."""
    if not pin.isdigit():
        return PinProblem.NOT_DIGITS if pin else PinProblem.TOO_SHORT
    if len(pin) < PIN_MIN_DIGITS:
        return PinProblem.TOO_SHORT
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}):  # 000000, 123456, 987654: the first guesses
        return PinProblem.TOO_SIMPLE
    if pin != repeated:
        return PinProblem.MISMATCH
    return None


def hash_pin(pin: str) -> str:
    """The argon2id hash stored as ``booth.admin_pin_hash``."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(pin)


# -- what gets written ----------------------------------------------------------------------------------------


@dataclass
class SetupResult:
    """Everything the wizard collected; `apply` puts it into settings."""

    language: str = "id"
    hub_url: str = ""
    enrollment: EnrollResponse | None = None
    camera: str = "0"
    camera_width: int = 1280
    camera_height: int = 720
    camera_fps: int = 30
    microphone: str = "default"
    speaker: str = "default"
    pin_hash: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def apply(self, settings: Settings, token_file: Path) -> Settings:
        """A copy of `settings` with the booth section set from this result."""
        booth = settings.booth.model_copy(
            update={
                "language": self.language,
                "hub_url": self.hub_url,
                "device_token_file": token_file,
                "booth_number": self.enrollment.booth_number if self.enrollment else settings.booth.booth_number,
                "branch_code": self.enrollment.branch_code if self.enrollment else settings.booth.branch_code,
                "camera": self.camera,
                "camera_width": self.camera_width,
                "camera_height": self.camera_height,
                "camera_fps": self.camera_fps,
                "microphone": self.microphone,
                "speaker": self.speaker,
                "admin_pin_hash": self.pin_hash or settings.booth.admin_pin_hash,
            }
        )
        return settings.model_copy(update={"booth": booth})


def settings_toml(settings: Settings) -> str:
    """The booth's TOML file: the whole [booth] section, and whatever differs from the defaults elsewhere."""
    data = settings.model_dump(mode="json")
    sections = {"booth": data["booth"]}
    for section in ("video", "console", "server"):
        changed = getattr(settings, section).model_dump(mode="json", exclude_defaults=True)
        if changed:
            sections[section] = changed
    return toml_document(
        {"log_level": data["log_level"]}, sections,
        comment="Written by `kiosk setup`. Run it again to change the hub, the camera, the sound or the admin PIN.",
    )


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` readable by its owner only (mode 0600), atomically (never a half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_token(path: Path, token: str) -> None:
    """Keep the device token (mode 0600): right after enrollment, because the code cannot be used again."""
    write_private(path, token + "\n")


def write_config(path: Path, settings: Settings) -> Settings:
    """Write the settings file (mode 0600: it holds the PIN hash) and read it back to prove it loads."""
    write_private(path, settings_toml(settings))
    return load_settings(path)


def default_token_file(config_file: Path) -> Path:
    """Where the device token goes when the settings name no file: beside the settings file."""
    return config_file.parent / "device-token"
