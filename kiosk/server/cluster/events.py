"""The events every instance must hear: a session changed, access was revoked, cached tokens must go.

A route publishes `kiosk.server.events` on its own instance; `ClusterEvents` sends a copy to every other
instance, which publishes it there as if its own route had. So a logout on one instance closes the officer's
socket held by another and empties every instance's token cache, and a state change made through one instance
reaches the ends whose branch another instance runs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from typing import Any

from kiosk.server.cluster.link import ClusterLink
from kiosk.server.events import AccessRevoked, EventBus, SessionChanged, TokensCleared

log = logging.getLogger(__name__)

#: The events that cross instances, by name.
SHARED: dict[str, type[Any]] = {t.__name__: t for t in (SessionChanged, AccessRevoked, TokensCleared)}


def encode_event(event: object) -> str:
    """An event as a frame body."""
    assert dataclasses.is_dataclass(event) and not isinstance(event, type)
    return json.dumps({"type": type(event).__name__, "data": dataclasses.asdict(event)})


def decode_event(body: str) -> object | None:
    """The event a frame body holds (None: not one this version knows)."""
    data = json.loads(body)
    kind = SHARED.get(data.get("type", ""))
    return kind(**data["data"]) if kind is not None else None


class ClusterEvents:
    """Copies this instance's shared events to the others, and publishes theirs here."""

    def __init__(self, events: EventBus, link: ClusterLink) -> None:
        self.events = events
        self.link = link
        self._relaying = threading.local()
        for kind in SHARED.values():
            events.subscribe(kind, self._send)

    def _send(self, event: object) -> None:
        if getattr(self._relaying, "active", False):
            return  # it came from another instance: do not send it back round
        try:
            self.link.broadcast_from_thread("event", encode_event(event))
        except Exception:  # Redis away: the periodic re-validation still closes what a lost event would have
            log.exception("sending a %s to the other hub instances failed", type(event).__name__)

    def received(self, body: str) -> None:
        """Publish another instance's event here."""
        event = decode_event(body)
        if event is None:
            return
        self._relaying.active = True
        try:
            self.events.publish(event)
        finally:
            self._relaying.active = False
