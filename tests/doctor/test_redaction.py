"""The settings the doctor shows, without their secrets."""

from __future__ import annotations

from kiosk.config import Settings
from kiosk.doctor.redaction import redacted_settings_toml


def test_settings_are_shown_without_secrets() -> None:
    settings = Settings(
        booth={"admin_pin_hash": "$argon2id$v=19$m=65536,t=3,p=4$abc$def", "device_token_file": "/etc/kiosk/t"},
        video={"ice_servers": [{"urls": ["turn:turn.local:3478"], "username": "booth", "credential": "pw-42"}]},
        server={"database_url": "postgresql+psycopg://kiosk:pg-secret@127.0.0.1/kiosk", "token_ttl_s": 3600},
    )
    text = redacted_settings_toml(settings, ("booth", "video", "server"))
    for secret in ("argon2", "pw-42", "pg-secret"):
        assert secret not in text
    assert 'device_token_file = "/etc/kiosk/t"' in text
    assert "token_ttl_s = 3600" in text
    assert "kiosk:****@127.0.0.1" in text
