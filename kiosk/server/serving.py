"""The web server that runs a hub: uvicorn's, with the hub's own goodbye to its WebSockets.

On shutdown uvicorn closes every open WebSocket itself with 1012 (service restart) before the app's lifespan
ends. The hub closes its signaling sockets first, with 1001 (RFC 6455's "going away: a server going down"),
the code docs/protocol.md promises, after the messages already queued for them.
"""

from __future__ import annotations

import socket

import uvicorn


class HubServer(uvicorn.Server):
    """`uvicorn.Server` for an app built by `kiosk.server.app.create_app`."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Close the signaling sockets (1001), then shut down as uvicorn does."""
        state = getattr(self.config.app, "state", None)
        signaling = getattr(state, "signaling", None)
        if signaling is not None:
            await signaling.stop()
        await super().shutdown(sockets)
