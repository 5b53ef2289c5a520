"""ICE servers for WebRTC: ``GET /api/v1/ice-servers`` (any authenticated caller; a browser page asks here,
booths and consoles get the same list in the signaling ``welcome``)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from kiosk.protocol.ice import IceServersPublic
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.security import new_id
from kiosk.server.turn import ice_servers_for

router = APIRouter(tags=["ice"])


@router.get("/ice-servers", response_model=IceServersPublic)
def ice_servers(hub: HubDep, who: CurrentUser, response: Response) -> IceServersPublic:
    """The hub's TURN servers with a fresh time-limited credential (an empty list when the hub has none)."""
    del who  # any authenticated caller; the credential names a random id, not the caller
    response.headers["Cache-Control"] = "no-store"  # a credential: not for shared caches
    return ice_servers_for(hub.settings.turn, new_id("r"), hub.now())
