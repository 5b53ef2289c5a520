"""The console's state as plain Python: assigned sessions and their detail, attention, focus, decisions, the shift.

Widgets read this and forward the officer's actions to it; it tells them what changed through listeners, and
tells the media layer what to do through a `MediaRouter` (no Qt, no network here, so every rule of "one
officer, many booths" is tested without a display or a hub):

- a booth gets a tile slot when its session is assigned, and keeps that slot (and so its number key) until
  the session leaves, so tiles do not jump around under the officer's eyes;
- attention (ready / help / quality) is kept per booth with the time it was raised; the booth waiting longest
  for the officer is the one with the oldest ready or help request;
- each session's `SessionDetail` lives here and only here (on its `Booth`): the service fills it, the window
  renders it and writes the officer's ticks back through it; it goes when the session leaves;
- focusing a booth gives it `focus` quality and the officer's audio and video, and puts every other booth on
  hold at `thumbnail` quality; back to the grid, every booth resumes at the grid's quality (no renegotiation).
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.app.console.detail_state import DetailMixin
from kiosk.app.console.help_calls import note_help
from kiosk.app.console.media import MediaRouter, NullRouter
from kiosk.app.console.session import (
    Booth,
    Decision,
    NetworkQuality,
    RecordingState,
    Shift,
    SubmissionState,
)
from kiosk.app.link_health import LinkReport
from kiosk.domain.channels import Channel
from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, AttentionReason, ControlType, Outcome

log = logging.getLogger(__name__)

#: Up to this many booths a grid tile is big enough for `standard` quality; more get `thumbnail`.
STANDARD_QUALITY_UP_TO = 4


class Change(enum.Enum):
    """What changed, for listeners."""

    BOOTHS = "booths"  # a booth was added or removed: relayout
    BOOTH = "booth"  # one booth's details changed: repaint its tile
    FOCUS = "focus"
    ATTENTION = "attention"  # a new attention request: play the sound once
    STATUS = "status"  # cap or pause
    SHIFT = "shift"
    DETAIL = "detail"  # a session's detail (record, entries, documents, ticks, questions) changed


@dataclass(frozen=True)
class Event:
    """A change, and the session it concerns (None for console-wide changes)."""

    change: Change
    session_id: str | None = None
    attention: AttentionKind | None = None


Listener = Callable[[Event], None]


#: (most tiles, (columns, rows)): the smallest grid that holds the count.
_GRID_SHAPES = ((1, (1, 1)), (2, (2, 1)), (4, (2, 2)), (6, (3, 2)), (9, (3, 3)))


def grid_shape(count: int) -> tuple[int, int]:
    """(columns, rows) for `count` tiles: 1x1, 2x1, 2x2, 3x2, 3x3, up to 4x3."""
    return next((shape for most, shape in _GRID_SHAPES if count <= most), (4, 3))


class ConsoleState(DetailMixin):
    """Assigned sessions with their detail, attention, the officer's focus and the shift (see the module docstring)."""

    def __init__(
        self,
        router: MediaRouter | None = None,
        *,
        cap: int = 4,
        max_cap: int = 6,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._router: MediaRouter = router or NullRouter()
        self._clock = clock
        self.max_cap = max_cap
        self.cap = max(1, min(cap, max_cap))
        self.paused = False
        self.muted = False
        self.queue_waiting = 0
        self.hub_online = True
        self.outbox_pending = 0
        self.booths: dict[str, Booth] = {}
        self.focused: str | None = None
        self.shift = Shift(started_at=clock())
        self._listeners: list[Listener] = []

    # ---------------------------------------------------------------------------------------- listening

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def set_router(self, router: MediaRouter) -> None:
        """Use `router` from now on (the media layer comes up after login)."""
        self._router = router

    def _detail_changed(self, session_id: str) -> None:
        self._emit(Change.DETAIL, session_id)

    def _emit(self, change: Change, session_id: str | None = None, attention: AttentionKind | None = None) -> None:
        event = Event(change, session_id, attention)
        for listener in list(self._listeners):
            listener(event)

    # ------------------------------------------------------------------------------------------- queries

    def now(self) -> float:
        """The state's clock."""
        return self._clock()

    def tiles(self) -> list[Booth]:
        """Booths in slot order (the grid's reading order)."""
        return sorted(self.booths.values(), key=lambda b: b.slot)

    def by_key(self, key: int) -> Booth | None:
        """The booth whose number key is `key`."""
        return next((b for b in self.booths.values() if b.key == key), None)

    def longest_waiting(self) -> str | None:
        """The session that has waited longest for the officer (ready or help), or None."""
        waiting = [(b.waiting_since(), b.slot, b.session_id) for b in self.booths.values()]
        candidates = [(since, slot, sid) for since, slot, sid in waiting if since is not None]
        return min(candidates)[2] if candidates else None

    def attention_order(self) -> list[str]:
        """Sessions asking for the officer, longest waiting first."""
        waiting = [(b.waiting_since(), b.slot, b.session_id) for b in self.booths.values()]
        return [sid for since, _slot, sid in sorted(w for w in waiting if w[0] is not None)]

    def grid_quality(self) -> QualityLevel:
        """The quality every booth gets while no booth is focused."""
        return QualityLevel.STANDARD if len(self.booths) <= STANDARD_QUALITY_UP_TO else QualityLevel.THUMBNAIL

    def is_full(self) -> bool:
        """True when the officer has as many booths as their cap."""
        return len(self.booths) >= self.cap

    # ---------------------------------------------------------------------------------- hub's messages

    def assign(
        self,
        session_id: str,
        booth_number: int | None,
        *,
        state: SessionState = SessionState.WAITING_CSO,
        masked_name: str | None = None,
        claim_type: str | None = None,
        channel: Channel = Channel.BOOTH,
    ) -> Booth:
        """A session was assigned to this console: give it the first free slot (idempotent on reconnect)."""
        existing = self.booths.get(session_id)
        if existing is not None:
            return existing
        used = {b.slot for b in self.booths.values()}
        slot = next(i for i in range(len(used) + 1) if i not in used)
        now = self._clock()
        booth = Booth(
            session_id=session_id,
            booth_number=booth_number,
            slot=slot,
            assigned_at=now,
            state=state,
            state_since=now,
            masked_name=masked_name or "",
            claim_type=claim_type,
            channel=channel,
        )
        self.booths[session_id] = booth
        log.info("session %s assigned (%s %s, key %d)", session_id, channel.value, booth_number, booth.key)
        self._emit(Change.BOOTHS, session_id)
        if self.focused is not None:
            self._router.send_control(session_id, ControlType.HOLD)
            self._router.set_quality(session_id, QualityLevel.THUMBNAIL)
        return booth

    def unassign(self, session_id: str, *, handled: bool = False) -> None:
        """The session left this console (ended, or back to the queue); its slot becomes free."""
        booth = self.booths.pop(session_id, None)
        if booth is None:
            return
        if handled:
            self.shift.sessions_handled += 1
            self.shift.total_handle_s += self._clock() - booth.assigned_at
            if booth.submission in (SubmissionState.PENDING, SubmissionState.DELIVERED):
                self.shift.claims_submitted += 1
            elif booth.decision is Decision.REJECTED:
                self.shift.claims_rejected += 1
            self._emit(Change.SHIFT)
        if self.focused == session_id:
            self.focused = None
            self._router.route_officer(None)
            self._apply_grid_quality()
            self._emit(Change.FOCUS)
        self._emit(Change.BOOTHS, session_id)
        if self.focused is None:
            # One fewer booth may lift the others from thumbnail to standard.
            self._apply_grid_quality()

    def update(
        self,
        session_id: str,
        *,
        state: SessionState | None = None,
        documents_done: int | None = None,
        documents_total: int | None = None,
        masked_name: str | None = None,
        claim_type: str | None = None,
        reason: str | None = None,
    ) -> None:
        """A session's state or progress changed (a `session_update` from the hub)."""
        booth = self.booths.get(session_id)
        if booth is None:
            return
        if state is not None and state is not booth.state:
            booth.state, booth.state_since = state, self._clock()
            if state is SessionState.SELF_SERVICE:
                # Sent back to self-service: the old "ready" no longer stands.
                booth.attention.pop(AttentionKind.READY, None)
        if documents_done is not None:
            booth.documents_done = documents_done
        if documents_total is not None:
            booth.documents_total = documents_total
        if masked_name:
            booth.masked_name = masked_name
        if claim_type:
            booth.claim_type = claim_type
        if reason:
            booth.reason = reason
        self._emit(Change.BOOTH, session_id)

    def attention(self, session_id: str, kind: AttentionKind, raised: bool = True,
                  reason: AttentionReason | None = None, document: str | None = None) -> None:
        """A booth raised or cleared an attention request; a new one sounds once (unless muted)."""
        booth = self.booths.get(session_id)
        if booth is None:
            return
        if raised and kind is AttentionKind.HELP and reason is not None:
            note_help(booth, reason, document)  # the tile words each reason (and every missing document)
            if kind in booth.attention:
                self._emit(Change.BOOTH, session_id)
        if raised:
            if kind in booth.attention:
                return
            booth.attention[kind] = self._clock()
            self._emit(Change.BOOTH, session_id)
            self._emit(Change.ATTENTION, session_id, kind)
        elif booth.attention.pop(kind, None) is not None:
            self._emit(Change.BOOTH, session_id)

    def set_hub_online(self, online: bool) -> None:
        """Whether the signaling connection to the hub is up."""
        if online != self.hub_online:
            self.hub_online = online
            self._emit(Change.STATUS)

    def set_outbox_pending(self, count: int) -> None:
        """How many claims wait in the outbox."""
        if count != self.outbox_pending:
            self.outbox_pending = count
            self._emit(Change.STATUS)

    def set_queue(self, waiting: int) -> None:
        """How many sessions wait in the branch for any officer."""
        self.queue_waiting = waiting
        self._emit(Change.STATUS)

    # ---------------------------------------------------------------------------------- media's reports

    def set_network(self, session_id: str, quality: NetworkQuality) -> None:
        """The network mark of a booth."""
        self._set(session_id, "network", quality)

    def set_link(self, session_id: str, report: LinkReport) -> None:
        """A booth's link health: its signal bars and, while nothing arrives, the interruption's seconds."""
        booth = self.booths.get(session_id)
        if booth is None or (booth.network, booth.interrupted_s) == (report.quality, report.interrupted_s):
            return
        booth.network, booth.interrupted_s = report.quality, report.interrupted_s
        self._emit(Change.BOOTH, session_id)

    def set_frozen(self, session_id: str, frozen: bool) -> None:
        """Whether a booth's video stopped arriving."""
        self._set(session_id, "frozen", frozen)

    def set_connected(self, session_id: str, connected: bool) -> None:
        """Whether the peer connection to a booth is up."""
        self._set(session_id, "connected", connected)

    def set_recording(self, session_id: str, state: RecordingState) -> None:
        """The recording state shown on the tile."""
        self._set(session_id, "recording", state)

    def set_submission(self, session_id: str, state: SubmissionState, detail: str = "") -> None:
        """The claim's delivery state (reference when delivered, reason when refused)."""
        booth = self.booths.get(session_id)
        if booth is None:
            return
        booth.submission, booth.submission_detail = state, detail
        self._emit(Change.BOOTH, session_id)

    def _set(self, session_id: str, name: str, value: object) -> None:
        booth = self.booths.get(session_id)
        if booth is None or getattr(booth, name) == value:
            return
        setattr(booth, name, value)
        self._emit(Change.BOOTH, session_id)

    # -------------------------------------------------------------------------------- officer's actions

    def focus(self, session_id: str) -> None:
        """Talk to this booth: focus quality and the officer's audio/video to it; every other booth on hold."""
        booth = self.booths.get(session_id)
        if booth is None:
            return
        if self.focused == session_id:
            if booth.attention.pop(AttentionKind.HELP, None) is not None:
                # A call for help during the call ("I can't hear"): touching the tile acknowledges it.
                self._emit(Change.FOCUS, session_id)
                self._emit(Change.BOOTH, session_id)
            return
        previous, self.focused = self.focused, session_id
        # The newly focused booth first: the officer's switch should feel instant where they look.
        self._router.route_officer(session_id)
        self._router.set_quality(session_id, QualityLevel.FOCUS)
        if previous is None:
            self._router.send_control(session_id, ControlType.FOCUS)
        else:
            self._router.send_control(session_id, ControlType.RESUME)
            self._router.send_control(session_id, ControlType.FOCUS)
        for other in self.booths.values():
            if other.session_id == session_id:
                continue
            if other.session_id == previous:
                self._router.send_control(other.session_id, ControlType.UNFOCUS)
            if other.session_id == previous or previous is None:
                self._router.send_control(other.session_id, ControlType.HOLD)
                self._router.set_quality(other.session_id, QualityLevel.THUMBNAIL)
        # Being looked at answers "ready" and "help"; a quality problem stays until the booth clears it.
        booth.attention.pop(AttentionKind.READY, None)
        booth.attention.pop(AttentionKind.HELP, None)
        if booth.first_focus_at is None:
            booth.first_focus_at = self._clock()
        self._emit(Change.FOCUS, session_id)
        self._emit(Change.BOOTH, session_id)

    def focus_key(self, key: int) -> bool:
        """Focus the booth whose number key is `key`; False when no tile has that key."""
        booth = self.by_key(key)
        if booth is None:
            return False
        self.focus(booth.session_id)
        return True

    def unfocus(self) -> None:
        """Back to the grid: nobody hears the officer, every booth resumes at the grid's quality."""
        previous = self.focused
        if previous is None:
            return
        self.focused = None
        self._router.route_officer(None)
        self._router.send_control(previous, ControlType.UNFOCUS)
        for other in self.booths.values():
            if other.session_id != previous:
                self._router.send_control(other.session_id, ControlType.RESUME)
        self._apply_grid_quality()
        self._emit(Change.FOCUS, None)

    def _apply_grid_quality(self) -> None:
        if self.focused is not None:
            return
        level = self.grid_quality()
        for booth in self.booths.values():
            self._router.set_quality(booth.session_id, level)

    def set_cap(self, cap: int) -> int:
        """The officer's own cap of simultaneous booths, clamped to 1..max_cap; returns the cap in force."""
        self.cap = max(1, min(cap, self.max_cap))
        self._emit(Change.STATUS)
        return self.cap

    def set_paused(self, paused: bool) -> None:
        """Pause intake for a break (booths already here stay) or take new booths again."""
        if paused == self.paused:
            return
        self.paused = paused
        now = self._clock()
        if paused:
            self.shift.on_break_since = now
        else:
            self.shift.on_break_since = None
            self.shift.last_break_end = now
        self._emit(Change.STATUS)
        self._emit(Change.SHIFT)

    def set_muted(self, muted: bool) -> None:
        """Silence attention sounds (badges and borders stay)."""
        self.muted = muted
        self._emit(Change.STATUS)

    def decide(self, session_id: str, decision: Decision, reason_code: str, note: str = "") -> None:
        """Record the officer's verdict on the claim."""
        booth = self.booths.get(session_id)
        if booth is None:
            return
        booth.decision, booth.decision_reason, booth.decision_note = decision, reason_code, note
        self._emit(Change.BOOTH, session_id)

    def signature_received(self, session_id: str, document_id: str) -> None:
        """The participant signed; the claim can now be submitted."""
        self._set(session_id, "signature_id", document_id)

    def can_submit(self, session_id: str) -> bool:
        """Approved, signed, and not submitted yet."""
        booth = self.booths.get(session_id)
        return (
            booth is not None
            and booth.decision is Decision.APPROVED
            and booth.signature_id is not None
            and booth.submission in (SubmissionState.NONE,)
        )

    def outcome(self, session_id: str) -> Outcome | None:
        """The outcome to tell the booth when the session ends."""
        booth = self.booths.get(session_id)
        if booth is None:
            return None
        if booth.submission in (SubmissionState.PENDING, SubmissionState.DELIVERED):
            return Outcome.SUBMITTED
        if booth.decision is Decision.REJECTED:
            return Outcome.REJECTED
        return None
