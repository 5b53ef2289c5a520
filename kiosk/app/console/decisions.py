"""The officer's verdict and the claim's way out: decide, submit through the outbox, note the questions asked.

Part of `ConsoleService` (its use cases after verification), kept in a module of its own so the service stays
readable: the verdict goes to the hub (verifying -> approved / rejected, `end` to the booth on a rejection), the
claim into the durable outbox, which delivers it exactly once and reports back (`_on_outbox`), and a delivered
claim's reference to the booth.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from kiosk.app.console.claim import claim_payload
from kiosk.app.console.hub_port import ConsoleHubPort, HubError
from kiosk.app.console.session import Decision, SubmissionState
from kiosk.app.console.state import ConsoleState
from kiosk.client.outbox import DeliveryState, Outbox, OutboxEntry
from kiosk.domain.session import SessionState
from kiosk.protocol import ControlType, EndPayload, Outcome

log = logging.getLogger(__name__)

#: The hub keeps a state change's reason up to this many characters (`StateChange.reason`).
HUB_REASON_MAX = 200


class DecisionsMixin:
    """Decisions, submission and audited questions, over the service's state, hub port and outbox."""

    state: ConsoleState
    hub: ConsoleHubPort
    outbox: Outbox

    if TYPE_CHECKING:  # provided by ConsoleService

        def spawn(self, coro: Coroutine[Any, Any, Any]) -> None: ...

        async def _control(self, session_id: str, kind: ControlType, payload: Any = None,
                           timeout_s: float | None = None) -> Any: ...

        async def _set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> bool: ...

        async def _finish(self, session_id: str) -> None: ...

    async def decide(self, session_id: str, decision: Decision, code: str, note: str) -> None:
        """Record the verdict on the hub (verifying -> approved/rejected) and in the console."""
        booth = self.state.booths.get(session_id)
        if booth is None:
            return
        # The hub's state, not the last one heard: a booth's "ready" can overtake its state update, so the
        # console may still believe the session is in self-service.
        with contextlib.suppress(HubError, KeyError, ValueError):
            current = SessionState(str((await self.hub.get_session(session_id))["state"]))
            self.state.update(session_id, state=current)
        booth = self.state.booths.get(session_id)
        if booth is None:
            return
        if booth.state in (SessionState.WAITING_CSO,):
            await self._set_state(session_id, SessionState.IN_CALL)
        if self.state.booths[session_id].state is SessionState.IN_CALL:
            await self._set_state(session_id, SessionState.VERIFYING)
        target = SessionState.APPROVED if decision is Decision.APPROVED else SessionState.REJECTED
        # The note is for the file: the hub's record keeps it (its reason holds 200 characters), the booth never
        # sees it; the participant reads the words for the reason code in their own language.
        reason = (f"{code}: {note}" if note else code)[:HUB_REASON_MAX]
        if not await self._set_state(session_id, target, reason):
            return
        self.state.decide(session_id, decision, code, note)
        if decision is Decision.REJECTED:
            await self._control(session_id, ControlType.END, EndPayload(outcome=Outcome.REJECTED, reason_code=code))
            await self._finish(session_id)

    def claim_payload(self, session_id: str) -> dict[str, Any] | None:
        """The claim as the claims API takes it, from the session's verified detail."""
        detail = self.state.detail(session_id)
        return None if detail is None else claim_payload(detail)

    def submit(self, session_id: str) -> None:
        """The officer submits: the claim goes to the outbox, which delivers it exactly once.

        The state says "pending" at once; from then on the outbox's own reports move it on (delivered, refused).
        """
        if not self.state.can_submit(session_id):
            return
        payload = self.claim_payload(session_id)
        if payload is None:
            return
        self.state.set_submission(session_id, SubmissionState.PENDING)
        self.outbox.enqueue(session_id, payload)  # reports to `_on_outbox`

    def _on_outbox(self, entry: OutboxEntry) -> None:
        self.state.set_outbox_pending(self.outbox.pending_count())
        sid = entry.session_id
        if entry.state is DeliveryState.PENDING:
            self.state.set_submission(sid, SubmissionState.PENDING, entry.last_error)
        elif entry.state is DeliveryState.DELIVERED:
            self.state.set_submission(sid, SubmissionState.DELIVERED, entry.reference or "")
            if sid in self.state.booths:
                self.spawn(self._delivered(sid, entry.reference or ""))
        else:
            detail = f"{entry.refusal_code}: {entry.refusal_message}"
            self.state.set_submission(sid, SubmissionState.REFUSED, detail)

    async def _delivered(self, session_id: str, reference: str) -> None:
        await self._control(session_id, ControlType.END, EndPayload(outcome=Outcome.SUBMITTED, reference=reference))
        await self._finish(session_id)

    def answer_question(self, session_id: str, kind: str, correct: bool) -> None:
        """The officer noted a verification question's answer: audited on the hub (kind and outcome only)."""
        # Which question and whether it was answered right goes to the hub's audit log; the answer never does.
        log.info("session %s: verification question %s answered %s", session_id, kind,
                 "correctly" if correct else "wrongly")
        self.spawn(self._record_question(session_id, kind, correct))

    async def _record_question(self, session_id: str, kind: str, correct: bool) -> None:
        try:
            await self.hub.record_verification(session_id, kind, correct)
        except HubError as exc:
            log.warning("session %s: verification question not audited (%s)", session_id, exc.code or exc.kind.value)
