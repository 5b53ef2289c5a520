"""The scripted officer: works the real console the way its buttons and shortcuts do, and decides like a CSO.

One booth at a time, the one that has waited longest for the officer (the console's own `longest_waiting`,
what its attention banner names): focus it (number key), greet the participant (F6 message), ask the
verification questions and note the answers (Data tab), take a still of the live face (F11), then on the
Documents tab (F3) ask the booth for any document the checklist still lacks (F5: the participant holds it up
during the countdown), look at every still and tick it. Once in ten sessions the officer finds the e-KTP photo
hard to read and asks for it again. On the Decision tab (F4) the rule results decide: a claim the rules block
is rejected with "not eligible" and the rules' own words as the note (F10); otherwise it is approved (F9), the
participant is asked to sign (F8), and the claim is submitted (Ctrl+Enter). Then the next booth.

Everything goes through the console's window, workspace and controller, so the console's service does the real
work: hub states, control messages over the peer connection, the outbox and the claims API.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.app.console.service import ConsoleService
from kiosk.app.console.session import Decision, SubmissionState
from kiosk.app.console.verification import checklist, ready_to_approve, rule_results
from kiosk.domain.claims import DocumentShape, default_catalog
from kiosk.ui.console.window import ConsoleWindow

log = logging.getLogger(__name__)

#: The n-th session of every ten (0-based) in which the officer asks for the e-KTP again.
RECAPTURE_AT = 2
#: How long a booth may take to answer a capture request (countdown, still, upload).
CAPTURE_WAIT_S = 60.0
#: How long a participant may take to sign.
SIGNATURE_WAIT_S = 240.0
#: Connection and detail of a newly focused booth.
READY_WAIT_S = 90.0
#: How long the officer waits for the machine checks before comparing by eye alone.
ASSIST_WAIT_S = 45.0
#: How often a session that got stuck is taken up again.
MAX_RETRIES = 2


class OfficerStuck(Exception):
    """Something the officer waits for did not come."""


@dataclass
class HandledSession:
    """One session as the officer handled it (for the report; no personal data)."""

    session_id: str
    #: The booth's number (0: an online participant, who has none).
    booth: int
    claim_type: str | None = None
    reason: str | None = None
    decision: str | None = None
    reject_reason: str | None = None
    reference: str | None = None
    captures_requested: list[str] = field(default_factory=list)
    recaptures: int = 0
    focused_at: float = 0.0
    finished_at: float | None = None
    error: str | None = None
    #: Place in the shift (0-based), fixed the first time the officer takes the session up.
    index: int | None = None
    #: What the machine checks said (verdicts, a face distance, the names of differing fields; no values) and
    #: the officer's call on each.
    assist: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """For the orchestrator."""
        return asdict(self)


class ScriptedOfficer:
    """Serves the booths assigned to the console (see the module docstring)."""

    def __init__(
        self,
        window: ConsoleWindow,
        service: ConsoleService,
        *,
        pace: float = 1.0,
        on_session: Callable[[HandledSession], None] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.window = window
        self.service = service
        self.controller = service.state
        self.pace = pace
        self.on_session = on_session
        self.today = today
        self.handled: list[HandledSession] = []
        self._unfinished: dict[str, tuple[HandledSession, int]] = {}
        self._count = 0

    async def pause(self, seconds: float) -> None:
        """Read, look, listen (scaled by the pace)."""
        await asyncio.sleep(max(0.02, seconds * self.pace))

    async def wait_for(self, what: str, ready: Callable[[], bool], timeout_s: float) -> None:
        """Wait until `ready()` holds while the console works."""
        deadline = time.monotonic() + timeout_s
        while not ready():
            if time.monotonic() > deadline:
                raise OfficerStuck(f"waited {timeout_s:.0f} s for {what}")
            await asyncio.sleep(0.1)

    # ------------------------------------------------------------------------------------------ the shift

    async def run(self) -> None:
        """Serve booths until cancelled; a session that got stuck is taken up again later (at most twice)."""
        while True:
            sid = self._next_session() if self.controller.focused is None else None
            if sid is None:
                await asyncio.sleep(0.25)
                continue
            booth = self.controller.booths[sid]
            record, attempts = self._unfinished.pop(sid, (None, 0))
            if record is None:
                record = HandledSession(sid, booth.booth_number or 0, focused_at=time.time())
            self.controller.focus_key(booth.key)  # the booth's number key
            try:
                await self.serve(sid, record, self._index(record))
            except OfficerStuck as exc:
                record.error = str(exc)
                log.warning("officer: session %s: %s", sid, exc)
                if sid in self.controller.booths:
                    self.controller.unfocus()  # Esc: back to the grid, on to the next booth
                    if attempts < MAX_RETRIES:
                        self._unfinished[sid] = (record, attempts + 1)
                        continue
            else:
                record.error = None
            record.finished_at = time.time()
            self.handled.append(record)
            if self.on_session is not None:
                self.on_session(record)

    def _next_session(self) -> str | None:
        """The booth waiting longest; else a session to take up again."""
        sid = self.controller.longest_waiting()
        if sid is not None:
            return sid
        for stuck in list(self._unfinished):
            if stuck not in self.controller.booths:
                record, _ = self._unfinished.pop(stuck)
                record.finished_at = time.time()
                self.handled.append(record)
                if self.on_session is not None:
                    self.on_session(record)
        return next(iter(self._unfinished), None)

    def _index(self, record: HandledSession) -> int:
        """The session's place in the shift (decides the recapture once in ten)."""
        if record.index is None:
            record.index = self._count
            self._count += 1
        return record.index

    async def serve(self, sid: str, record: HandledSession, index: int) -> None:
        """Verify and decide one session (taken up again: go on from where it stands)."""
        undecided = self._booth_value(sid, "decision") is None
        if undecided and await self.verify_and_decide(sid, record, index) is Decision.REJECTED:
            return
        if self._booth_value(sid, "decision") is not Decision.APPROVED:
            return
        record.decision = Decision.APPROVED.value
        ws = self.window.workspace
        if self._booth_value(sid, "signature_id") is None:
            await self.wait_for("the booth's control link", lambda: self._linked(sid), READY_WAIT_S)
            await self.say("Data dan dokumen Anda lengkap. Silakan tanda tangan di layar.")
            ws.signature_button.click()  # F8
            await self.wait_for("the signature", lambda: self._booth_value(sid, "signature_id") is not None,
                                SIGNATURE_WAIT_S)
            await self.pause(0.5)
        if self._booth_value(sid, "submission") is SubmissionState.NONE:
            ws.submit()  # Ctrl+Enter
        await self.wait_for(
            "the claim reference",
            lambda: sid not in self.controller.booths
            or self._booth_value(sid, "submission") is SubmissionState.REFUSED,
            CAPTURE_WAIT_S * 2,
        )
        entry = self.service.outbox.get(sid)
        record.reference = entry.reference if entry is not None else None
        if sid in self.controller.booths:
            raise OfficerStuck("the claims API refused the claim: " + str(self._booth_value(sid, "submission_detail")))

    async def verify_and_decide(self, sid: str, record: HandledSession, index: int) -> Decision:
        """Questions, face, documents, rules; then reject (the session ends) or approve."""
        ws = self.window.workspace
        await self.wait_for("the booth's video and control link", lambda: self._linked(sid), READY_WAIT_S)
        await self.wait_for("the session's record and claim", lambda: self._detail_ready(sid), READY_WAIT_S)
        detail = self.controller.detail(sid)
        assert detail is not None
        record.claim_type = detail.claim_type.value if detail.claim_type else None
        record.reason = detail.reason
        await self.say(f"Selamat siang, saya {self.window.officer_name}. Saya periksa data dan dokumen Anda, ya.")

        ws.tabs.setCurrentIndex(0)  # F2: registry beside the entries, questions
        await self.pause(1.5)
        for button in ws.findChildren(QPushButton, "small"):
            if button.isVisible() and button.text() == ws.tr("Benar"):
                await self.pause(1.0)  # asks, listens
                button.click()
        self.window.take_face_still()  # F11: the live face beside the e-KTP photo
        await self.pause(0.5)

        ws.tabs.setCurrentIndex(1)  # F3: checklist and gallery
        await self.pause(0.8)
        for item in checklist(detail):
            if not item.captured:
                await self.capture(sid, record, item.document, f"Mohon tunjukkan {item.name_id} ke kamera.")
        if index % 10 == RECAPTURE_AT and not record.recaptures:
            document = self._card_to_recapture(sid)
            if document is not None:
                record.recaptures += 1
                await self.capture(
                    sid, record, document,
                    "Foto e-KTP Anda kurang jelas karena pantulan cahaya. Mohon tunjukkan sekali lagi ke kamera.",
                )
        await self.tick_every_document(sid)
        await self.look_at_machine_checks(sid, record)

        ws.tabs.setCurrentIndex(2)  # F4: rules and decision
        await self.pause(1.0)
        detail = self.controller.detail(sid) or detail
        blockers = ready_to_approve(detail, self.today())
        if blockers:
            evaluation = rule_results(detail, self.today())
            words = [f.message("id") for f in evaluation.blocking()] if evaluation else []
            note = " ".join(words) or "Syarat klaim belum terpenuhi."
            await self.say("Mohon maaf, klaim ini belum dapat kami proses. " + note)
            ws.reason_box.setCurrentIndex(max(0, ws.reason_box.findData("not_eligible")))
            ws.note_edit.setText(note[:1000])
            ws.reject()  # F10
            record.decision, record.reject_reason = Decision.REJECTED.value, "not_eligible"
            await self.wait_for("the session to end", lambda: sid not in self.controller.booths, CAPTURE_WAIT_S)
            return Decision.REJECTED
        ws.approve()  # F9
        await self.wait_for(
            "the approval", lambda: self._booth_value(sid, "decision") is Decision.APPROVED, CAPTURE_WAIT_S
        )
        return Decision.APPROVED

    # ------------------------------------------------------------------------------------------ actions

    async def look_at_machine_checks(self, sid: str, record: HandledSession) -> None:
        """F12: wait a little for the face match and the e-KTP reading, read them, and make the officer's call.

        The officer agrees with a likely match and with a reading that matches; a field that differs is checked
        against the card by eye and the difference confirmed (the rules and the officer decide what follows); a
        second person in the booth is asked to wait outside and the warning confirmed."""
        assist = getattr(self.service, "assist", None)
        if assist is None:
            return
        from kiosk.domain.assist import FaceVerdict, OfficerCall
        from kiosk.protocol.rest import AssistCheck

        def settled() -> bool:
            report = assist.report(sid)
            return report is not None and report.face is not None and "ektp" in report.readings and (
                not report.face_running and not report.reading_running
            )

        checks_settled = False
        with contextlib.suppress(OfficerStuck):  # too slow: the officer compares by eye; the report says so
            await self.wait_for("the machine checks", settled, ASSIST_WAIT_S)
            checks_settled = True
        report = assist.report(sid)
        if report is None:
            return
        self.window.workspace.tabs.setCurrentIndex(3)  # F12
        await self.pause(1.0)
        if report.second_face is not None:
            await self.say("Mohon maaf, selama panggilan hanya peserta yang boleh berada di bilik. "
                           "Pendamping dipersilakan menunggu di luar.")
            assist.officer_call(sid, AssistCheck.SECOND_FACE, OfficerCall.CONFIRMED)
        if report.face is not None:
            verdict = report.face.result.verdict
            call = OfficerCall.CONFIRMED if verdict in (FaceVerdict.LIKELY_SAME, FaceVerdict.LOOK_CLOSELY) else (
                OfficerCall.OVERRULED)
            assist.officer_call(sid, AssistCheck.FACE_MATCH, call)
        if report.readings:
            assist.officer_call(sid, AssistCheck.CARD_READING, OfficerCall.CONFIRMED)
        record.assist = {
            "face": None if report.face is None else report.face.result.verdict.value,
            "face_distance": None if report.face is None or report.face.result.distance is None
            else round(report.face.result.distance, 3),
            "fields_differing": sorted(c.field.value for c in report.flagged_fields()),
            "fields_read": sum(len(c) for c in report.readings.values()),
            # Per document and field: match, mismatch or unreadable (what a missing flag came from).
            "readings": {
                document: {c.field.value: c.status.value for c in comparisons}
                for document, comparisons in report.readings.items()
            },
            "checks_settled": checks_settled,
            "second_face": report.second_face is not None,
            "calls": {check.value: call.value for check, call in report.calls.items()},
        }

    async def say(self, text: str) -> None:
        """F6, type the message for the participant's screen, Enter."""
        ws = self.window.workspace
        ws.focus_prompt()
        ws.prompt_edit.setText(text)
        ws.send_prompt()
        await self.pause(1.0)

    async def capture(self, sid: str, record: HandledSession, document: str, prompt: str) -> None:
        """Select `document` in the checklist, ask for it (F5), and wait for the still in the gallery."""
        ws = self.window.workspace
        detail = self.controller.detail(sid)
        before = detail.documents[document].document_id if detail and document in detail.documents else None
        await self.say(prompt)
        for row in range(ws.checklist.count()):
            item = ws.checklist.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == document:
                ws.checklist.setCurrentRow(row)
                break
        if ws.current_document() != document:
            raise OfficerStuck(f"{document} is not on the checklist")
        record.captures_requested.append(document)
        ws.request_capture()  # F5

        def arrived() -> bool:
            now = self.controller.detail(sid)
            return now is not None and document in now.documents and now.documents[document].document_id != before

        await self.wait_for(f"the still of {document}", arrived, CAPTURE_WAIT_S)
        await self.pause(0.8)

    async def tick_every_document(self, sid: str) -> None:
        """Look at each still and tick it (the list is rebuilt on every change: find rows anew each time)."""
        ws = self.window.workspace
        for row in range(ws.checklist.count()):
            item = ws.checklist.item(row)
            if item is None or item.checkState() == Qt.CheckState.Checked:
                continue
            ws.checklist.setCurrentRow(row)
            await self.pause(0.7)  # zooms in, compares with the original held up
            item = ws.checklist.item(row)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    # ------------------------------------------------------------------------------------------ looking

    def _linked(self, sid: str) -> bool:
        booth = self.controller.booths.get(sid)
        peer = self.service.router.peers.get(sid)
        return booth is not None and booth.connected and peer is not None and peer.control.is_open

    def _detail_ready(self, sid: str) -> bool:
        detail = self.controller.detail(sid)
        return detail is not None and detail.record is not None and detail.claim_type is not None and bool(
            detail.documents
        )

    def _booth_value(self, sid: str, name: str) -> Any:
        booth = self.controller.booths.get(sid)
        return None if booth is None else getattr(booth, name)

    def _card_to_recapture(self, sid: str) -> str | None:
        """The e-KTP, or else the first card the claim has a still of."""
        detail = self.controller.detail(sid)
        if detail is None:
            return None
        if "ektp" in detail.documents:
            return "ektp"
        documents = default_catalog().documents
        cards = [c for c in detail.documents if c in documents and documents[c].shape is DocumentShape.CARD]
        return cards[0] if cards else None
