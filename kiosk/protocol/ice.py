"""ICE servers the hub hands to peers: in the signaling ``welcome`` and from ``GET /api/v1/ice-servers``.

A TURN server's `username` and `credential` are coturn's time-limited REST credentials (the username starts with
the unix time they expire at); a STUN server has neither. The same shape as the browser's ``RTCIceServer``, so a
browser passes the list to ``new RTCPeerConnection({iceServers})`` as it is.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from kiosk.protocol.base import Payload
from kiosk.protocol.rest_common import Out


class IceServerPayload(Payload):
    """One STUN or TURN server with its credentials (none for STUN)."""

    urls: tuple[str, ...] = Field(min_length=1, max_length=8)
    username: str | None = Field(default=None, max_length=256)
    credential: str | None = Field(default=None, max_length=256)


class IceServersPublic(Out):
    """The ICE servers for one caller, and when their credentials expire (None: nothing expires)."""

    ice_servers: list[IceServerPayload]
    expires_at: datetime | None = None
