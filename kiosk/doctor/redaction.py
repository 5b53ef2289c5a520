"""The settings as TOML with every secret hidden: what the admin menu and support may look at.

Nothing here prints the device token, the PIN hash, TURN credentials or a password in a URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from kiosk.config import Settings, toml_value

#: A key whose last word is one of these holds a secret (``admin_pin_hash``, ``credential``); ``token_ttl_s`` or
#: ``device_token_file`` do not: a path to a secret file is not a secret.
_SECRET_WORDS = frozenset({"hash", "token", "credential", "password", "secret"})
HIDDEN = "•••• (disembunyikan)"
#: What an unset setting shows (commented out, so the text stays valid TOML).
EMPTY = "(kosong)"


def _is_secret(key: str) -> bool:
    return key.rsplit("_", 1)[-1] in _SECRET_WORDS


def _hide_url_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":****@", 1)
    return parts._replace(netloc=netloc).geturl()


def _redact(key: str, value: Any, hidden: str) -> Any:
    if value is None:
        return None
    if _is_secret(key):
        return hidden
    if isinstance(value, str) and "://" in value:
        return _hide_url_password(value)
    if isinstance(value, dict):
        return {k: _redact(k, v, hidden) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(key, v, hidden) for v in value]
    return value


def redacted_settings_toml(
    settings: Settings, sections: Sequence[str] = ("booth", "video"), *, hidden: str = HIDDEN, empty: str = EMPTY
) -> str:
    """The settings of `sections` as TOML, every secret (PIN hash, credentials, passwords) replaced by `hidden`;
    an unset one is a comment saying `empty` (the admin menu passes both in the language it shows)."""
    data = settings.model_dump(mode="json")
    lines = [f"log_level = {toml_value(data['log_level'])}"]
    for section in sections:
        lines.append(f"\n[{section}]")
        for key, value in data[section].items():
            shown = _redact(key, value, hidden)
            lines.append(f"# {key} = {empty}" if shown is None else f"{key} = {toml_value(shown)}")
    return "\n".join(lines) + "\n"
