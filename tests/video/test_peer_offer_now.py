"""`BoothPeer.offer_now`: the booth offers a new connection at once when it knows the other end needs one, instead
of waiting out its connect timeout (an offer lost with a dropped WebSocket) or a connection that looks alive (the
console started over)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.protocol import Envelope, Role, SignalType
from kiosk.video.audio import NullInput
from kiosk.video.peer import ConsolePeer, PeerState
from tests.support.wait import wait_until

from .conftest import CONNECT_TIMEOUT_S, Pair, loopback_settings

pytestmark = pytest.mark.asyncio

#: Far longer than any test may take: without `offer_now` the booth would wait this long for its lost offer.
LONG_S = 600.0


async def _nowhere(envelope: Envelope) -> None:
    del envelope


async def test_a_lost_offer_is_replaced_at_once_when_asked(make_pair: Callable[..., Pair]) -> None:
    pair: Pair = make_pair(connect_timeout_s=LONG_S)
    lost: list[Envelope] = []

    async def into_a_dead_websocket(envelope: Envelope) -> None:
        lost.append(envelope)

    pair.booth._send_signal = into_a_dead_websocket
    await pair.booth.connect()
    await wait_until(lambda: [e.type for e in lost] == [SignalType.OFFER], what="the first offer sent (and lost)")
    pair.booth._send_signal = pair.signaling.sender(Role.BOOTH)
    assert pair.booth.offer_now()  # signaling is back
    await pair.connected()  # well within CONNECT_TIMEOUT_S, not LONG_S
    await wait_until(lambda: pair.console.remote_video.frames_received > 0, what="video on the new offer")
    assert pair.booth.reconnections == 1


async def test_a_console_that_started_over_gets_an_offer_while_the_old_connection_still_looks_alive(
    make_pair: Callable[..., Pair],
) -> None:
    pair: Pair = make_pair()
    await pair.booth.connect()
    await pair.connected()
    old_console = pair.console
    # The console restarts: a new session takes the signaling; the old one is gone without a word, and its
    # connection stays up, so nothing on the booth's side would ever notice.
    old_console._send_signal = _nowhere  # a killed process says nothing more
    sender = pair.signaling.sender(Role.CONSOLE)
    new_console = ConsolePeer("s-test", loopback_settings(), sender, microphone=NullInput())
    pair.signaling.bind(Role.CONSOLE, new_console.handle_signal)
    pair.console = new_console
    assert pair.booth.state is PeerState.CONNECTED
    assert pair.booth.offer_now()  # the hub assigned the session again
    await new_console.wait_for_state(PeerState.CONNECTED, CONNECT_TIMEOUT_S)
    await wait_until(lambda: new_console.remote_video.frames_received > 0, what="video at the new console")
    assert pair.booth.state is PeerState.CONNECTED
    await old_console.close()


async def test_a_console_or_a_closed_booth_does_not_offer(make_pair: Callable[..., Pair]) -> None:
    pair: Pair = make_pair()
    assert not pair.console.offer_now()
    assert not pair.booth.offer_now()  # not connecting yet
    await pair.booth.connect()
    await pair.booth.close()
    assert not pair.booth.offer_now()
