"""Loss and a rate cap on a booth's link in the middle of a call, with the real hub, booth and console in the lab:
the picture adapts instead of freezing, and the voice keeps coming.

The officer has focused the booth (the participant is talking to them: full quality, 30 fps). The booth's
synthetic camera is 640x360, so its full picture is 640x360 (the focus box is 1280x720; a camera is never
scaled up), and the network ladder (`kiosk.video.adapt.LADDER`) can take it down to 320x180.

- 5 % and then 10 % random loss of every packet on the booth's link, each for `LOSS_S`: frames keep arriving at
  the console, none more than a second after the one before (retransmissions repair the loss at full size), and
  the booth's voice arrives with less than 20 % of its packets lost;
- a 250 kbit/s cap for `CAP_S`: the booth steps down the ladder (the console receives a smaller picture) and
  frames keep arriving, a few a second at least; when the cap is lifted the picture climbs back.

Every measured figure is printed (pytest ``-s``). Bounds on time get `LOAD_SLACK` (tests/netlab/conftest.py):
the hub, the console and the booth share two cores with the rest of the suite in CI.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from tests.netlab.conftest import LOAD_SLACK, Call, wait_for

pytestmark = pytest.mark.slow

#: The booth's full picture at the console (its synthetic camera's size; see the module's docstring).
FULL_SIZE = (640, 360)
LOSS_S = 15.0
CAP_S = 20.0
CAP_KBIT = 250
#: The issue's bound for a freeze at 5 % loss (bench/network_faults.py: no freeze over 1 s). At 10 % the issue
#: bounds frame rate and latency, not freezes; a step down there restarts the encoder (measured up to 1.89 s
#: here under load), so 10 % gets twice the bound.
LONGEST_FREEZE_S = {5: 1.0, 10: 2.0}
#: The booth's voice: Opus in 20 ms packets, 50 a second.
AUDIO_PACKETS_PER_S = 50
MAX_AUDIO_LOSS = 0.20
#: Under loss the booth keeps its full picture at up to 30 fps; at least this many arrive (load: see LOAD_SLACK).
MIN_FPS_UNDER_LOSS = 10.0
#: Under the cap the bottom rung sends 15 fps; "keeps arriving" is at least this many.
MIN_FPS_UNDER_CAP = 3.0
#: Stepping down restarts the encoder, and a keyframe takes a while through 250 kbit/s: short freezes happen
#: (bench/network_faults.py: longest 2.8 s at 250 kbps), a picture that collapses freezes for 11-12 s (the same
#: benchmark without the adaptation).
LONGEST_FREEZE_UNDER_CAP_S = 3.0


@dataclass(frozen=True)
class Window:
    """What the console received during a stretch of the call."""

    seconds: float
    frames: int
    freezes: list[float]
    audio_received: int
    audio_lost: int

    @property
    def fps(self) -> float:
        """Frames a second."""
        return self.frames / self.seconds

    @property
    def longest_freeze_s(self) -> float:
        """The longest time without a new frame over 0.5 s (0: none)."""
        return max(self.freezes, default=0.0)

    @property
    def audio_loss(self) -> float:
        """The share of the booth's voice packets lost (RTP sequence numbers)."""
        return self.audio_lost / max(1, self.audio_received + self.audio_lost)

    def describe(self) -> str:
        """The figures, for the log."""
        return (
            f"{self.fps:.1f} fps over {self.seconds:.1f} s, freezes {[round(f, 2) for f in self.freezes]}, "
            f"audio {self.audio_received} packets received, {self.audio_lost} lost ({100 * self.audio_loss:.1f} %)"
        )


def measure(call: Call, seconds: float) -> Window:
    """Watch the console for `seconds`; the booth must stay on one peer connection (the RTP counters are its)."""
    console = call.console
    reconnections, frames = console.reconnections, console.frames
    received, lost = console.audio_packets
    started_wall, started = time.time(), time.monotonic()
    time.sleep(seconds)  # the scenario: the fault lasts this long; the console counts meanwhile
    window = Window(
        seconds=time.monotonic() - started,
        frames=console.frames - frames,
        freezes=console.freezes_since(started_wall),
        audio_received=console.audio_packets[0] - received,
        audio_lost=console.audio_packets[1] - lost,
    )
    assert console.reconnections == reconnections, f"the call reconnected: {console.latest}"
    assert console.state == "connected"
    return window


def focus(call: Call) -> None:
    """The officer focuses the booth; wait until its full picture arrives at full speed and its voice flows."""
    call.console.send(focus=True)
    wait_for(call, lambda: call.console.size == FULL_SIZE, 60, "the focused booth's full picture")
    wait_for(call, lambda: call.console.audio_packets[0] > AUDIO_PACKETS_PER_S, 60, "the booth's voice")
    window = measure(call, 2.0)
    print(f"measured: focused, no fault: {window.describe()}")


def test_loss_of_5_and_10_percent_keeps_the_picture_moving_and_the_voice_coming(lab_call: Call) -> None:
    call = lab_call
    focus(call)
    for percent in (5, 10):
        call.booth_host.drop(percent)
        window = measure(call, LOSS_S)
        print(f"measured: loss {percent} %: {window.describe()}; size {call.console.size}, rung {call.booth.rung}")
        assert window.longest_freeze_s <= LONGEST_FREEZE_S[percent] * LOAD_SLACK, (
            f"loss {percent} %: the picture froze for {window.longest_freeze_s:.2f} s "
            f"(bound {LONGEST_FREEZE_S[percent]} s x{LOAD_SLACK} for load): {window.describe()}"
        )
        assert window.fps >= MIN_FPS_UNDER_LOSS, f"loss {percent} %: {window.describe()}"
        assert window.audio_received >= AUDIO_PACKETS_PER_S * window.seconds / LOAD_SLACK * (1 - MAX_AUDIO_LOSS), (
            f"loss {percent} %: the voice hardly arrives: {window.describe()}"
        )
        assert window.audio_loss < MAX_AUDIO_LOSS, f"loss {percent} %: {window.describe()}"
    call.booth_host.clear()


def test_a_250_kbit_cap_steps_the_picture_down_and_frames_keep_coming(lab_call: Call) -> None:
    call = lab_call
    focus(call)
    assert call.booth.rung == 0
    call.booth_host.rate(CAP_KBIT)
    capped_at = time.monotonic()
    took = wait_for(call, lambda: (call.booth.rung or 0) > 0, CAP_S, "the booth stepping down the ladder")
    print(f"measured: {CAP_KBIT} kbit/s: first step down after {took:.1f} s")
    wait_for(
        call,
        lambda: call.console.size[0] < FULL_SIZE[0] and call.console.frames > 0,
        CAP_S,
        "a smaller picture at the console",
    )
    print(f"measured: {CAP_KBIT} kbit/s: smaller picture after {time.monotonic() - capped_at:.1f} s")
    # The rest of the cap: frames keep coming at the lower rung.
    window = measure(call, max(5.0, CAP_S - (time.monotonic() - capped_at)))
    print(
        f"measured: {CAP_KBIT} kbit/s, after stepping down: {window.describe()}; "
        f"size {call.console.size}, rung {call.booth.rung}"
    )
    assert window.fps >= MIN_FPS_UNDER_CAP, f"{CAP_KBIT} kbit/s: {window.describe()}"
    assert window.longest_freeze_s <= LONGEST_FREEZE_UNDER_CAP_S * LOAD_SLACK, f"{CAP_KBIT} kbit/s: {window.describe()}"
    assert call.console.size[0] < FULL_SIZE[0]
    lowest = call.booth.rung or 0
    call.booth_host.rate(None)
    lifted_at = time.monotonic()
    # The ladder climbs one rung after 6 quiet reports (longer after a failed try: `AdaptPolicy.up_after`).
    wait_for(call, lambda: (call.booth.rung or 0) < lowest, 60, "the picture climbing back")
    print(f"measured: cap lifted: one rung up after {time.monotonic() - lifted_at:.1f} s")
