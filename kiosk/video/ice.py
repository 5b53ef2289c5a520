"""ICE configuration from settings: STUN/TURN servers and the host addresses offered as candidates.

The hub hands each client TURN servers with fresh time-limited credentials in its signaling ``welcome``;
`with_hub_ice_servers` puts them before the static ``video.ice_servers`` of the settings. aiortc uses only the
first STUN and the first TURN URL of the whole list (``turn:`` over UDP or TCP, ``turns:`` over TCP), so the hub's
TURN wins over a static one. ``video.ice_relay_only`` sets aiortc's relay transport policy: aioice then gathers
no host or server-reflexive candidate, only the TURN allocation.

aioice offers every local address except loopback and has no option to choose them (aioice issue #2), so
`host_addresses` wraps its module-level `get_host_addresses` once per process and consults a context variable.
The variable is set only around a peer's own gathering, so two peers in one process (tests, the demo) can use
different addresses, and peers that set nothing get aioice's default behaviour.
"""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from collections.abc import Iterator, Sequence
from contextvars import ContextVar

import aioice.ice
from aiortc import RTCConfiguration, RTCIceServer, RTCIceTransportPolicy

from kiosk.config import IceServer, VideoSettings
from kiosk.protocol import WelcomePayload

_HOST_ADDRESSES: ContextVar[tuple[str, ...] | None] = ContextVar("kiosk_ice_host_addresses", default=None)
_original_get_host_addresses = aioice.ice.get_host_addresses
_install_lock = threading.Lock()


def _selected_host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    chosen = _HOST_ADDRESSES.get()
    if not chosen:
        return _original_get_host_addresses(use_ipv4, use_ipv6)
    selected = []
    for address in chosen:
        version = ipaddress.ip_address(address).version
        if (version == 4 and use_ipv4) or (version == 6 and use_ipv6):
            selected.append(address)
    return selected


def _install() -> None:
    with _install_lock:
        if aioice.ice.get_host_addresses is not _selected_host_addresses:
            aioice.ice.get_host_addresses = _selected_host_addresses


@contextlib.contextmanager
def host_addresses(addresses: Sequence[str]) -> Iterator[None]:
    """Within this block (and tasks it starts), gather host candidates only on `addresses` (empty: default).

    Loopback addresses are allowed here, unlike in aioice's default selection.
    """
    for address in addresses:
        ipaddress.ip_address(address)  # a bad address fails here, not deep inside gathering
    _install()
    token = _HOST_ADDRESSES.set(tuple(addresses) or None)
    try:
        yield
    finally:
        _HOST_ADDRESSES.reset(token)


def rtc_configuration(ice_servers: Sequence[IceServer], *, relay_only: bool = False) -> RTCConfiguration:
    """The aiortc configuration for these STUN/TURN servers (an empty list: host candidates only, for a LAN);
    `relay_only`: only relayed candidates (needs a TURN server, else nothing connects)."""
    return RTCConfiguration(
        iceServers=[
            RTCIceServer(urls=list(server.urls), username=server.username, credential=server.credential)
            for server in ice_servers
        ],
        iceTransportPolicy=RTCIceTransportPolicy.RELAY if relay_only else RTCIceTransportPolicy.ALL,
    )


def with_hub_ice_servers(settings: VideoSettings, welcome: WelcomePayload | None) -> VideoSettings:
    """`settings` with the ICE servers of the hub's latest `welcome` before the static ones (a copy; None or no
    servers from the hub: `settings` itself)."""
    if welcome is None or not welcome.ice_servers:
        return settings
    hub = [
        IceServer(urls=list(server.urls), username=server.username, credential=server.credential)
        for server in welcome.ice_servers
    ]
    return settings.model_copy(update={"ice_servers": [*hub, *settings.ice_servers]})
