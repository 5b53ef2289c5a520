"""Programs restarted in the middle of a call, with the real hub, booth (`CallLink`) and console (`ConsoleService`)
in the lab:

- the hub crashes (SIGKILL) and starts again on the same database and address: media keeps flowing peer to
  peer the whole time (the hub only relays signaling), both ends' signaling reconnects by itself, and a claim the
  officer submits while the hub is gone is delivered exactly once when it is back;
- the console crashes (SIGKILL, right after the officer submitted a claim) and starts again: the booth says the
  connection is being restored, the officer's session comes back as it was (the booth, what the participant
  typed, the documents the officer ticked), the booth offers a new connection as soon as the hub assigns the
  session again (not after aiortc's 30 s consent timeout), and the claim is delivered exactly once.

Each test prints what it measured (pytest ``-s``) and records it as a property of the test (JUnit XML).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import pytest

from kiosk.domain.identifiers import normalize_phone
from tests.netlab.conftest import LOAD_SLACK, Call, wait_for, within_target
from tests.support.netlab_actors import TYPED_PHONE

pytestmark = pytest.mark.slow

#: How long the hub stays down: a restart of a real hub (service manager, start-up) takes a few seconds.
HUB_DOWN_S = 3.0
#: A call is "flowing" when no gap between new frames at the console is longer than this. The benchmark's freeze
#: is 0.5 s; the test allows more because the three programs share a loaded two-core CI machine.
LONGEST_GAP_S = 2.0
#: After the console's restart the call must be back this long after the console is signed in again (the issue's
#: 5 s for media after a fault, x LOAD_SLACK). That needs the booth to offer at once when the hub assigns the session
#: again: left to aiortc, it noticed the dead connection only at its 30 s consent timeout (measured: 18.5 s after
#: the sign-in, against 1.8 s).
RESUMED_WITHIN_S = 5.0
#: The issue's bound for "interrupted" on screen.
INTERRUPTED_WITHIN_S = 3.0


class FrameLog:
    """The console's frame count sampled while something happens, to find the longest stretch without a frame."""

    def __init__(self, call: Call) -> None:
        self.call = call
        self.samples: list[tuple[float, int]] = []

    def sample_until(self, done: Callable[[], bool], within_s: float, what: str) -> float:
        """Sample every 0.1 s until `done` (AssertionError after `within_s`); seconds it took."""
        started = time.monotonic()
        while not done():
            if time.monotonic() - started > within_s:
                where = f"booth {self.call.booth.latest}; console {self.call.console.latest}"
                raise AssertionError(f"not within {within_s} s: {what}; {where}")
            self.samples.append((time.monotonic(), self.call.console.frames))
            time.sleep(0.1)
        self.samples.append((time.monotonic(), self.call.console.frames))
        return time.monotonic() - started

    @property
    def frames(self) -> int:
        """Frames received between the first and the last sample."""
        return self.samples[-1][1] - self.samples[0][1]

    @property
    def longest_gap_s(self) -> float:
        """The longest time between two samples that saw new frames."""
        longest, last_new = 0.0, self.samples[0][0]
        for (_, before), (at, count) in zip(self.samples, self.samples[1:], strict=False):
            if count > before:
                longest, last_new = max(longest, at - last_new), at
        return max(longest, self.samples[-1][0] - last_new)


def _work(booths: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    """The console's sessions as the officer left them (which booth, its state, what was typed, the ticks)."""
    return {sid: {k: v for k, v in booth.items() if k != "connected"} for sid, booth in booths.items()}


def _report(record_property: Callable[[str, object], None], **measured: object) -> None:
    for name, value in measured.items():
        record_property(name, value)
    print("measured:", ", ".join(f"{name}={value}" for name, value in measured.items()))


def test_the_hub_restarted_in_a_call_keeps_media_flowing_and_delivers_a_claim_once(
    lab_call: Call, record_property: Callable[[str, object], None]
) -> None:
    call = lab_call
    wait_for(call, lambda: call.booth.signaling_up and call.console.signaling_up, 30, "both ends on the hub")
    peer_connections = (call.booth.reconnections, call.console.reconnections)
    log = FrameLog(call)
    log.samples.append((time.monotonic(), call.console.frames))
    call.hub.stop(signal.SIGKILL)
    killed_at = time.monotonic()
    # The officer submits while the hub is gone: the claim waits in the console's outbox.
    call.console.send(claim="walk-in-hub-restart")
    log.sample_until(
        lambda: not call.booth.signaling_up and not call.console.signaling_up, 30, "both ends see the hub gone"
    )
    log.sample_until(lambda: time.monotonic() - killed_at >= HUB_DOWN_S, 30, "the hub down a while")
    assert call.console.claims["walk-in-hub-restart"][0] == "pending"
    call.hub.start()
    started_at = time.monotonic()
    connections = 2  # welcomed once before the crash, once after
    reconnect_s = log.sample_until(
        lambda: call.booth.signaling_connections >= connections and call.console.signaling_connections >= connections,
        60,
        "signaling back on both ends",
    )
    outage_s = time.monotonic() - killed_at
    delivered_s = log.sample_until(
        lambda: call.console.claims["walk-in-hub-restart"][0] == "delivered", 60, "the claim delivered"
    )
    claims = call.hub_claims()
    _report(
        record_property,
        hub_down_s=round(started_at - killed_at, 1),
        signaling_back_after_hub_start_s=round(reconnect_s, 1),
        frames_during_restart=log.frames,
        restart_s=round(outage_s + delivered_s, 1),
        longest_gap_s=round(log.longest_gap_s, 2),
        claims_on_hub=len(claims),
    )
    assert log.longest_gap_s <= LONGEST_GAP_S, "the picture froze while the hub restarted"
    assert log.frames >= 10 * (outage_s + delivered_s)  # at least a third of the 30 fps sent, all along
    assert (call.booth.reconnections, call.console.reconnections) == peer_connections  # the same connection
    assert call.console.state == "connected" and call.console.interrupted_s is None
    assert len(claims) == 1, claims  # neither lost nor doubled
    assert claims[0][0] == call.console.claims["walk-in-hub-restart"][2]  # the reference the console holds


def test_the_console_killed_in_a_call_comes_back_as_it_was_and_delivers_its_claim_once(
    lab_call: Call, record_property: Callable[[str, object], None]
) -> None:
    call = lab_call
    phone = normalize_phone(TYPED_PHONE)
    wait_for(call, lambda: any(b["phone"] == phone for b in call.console.booths.values()), 60, "the session's detail")
    call.console.send(verify="ektp")  # the officer ticks the e-KTP as checked against the original
    wait_for(call, lambda: [b["verified"] for b in call.console.booths.values()] == [["ektp"]], 30, "the tick")
    before = _work(call.console.booths)
    booth_reconnections = call.booth.reconnections
    old = call.console_program.process
    assert old is not None
    # The officer submits, and the console dies at once (power cut): the claim is on disk, not yet sent.
    call.console.send(claim="walk-in-console-kill", die=True)
    assert old.wait(timeout=30) == -signal.SIGKILL
    killed_at = time.monotonic()
    shown_s = within_target(
        call, lambda: call.booth.interrupted_s is not None, INTERRUPTED_WITHIN_S, "the booth says 'being restored'"
    )
    call.console_program.start()
    restarted_at = time.monotonic()
    wait_for(call, lambda: call.console.signaling_up, 60, "the new console on the hub")
    signed_in_at = time.monotonic()
    wait_for(call, lambda: _work(call.console.booths) == before, 60, "the officer's session back as it was")
    resumed_s = within_target(
        call, lambda: call.console.frames > 30, RESUMED_WITHIN_S, "the call resumed after sign-in", signed_in_at
    )
    wait_for(call, lambda: call.booth.interrupted_s is None, 10 * LOAD_SLACK, "the booth's screen clears")
    wait_for(call, lambda: call.console.claims.get("walk-in-console-kill", [""])[0] == "delivered", 60, "the claim")
    claims = call.hub_claims()
    _report(
        record_property,
        booth_interrupted_shown_after_s=round(shown_s, 1),
        console_start_to_signed_in_s=round(signed_in_at - restarted_at, 1),
        call_resumed_after_sign_in_s=round(resumed_s, 1),
        call_back_after_kill_s=round(signed_in_at + resumed_s - killed_at, 1),
        claim_attempts=call.console.claims["walk-in-console-kill"][1],
        claims_on_hub=len(claims),
    )
    assert call.booth.reconnections > booth_reconnections  # a new peer connection, through signaling
    assert call.console.claims["walk-in-console-kill"][1] == 1  # one attempt after the restart, none before
    assert len(claims) == 1, claims
    assert claims[0][0] == call.console.claims["walk-in-console-kill"][2]
