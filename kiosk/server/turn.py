"""Time-limited TURN credentials in coturn's shared-secret scheme (``use-auth-secret``, the "TURN REST API" of
draft-uberti-behave-turn-rest-00), and the ICE servers the hub hands to a peer.

The username is ``<unix time of expiry>:<opaque peer id>`` and the password is base64(HMAC-SHA1(secret,
username)): coturn recomputes it from its own copy of the secret and refuses it after the expiry, so the hub
and coturn share nothing but the secret and no credential has to be stored or revoked. The peer id is a random
connection id (no personal data): coturn logs it, and the hub's log names the same connection.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.config import TurnSettings
from kiosk.protocol.ice import IceServerPayload, IceServersPublic


@dataclass(frozen=True)
class TurnCredential:
    """A TURN username and password valid until `expires_at` (unix seconds)."""

    username: str
    credential: str
    expires_at: int


def turn_credential(secret: str, peer_id: str, *, now: float, ttl_s: int) -> TurnCredential:
    """coturn's REST credential for `peer_id`, valid for `ttl_s` seconds from `now` (unix seconds)."""
    if ":" in peer_id or not peer_id:
        raise ValueError("the peer id must be non-empty and without ':' (it follows the expiry in the username)")
    expires_at = int(now) + ttl_s
    username = f"{expires_at}:{peer_id}"
    digest = hmac.new(secret.encode("utf-8"), username.encode("utf-8"), hashlib.sha1).digest()
    return TurnCredential(username, base64.b64encode(digest).decode("ascii"), expires_at)


def ice_servers_for(settings: TurnSettings, peer_id: str, now: datetime) -> IceServersPublic:
    """The TURN servers of `settings` with a fresh credential for `peer_id` (an empty list without TURN)."""
    secret = settings.shared_secret
    if not settings.urls or secret is None:
        return IceServersPublic(ice_servers=[], expires_at=None)
    credential = turn_credential(
        secret.get_secret_value(), peer_id, now=now.timestamp(), ttl_s=settings.credential_ttl_s
    )
    server = IceServerPayload(
        urls=tuple(settings.urls), username=credential.username, credential=credential.credential
    )
    return IceServersPublic(ice_servers=[server], expires_at=datetime.fromtimestamp(credential.expires_at, UTC))
