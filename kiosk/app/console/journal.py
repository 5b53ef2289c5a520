"""`SessionJournal`: the officer's own work on each open session, kept on disk so a console restart loses none of it.

What the hub holds comes back by itself after a restart: the hub assigns the officer's open sessions again, and
the service fetches their detail (intake, registry record, documents). What only the console knew would be lost
with the process: which documents the officer ticked as checked against the original, the verdict and its reason
code, and the participant's signature. The journal writes those to a small JSON file in the console's data dir on
every change (atomically: a new file renamed over the old one, so a crash leaves the old or the new, never half),
and puts them back when the session is assigned again. The claim's delivery state comes from the outbox, which
survives restarts by itself.

No personal data goes into the file: document codes, decision and reason codes, the signature's document id. The
officer's free-text note stays out (the hub keeps it with the verdict). A session's entry goes when the session
leaves the console, or, for a session that ended while the console was down, a day after its last change.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.app.console.session import Decision, SubmissionState
from kiosk.app.console.state import Change, ConsoleState, Event
from kiosk.client.outbox import DeliveryState, Outbox

log = logging.getLogger(__name__)

JOURNAL_FILE_NAME = "sessions.json"
#: Entries not changed for this long are dropped when the journal is read: no visit lasts a day.
MAX_AGE_S = 24 * 3600.0

_SUBMISSION = {
    DeliveryState.PENDING: SubmissionState.PENDING,
    DeliveryState.DELIVERED: SubmissionState.DELIVERED,
    DeliveryState.REFUSED: SubmissionState.REFUSED,
}


class SessionJournal:
    """Keeps the officer's work on open sessions in `path` and restores it on reassignment (module docstring)."""

    def __init__(
        self, path: Path, state: ConsoleState, outbox: Outbox | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self.state = state
        self.outbox = outbox
        self._clock = clock
        self._entries: dict[str, dict[str, Any]] = self._load()
        self._restoring = False
        state.subscribe(self._on_change)

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:  # a damaged file must not stop the console: start afresh
            log.warning("console journal unreadable (%s); starting without it", type(exc).__name__)
            return {}
        if not isinstance(data, dict):
            return {}
        oldest = self._clock() - MAX_AGE_S
        return {str(k): v for k, v in data.items() if isinstance(v, dict) and float(v.get("at") or 0) >= oldest}

    def entry(self, session_id: str) -> dict[str, Any] | None:
        """What the journal holds for a session (tests and diagnostics)."""
        return self._entries.get(session_id)

    def _on_change(self, event: Event) -> None:
        if self._restoring:
            return
        if event.change is Change.BOOTHS and event.session_id is not None:
            if event.session_id in self.state.booths:
                self._restore(event.session_id)
            elif self._entries.pop(event.session_id, None) is not None:
                self._save()
        elif event.change in (Change.BOOTH, Change.DETAIL) and event.session_id in self.state.booths:
            self._record(event.session_id)

    def _record(self, session_id: str) -> None:
        booth = self.state.booths[session_id]
        entry = {
            "verified": sorted(booth.detail.verified),
            "decision": booth.decision.value if booth.decision is not None else None,
            "decision_reason": booth.decision_reason,
            "signature_id": booth.signature_id,
        }
        if {k: v for k, v in self._entries.get(session_id, {}).items() if k != "at"} != entry:
            self._entries[session_id] = {**entry, "at": self._clock()}
            self._save()

    def _restore(self, session_id: str) -> None:
        """A session (re)appeared: put back the officer's ticks, verdict and signature, and the claim's state."""
        booth = self.state.booths[session_id]
        entry = self._entries.get(session_id)
        outbox_entry = self.outbox.get(session_id) if self.outbox is not None else None
        if entry is None and outbox_entry is None:
            return
        self._restoring = True
        try:
            if entry is not None:
                booth.detail.verified.update(str(code) for code in entry.get("verified") or ())
                with contextlib.suppress(ValueError):
                    booth.decision = Decision(entry["decision"]) if entry.get("decision") else None
                booth.decision_reason = str(entry.get("decision_reason") or "")
                booth.signature_id = entry.get("signature_id")
            if outbox_entry is not None:
                detail = outbox_entry.reference or outbox_entry.refusal_message or outbox_entry.last_error
                booth.submission, booth.submission_detail = _SUBMISSION[outbox_entry.state], detail or ""
        finally:
            self._restoring = False
        log.info("session %s: the officer's work restored after a restart", session_id)
        self.state.update(session_id)  # repaint the tile
        self.state.update_detail(session_id)  # and the workspace

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        try:
            with temporary.open("w", encoding="utf-8") as file:
                json.dump(self._entries, file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:  # a full disk must not stop the officer's work: it only loses the journal
            log.warning("console journal not written (%s)", type(exc).__name__)
