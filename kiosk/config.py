"""Settings for every `kiosk` program: one TOML file plus ``KIOSK_*`` environment overrides.

The file is ``--config PATH``, else ``$KIOSK_CONFIG``, else ``kiosk.toml`` in the platform config dir (a
missing default file means "all defaults"). Environment variables override the file, with ``__`` between a
section and a key: ``KIOSK_SERVER__PORT=8700``, ``KIOSK_BOOTH__HUB_URL=https://hub:8600``. Two shortcuts are
kept because deployments expect them: ``KIOSK_DATABASE_URL`` (= ``server.database_url``) and ``KIOSK_HUB_URL``
(= ``booth.hub_url`` and ``console.hub_url``).

No settings object exists until `load_settings` is called. A bad value raises `ConfigError` naming the key,
the value and what is allowed; the CLI turns that into exit code 2.

The one TOML writer of the project is here too (`toml_value`, `toml_document`): the setup wizard, the doctor's
redacted view and the demo all write settings files with it (the standard library reads TOML, it does not write).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from kiosk.paths import default_config_file, default_data_dir

Language = Literal["id", "en"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IceServer(_Section):
    """A STUN or TURN server (empty list on a branch LAN)."""

    urls: list[str] = Field(min_length=1, description="stun:/turn:/turns: URLs")
    username: str | None = None
    credential: str | None = None

    @field_validator("urls")
    @classmethod
    def _scheme(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if not url.startswith(("stun:", "turn:", "turns:")):
                raise ValueError(f"{url!r} is not a stun:, turn: or turns: URL")
        return urls


class VideoSettings(_Section):
    """WebRTC and capture settings shared by the booth and the console."""

    ice_servers: list[IceServer] = Field(default_factory=list, description="STUN/TURN servers; none on a LAN")
    ice_relay_only: bool = Field(
        default=False,
        description="Offer and use only TURN relay candidates (the hub's [turn] server): tests, benchmarks, "
        "or a network that must never send media directly",
    )
    ice_host_addresses: list[str] = Field(
        default_factory=list,
        description="Only offer these local addresses as host candidates (empty: all but loopback)",
    )
    reconnect_backoff_s: list[float] = Field(
        default_factory=lambda: [0.5, 1.0, 2.0, 4.0, 8.0], description="Waits between reconnection attempts"
    )
    link_fair_rtt_ms: float = Field(default=250.0, gt=0, description="Round trip above this: two signal bars")
    link_poor_rtt_ms: float = Field(default=600.0, gt=0, description="Round trip above this: one signal bar")
    link_fair_loss: float = Field(default=0.02, ge=0, le=1, description="Packet loss above this: two signal bars")
    link_poor_loss: float = Field(default=0.08, ge=0, le=1, description="Packet loss above this: one signal bar")
    link_poor_fps: float = Field(
        default=2.0, ge=0, description="Video frames per second received below this: one signal bar (console)"
    )
    link_interrupted_after_s: float = Field(
        default=1.5, gt=0, description="Nothing received for this long: the call shows 'interrupted'"
    )
    still_min_sharpness: float = Field(
        default=120.0, ge=0, description="Laplacian variance a still must reach"
    )
    still_max_glare_ratio: float = Field(
        default=0.02, ge=0, le=1, description="Share of blown-out pixels allowed"
    )
    still_min_brightness: float = Field(default=60.0, ge=0, le=255)
    still_max_brightness: float = Field(default=220.0, ge=0, le=255)
    still_jpeg_quality: int = Field(default=90, ge=30, le=100)


class BoothSettings(_Section):
    """The participant's booth PC."""

    hub_url: str = Field(default="http://127.0.0.1:8600", description="The branch hub")
    device_token_file: Path | None = Field(default=None, description="File holding the booth's device token")
    booth_number: int | None = Field(default=None, ge=1, le=999)
    branch_code: str | None = None
    camera: str = Field(
        default="0", description='"synthetic", a device index ("0"), a device path or a video file to loop'
    )
    camera_width: int = Field(default=1280, ge=160, le=3840)
    camera_height: int = Field(default=720, ge=120, le=2160)
    camera_fps: int = Field(default=30, ge=1, le=60)
    microphone: str = Field(default="default", description='"default", a device name, "tone" or "null"')
    speaker: str = Field(default="default", description='"default", a device name or "null"')
    fullscreen: bool = True
    language: Language = "id"
    inactivity_timeout_s: float = Field(
        default=90.0, gt=0, description="No touch for this long asks 'still there?'"
    )
    inactivity_countdown_s: float = Field(
        default=20.0, gt=0, description="Then this long before ending the session"
    )
    admin_pin_hash: str | None = Field(default=None, description="argon2 hash of the admin PIN")
    kpj_length: int = Field(default=11, ge=6, le=20, description="Digits of a KPJ card number")
    payout_working_days: int = Field(
        default=5, ge=1, le=60, description="Working days until an approved benefit usually arrives (result screen)"
    )
    camera_lost_after_s: float = Field(
        default=4.0, gt=0, description="No new camera frame for this long shows the 'camera lost' screen"
    )
    second_face_checks_per_s: float = Field(
        default=2.0, ge=0, le=10,
        description="During the call, count faces in the camera picture this often and warn the officer of a "
        "second one (0: off; each check takes about 0.1-0.4 s of one core)",
    )
    voice_guidance: bool = Field(
        default=True, description="Speak each screen's guidance (espeak-ng) and chime when the officer joins"
    )
    voice_volume: int = Field(
        default=3, ge=0, le=4, description="Volume step of guidance and chime when a visit starts (0 silent, 4 loudest)"
    )
    speech_cache_dir: Path | None = Field(
        default=None, description="Cache of spoken guidance (WAV files; default: the user cache dir's kiosk/speech)"
    )
    problem_attempts_before_advice: int = Field(
        default=6, ge=1, le=100,
        description="Retries a problem screen (camera, connection) counts before it says what to do and offers "
        "'call staff' and 'finish'",
    )
    result_timeout_s: float = Field(
        default=120.0, ge=20, description="The result screen clears itself after this long (a countdown shows first)"
    )
    result_warning_s: float = Field(
        default=30.0, ge=5, description="The result screen's countdown before it clears (part of result_timeout_s)"
    )
    receipt_printer: str | None = Field(
        default=None,
        description="ESC/POS receipt printer for the claim slip: a device file (/dev/usb/lp0), 'usb:VID:PID' or "
        "'network:HOST[:PORT]'; none: no slip",
    )


class ConsoleSettings(_Section):
    """The officer's console PC."""

    hub_url: str = Field(default="http://127.0.0.1:8600", description="The branch hub")
    claims_api_url: str | None = Field(default=None, description="Claims backend; default: the hub's own")
    default_cap: int = Field(
        default=4, ge=1, le=12, description="Booths served at once when the officer logs in"
    )
    max_cap: int = Field(default=6, ge=1, le=12, description="Highest cap an officer may choose")
    data_dir: Path | None = Field(
        default=None, description="Outbox and recordings; default: platform data dir"
    )
    sound: bool = True
    assisted_checks: bool = Field(
        default=True,
        description="Compare the e-KTP portrait with the live face and read the NIK, name, birth date, account "
        "and KPJ numbers off the document stills, to point the officer at what needs a look",
    )
    language: Language = "id"
    record_sessions: bool = True
    camera: str = Field(default="0", description='The officer\'s camera: a device index or path, "synthetic" or "none"')
    microphone: str = Field(default="default", description='"default", a device name, "tone" or "null"')
    speaker: str = Field(default="default", description='"default", a device name or "null"')
    wait_long_s: float = Field(
        default=120.0, gt=0, description="A booth waiting this long for the officer: its tile and banner turn amber"
    )
    wait_urgent_s: float = Field(default=300.0, gt=0, description="Waiting this long: red (above wait_long_s)")
    wait_reminder_s: float = Field(
        default=60.0, ge=0, description="From wait_long_s on, the chime repeats this often per waiting booth (0: once)"
    )
    phrases_file: Path | None = Field(
        default=None,
        description="The branch's ready phrases for messages to participants (TOML, Indonesian and English); "
        "default: assets/catalog/phrases.toml",
    )

    @field_validator("wait_urgent_s")
    @classmethod
    def _urgent_after_long(cls, value: float, info: ValidationInfo) -> float:
        long_s = info.data.get("wait_long_s")
        if long_s is not None and value <= long_s:
            raise ValueError(f"must be longer than wait_long_s ({long_s})")
        return value


class ServerSettings(_Section):
    """The branch hub."""

    host: str = "127.0.0.1"
    port: int = Field(default=8600, ge=1, le=65535)
    database_url: str | None = Field(default=None, description="Default: SQLite file in the data dir")
    data_dir: Path | None = Field(default=None, description="Database, documents and recordings")
    certfile: Path | None = None
    keyfile: Path | None = None
    max_document_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_recording_bytes: int = Field(
        default=1024 * 1024 * 1024, ge=1024, description="Largest session recording the hub accepts (bytes)"
    )
    max_json_bytes: int = Field(
        default=64 * 1024,
        ge=1024,
        description="Largest body of a route that is not an upload (JSON, the dashboard's forms), in bytes",
    )
    token_ttl_s: int = Field(default=12 * 3600, ge=60)
    enrollment_code_ttl_s: int = Field(default=24 * 3600, ge=60)
    console_grace_s: float = Field(default=30.0, ge=0)
    heartbeat_timeout_s: float = Field(default=20.0, gt=0)
    default_console_cap: int = Field(default=6, ge=1, le=12)
    dashboard_backlog_alert_s: float = Field(
        default=600.0, gt=0, description="The dashboard warns when a console's oldest unsent claim or recording is "
        "this old (seconds): it is not draining"
    )
    dashboard_low_disk_mb: int = Field(
        default=2048, ge=0, description="The dashboard warns when a booth has less free disk than this (MiB)"
    )
    retention_days: int = Field(default=90, ge=1)
    audit_key_file: Path | None = Field(
        default=None,
        description="HMAC keys of the audit chain, outside the database (default: <data_dir>/keys/audit.keys); "
        "its folder also holds the audit checkpoints and the pseudonym pepper",
    )
    audit_checkpoint_interval_s: float = Field(
        default=300.0, gt=0, description="How often the hub writes the audit chain's head to the checkpoint file"
    )
    intake_retention_days: int = Field(
        default=30, ge=1, description="Days a session's intake (NIK, KPJ, phone, account) and end note are kept"
    )
    booking_retention_days: int = Field(
        default=30, ge=1, description="Days after its visit date a booking keeps NIK, KPJ and phone (then pseudonyms)"
    )
    claim_request_retention_days: int = Field(
        default=365, ge=1, description="Days a submitted claim keeps its request's personal fields"
    )
    collective_retention_days: int = Field(
        default=90,
        ge=1,
        description="Days after its last change a final collective row (submitted, rejected or refused) keeps its "
        "worker's personal data and documents (then pseudonyms; an undecided row is kept)",
    )
    login_attempts_per_minute: int = Field(
        default=5, ge=1, description="Failed logins per minute for one account from one address"
    )
    login_attempts_per_account_per_minute: int = Field(
        default=10, ge=1, description="Failed logins per minute for one account, from all addresses together"
    )
    login_attempts_per_address_per_minute: int = Field(
        default=20, ge=1, description="Failed logins per minute from one address, for all accounts together"
    )
    login_attempts_global_per_minute: int = Field(
        default=120, ge=1, description="Failed logins per minute to the whole hub (bounds the password-hashing work)"
    )
    guesses_per_address_per_minute: int = Field(
        default=10, ge=1, description="Unknown enrollment or booking codes per minute from one address (or caller)"
    )
    guesses_global_per_minute: int = Field(
        default=100, ge=1, description="Unknown enrollment or booking codes per minute to the whole hub"
    )
    password_checks_at_once: int = Field(
        default=2, ge=1, description="Password verifications run at the same time (argon2 is slow on purpose)"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses of reverse proxies whose X-Forwarded-For is believed (otherwise it is ignored)",
    )
    ws_messages_per_s: float = Field(
        default=20.0, gt=0, description="Sustained WebSocket messages a client may send"
    )
    ws_message_burst: int = Field(default=60, ge=1, description="Messages a client may send in one burst")
    ws_revalidate_s: float = Field(
        default=30.0, gt=0, description="How often open WebSockets' tokens are checked again (expiry, user gone)"
    )
    db_busy_timeout_s: float = Field(
        default=3.0, gt=0, le=60, description="Wait for a busy (locked) database this long, then answer 503"
    )
    kpj_length: int = Field(default=11, ge=6, le=20, description="Digits of a KPJ card number")
    cluster_url: str | None = Field(
        default=None,
        description="Redis shared by several hub instances on one PostgreSQL database (redis://host:6379/0): "
        "signaling, events and presence cross instances (kiosk.server.cluster). Unset: one instance",
    )
    cluster_lease_s: float = Field(
        default=10.0, ge=1.0, le=120.0,
        description="An instance that stops renewing its branches this long is taken for dead; they move",
    )


class OnlineSettings(_Section):
    """The online channel (participants book, prepare and join from a browser): the hub's side."""

    web_session_idle_s: float = Field(
        default=30 * 60, gt=0, description="A participant's web session ends after this long unused"
    )
    web_session_max_s: float = Field(
        default=4 * 3600, gt=0, description="...and at the latest this long after it was opened"
    )
    prepare_opens_days_before: int = Field(
        default=1, ge=0, le=30, description="Consent, intake and uploads open this many days before the visit"
    )
    join_opens_before_min: float = Field(
        default=15.0, ge=0, description="A participant may join the queue this many minutes before the slot"
    )
    join_closes_after_min: float = Field(
        default=30.0, gt=0, description="...until this many minutes after the slot's start (then the booking is over)"
    )
    next_free_slots: int = Field(default=3, ge=1, le=10, description="Free slots offered when the chosen one is full")
    requests_per_address_per_minute: int = Field(
        default=60, ge=1, description="Calls of the public online routes (branches, slots, book, sign in) per address"
    )
    attempts_per_address_per_minute: int = Field(
        default=10, ge=1, description="Failed sign-ins or bookings (wrong code, NIK not matched) per minute per address"
    )
    attempts_per_nik_per_minute: int = Field(
        default=5, ge=1, description="Failed sign-ins or bookings per minute for one NIK, from all addresses"
    )
    upload_chunk_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest chunk of a resumable document upload (bytes)"
    )
    upload_ttl_s: float = Field(
        default=24 * 3600, gt=0, description="An unfinished resumable upload is forgotten after this long"
    )


class TurnSettings(_Section):
    """The hub's TURN server (coturn with ``use-auth-secret``): the hub hands each peer time-limited credentials.

    See docs/deployment.md, "TURN across the internet". Empty `urls`: no TURN (a branch LAN).
    """

    urls: list[str] = Field(
        default_factory=list,
        description="turn:/turns: URLs handed to peers, e.g. 'turn:turn.example.id:3478?transport=udp'",
    )
    shared_secret: SecretStr | None = Field(
        default=None, description="coturn's static-auth-secret (KIOSK_TURN__SHARED_SECRET); never logged or sent"
    )
    credential_ttl_s: int = Field(
        default=6 * 3600, ge=600, le=48 * 3600,
        description="How long a handed-out TURN credential is valid (a visit plus its reconnections)",
    )
    relay_only: bool = Field(
        default=False,
        description="Tell participants' browsers (welcome.ice_relay_only) to use only TURN relay candidates: "
        "tests, benchmarks, or a network that must never send media directly (needs urls; booths and consoles "
        "have video.ice_relay_only)",
    )

    @field_validator("urls")
    @classmethod
    def _turn_scheme(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if not url.startswith(("turn:", "turns:")):
                raise ValueError(f"{url!r} is not a turn: or turns: URL")
        return urls

    @model_validator(mode="after")
    def _secret_given(self) -> TurnSettings:
        secret = self.shared_secret
        if self.urls and (secret is None or len(secret.get_secret_value()) < 16):
            raise ValueError("TURN urls need a shared_secret of at least 16 characters (coturn's static-auth-secret)")
        if self.relay_only and not self.urls:
            raise ValueError("relay_only needs TURN urls: without a relay nothing could connect")
        return self


class CollectiveSettings(_Section):
    """The collective channel: an employer files for many laid-off workers at once, each worker confirms."""

    max_roster_bytes: int = Field(default=8 * 1024 * 1024, ge=1024, description="Largest roster file (CSV or XLSX)")
    max_roster_rows: int = Field(default=20_000, ge=1, description="Most data rows one roster may have")
    max_unpacked_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1024, description="Most bytes an XLSX or a documents zip may unpack to"
    )
    max_zip_bytes: int = Field(default=100 * 1024 * 1024, ge=1024, description="Largest zip of workers' documents")
    max_zip_files: int = Field(default=5000, ge=1, description="Most files one zip of documents may hold")
    code_ttl_s: float = Field(default=7 * 24 * 3600, gt=0, description="A worker's confirmation code lasts this long")
    code_attempts: int = Field(default=5, ge=1, le=20, description="Wrong NIKs typed with a code before it stops")
    confirm_attempts_per_address_per_minute: int = Field(
        default=20, ge=1, description="Confirmation attempts (right or wrong) one address may make per minute"
    )
    public_url: str = Field(
        default="", max_length=200, description="The hub's address in SMS links (empty: the address it was asked at)"
    )


class StorageSettings(_Section):
    """Where the hub keeps document and recording files: a directory, or an S3-compatible object store that every
    hub instance reaches (several instances on different hosts). See docs/deployment.md, "Storage backends".

    Credentials of the object store are not settings: boto3 reads the standard ``AWS_ACCESS_KEY_ID`` and
    ``AWS_SECRET_ACCESS_KEY`` environment variables, or the file named by `s3_credentials_file`.
    """

    backend: Literal["local", "s3"] = Field(
        default="local", description="'local': files under local_dir; 's3': objects in s3_bucket"
    )
    local_dir: Path | None = Field(
        default=None,
        description="Folder holding documents/ and recordings/ (default: the data dir); a shared mount serves "
        "several hub instances",
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="The object store's URL, e.g. 'https://s3.kdr.example.id' (default: AWS S3 of s3_region)",
    )
    s3_bucket: str = Field(default="", max_length=63, description="The bucket (it must exist)")
    s3_prefix: str = Field(
        default="", max_length=200, description="Key prefix before documents/<sha256> and recordings/<sha256>"
    )
    s3_region: str | None = Field(default=None, description="The bucket's region (some stores want 'us-east-1')")
    s3_credentials_file: Path | None = Field(
        default=None,
        description="An AWS shared-credentials file (INI, [default] profile) instead of the AWS_* environment "
        "variables; never logged",
    )
    s3_connect_timeout_s: float = Field(
        default=5.0, gt=0, le=120, description="Give up connecting to the object store after this long (then 503)"
    )
    s3_read_timeout_s: float = Field(
        default=30.0, gt=0, le=600, description="Give up waiting for the object store's answer after this long"
    )
    s3_max_attempts: int = Field(
        default=3, ge=1, le=10, description="Attempts per request to the object store (first try included)"
    )

    @field_validator("s3_endpoint_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(("http://", "https://")):
            raise ValueError(f"{url!r} is not an http:// or https:// URL")
        return url

    @field_validator("s3_prefix")
    @classmethod
    def _prefix(cls, prefix: str) -> str:
        if prefix.startswith("/") or ".." in prefix.split("/"):
            raise ValueError("a key prefix neither starts with '/' nor holds '..'")
        return prefix

    @model_validator(mode="after")
    def _bucket_given(self) -> StorageSettings:
        if self.backend == "s3" and not self.s3_bucket:
            raise ValueError("backend 's3' needs s3_bucket")
        return self


class Settings(BaseSettings):
    """All settings of all programs; each program reads the sections it needs."""

    model_config = SettingsConfigDict(
        env_prefix="KIOSK_", env_nested_delimiter="__", extra="forbid", validate_assignment=True
    )

    booth: BoothSettings = Field(default_factory=BoothSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    video: VideoSettings = Field(default_factory=VideoSettings)
    online: OnlineSettings = Field(default_factory=OnlineSettings)
    turn: TurnSettings = Field(default_factory=TurnSettings)
    collective: CollectiveSettings = Field(default_factory=CollectiveSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file's values come in as init arguments; the environment must win over them.
        return (env_settings, init_settings)

    def server_data_dir(self) -> Path:
        """The hub's data folder."""
        return self.server.data_dir or default_data_dir() / "hub"

    def console_data_dir(self) -> Path:
        """The console's data folder (outbox, recordings)."""
        return self.console.data_dir or default_data_dir() / "console"

    def audit_key_file(self) -> Path:
        """The audit chain's key file (its folder holds the checkpoints and the pseudonym pepper)."""
        return self.server.audit_key_file or self.server_data_dir() / "keys" / "audit.keys"

    def database_url(self) -> str:
        """The hub's database URL (SQLite file in its data dir unless configured)."""
        return self.server.database_url or f"sqlite:///{self.server_data_dir() / 'hub.sqlite3'}"


class ConfigError(Exception):
    """Settings that cannot be used; the message names the key, the value and what is allowed."""


def config_path(cli_path: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None) -> Path:
    """Which TOML file to read: --config, else KIOSK_CONFIG, else the platform default."""
    env = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path)
    if env.get("KIOSK_CONFIG"):
        return Path(env["KIOSK_CONFIG"])
    return default_config_file()


def _read_toml(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file {path} does not exist")
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror}") from None


def _apply_shortcuts(data: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Put the documented shortcut variables over the file's values (the nested names still win)."""
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}

    def put(section: str, key: str, value: str) -> None:
        target = merged.setdefault(section, {})
        if isinstance(target, dict):
            target[key] = value

    if "KIOSK_DATABASE_URL" in environ:
        put("server", "database_url", environ["KIOSK_DATABASE_URL"])
    if "KIOSK_HUB_URL" in environ:
        put("booth", "hub_url", environ["KIOSK_HUB_URL"])
        put("console", "hub_url", environ["KIOSK_HUB_URL"])
    return merged


def _hide_secrets(key: str, value: Any) -> Any:
    """`value` with every secret (a key ending in ``secret``) replaced: error messages end up in logs."""
    if key.endswith("secret") and value is not None:
        return "(hidden)"
    if isinstance(value, Mapping):
        return {k: _hide_secrets(str(k), v) for k, v in value.items()}
    return value


def _describe(error: Mapping[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"])
    value = _hide_secrets(key, error.get("input"))
    allowed = error["msg"]
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown setting (value {value!r}); check the spelling against the documented keys"
    return f"{key} = {value!r}: {allowed}"


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read and validate the settings from the file and the environment; raise `ConfigError` per bad key."""
    explicit = bool(path) or bool(os.environ.get("KIOSK_CONFIG"))
    data = _apply_shortcuts(_read_toml(config_path(path), explicit), os.environ)
    try:
        return Settings(**data)
    except ValidationError as exc:
        lines = [_describe(e) for e in exc.errors()]
        raise ConfigError("invalid settings:\n  " + "\n  ".join(lines)) from None


# -- writing settings files -----------------------------------------------------------------------------------


def toml_value(value: object) -> str:
    """`value` as a TOML value: booleans, numbers, strings, lists and inline tables (what settings hold).

    TOML has no null: a None inside an inline table is left out; anything else unknown is written as its string.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items() if v is not None) + " }"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def toml_document(
    top: Mapping[str, object], sections: Mapping[str, Mapping[str, object]], *, comment: str = ""
) -> str:
    """A TOML file: `comment` lines first, then the `top` keys, then one table per section.

    Keys whose value is None are left out (TOML has no null; a missing key means the default).
    """
    lines = [f"# {line}" for line in comment.splitlines()]
    lines += [f"{key} = {toml_value(value)}" for key, value in top.items() if value is not None]
    for name, values in sections.items():
        lines += ["", f"[{name}]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in values.items() if value is not None]
    return "\n".join(lines) + "\n"
