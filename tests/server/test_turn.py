"""TURN credentials the hub issues (coturn's shared-secret scheme), its ``[turn]`` settings, and the
``GET /api/v1/ice-servers`` route; the secret itself never leaves the hub."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from kiosk.config import ConfigError, Settings, TurnSettings, load_settings, toml_document
from kiosk.server.turn import ice_servers_for, turn_credential
from tests.support.hub import running_hub

SECRET = "correct horse battery staple"
TURN = TurnSettings(
    urls=["turn:turn.kdr.example:3478?transport=udp", "turn:turn.kdr.example:3478?transport=tcp"],
    shared_secret=SecretStr(SECRET),
    credential_ttl_s=6 * 3600,
)


def test_credential_matches_a_known_vector() -> None:
    # Computed independently: printf '%s' '1700021600:c-0123456789abcdef' | openssl dgst -sha1 -hmac SECRET -binary
    # | base64 (what coturn computes from its static-auth-secret).
    made = turn_credential(SECRET, "c-0123456789abcdef", now=1_700_000_000.7, ttl_s=21_600)
    assert made.username == "1700021600:c-0123456789abcdef"
    assert made.credential == "dFJIqjPzLEr8bFjK3/4yvutATSw="
    assert made.expires_at == 1_700_021_600


@pytest.mark.parametrize("peer_id", ["", "a:b"])
def test_peer_id_cannot_break_the_username(peer_id: str) -> None:
    with pytest.raises(ValueError, match="peer id"):
        turn_credential(SECRET, peer_id, now=0, ttl_s=600)


def test_ice_servers_carry_every_url_with_one_fresh_credential() -> None:
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    answer = ice_servers_for(TURN, "c-1", now)
    [server] = answer.ice_servers
    assert server.urls == tuple(TURN.urls)
    assert server.username == f"{int(now.timestamp()) + 6 * 3600}:c-1"
    assert server.credential == turn_credential(SECRET, "c-1", now=now.timestamp(), ttl_s=6 * 3600).credential
    assert answer.expires_at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def test_no_turn_configured_hands_out_nothing() -> None:
    answer = ice_servers_for(TurnSettings(), "c-1", datetime.now(UTC))
    assert answer.ice_servers == [] and answer.expires_at is None


def test_urls_without_a_secret_are_refused() -> None:
    with pytest.raises(ValidationError, match="shared_secret"):
        TurnSettings(urls=["turn:turn.kdr.example:3478"])
    with pytest.raises(ValidationError, match="turn: or turns:"):
        TurnSettings(urls=["stun:stun.kdr.example:3478"], shared_secret=SecretStr(SECRET))


def test_ttl_is_bounded() -> None:
    with pytest.raises(ValidationError):
        TurnSettings(credential_ttl_s=60)
    with pytest.raises(ValidationError):
        TurnSettings(credential_ttl_s=7 * 24 * 3600)


def test_secret_comes_from_the_environment_and_is_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_TURN__URLS", '["turns:turn.example.id:443?transport=tcp"]')
    monkeypatch.setenv("KIOSK_TURN__SHARED_SECRET", SECRET)
    settings = Settings()
    assert settings.turn.shared_secret is not None and settings.turn.shared_secret.get_secret_value() == SECRET
    for shown in (repr(settings), str(settings), settings.model_dump_json(), repr(settings.turn)):
        assert SECRET not in shown


def test_route_hands_fresh_credentials_to_any_caller_and_never_the_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with running_hub(turn=TURN) as hub:
        token = hub.booth_token(2)
        with httpx.Client(base_url=hub.base_url, timeout=10) as http:
            assert http.get("/api/v1/ice-servers").status_code == 401
            answers = [
                http.get("/api/v1/ice-servers", headers={"Authorization": f"Bearer {who}"})
                for who in (token, hub.cso_token("cso1"))
            ]
            metrics = http.get("/metrics").text
    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "no-store"
        [server] = answer.json()["ice_servers"]
        assert server["urls"] == TURN.urls
        expiry, peer = server["username"].split(":")
        assert int(expiry) == int(datetime.fromisoformat(answer.json()["expires_at"]).timestamp())
        issued = turn_credential(SECRET, peer, now=int(expiry) - 6 * 3600, ttl_s=6 * 3600)
        assert server["credential"] == issued.credential
        assert SECRET not in answer.text
    # Every caller gets its own opaque name: nothing in it says who asked.
    assert answers[0].json()["ice_servers"][0]["username"] != answers[1].json()["ice_servers"][0]["username"]
    assert SECRET not in caplog.text and SECRET not in metrics


@pytest.mark.parametrize(
    "turn",
    [
        {"urls": ["turn:turn.kdr.example:3478"], "shared_secret": "short-secret"},  # the whole section is the input
        {"shared_secret": ["not", "a", "string", "short-secret"]},
        {"shared_secret": "short-secret", "colour": "blue"},
    ],
)
def test_a_bad_turn_section_is_reported_without_its_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, turn: dict[str, object]
) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    path = tmp_path / "hub.toml"
    path.write_text(toml_document({}, {"turn": turn}), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert "turn" in str(refused.value)
    assert "short-secret" not in str(refused.value)
