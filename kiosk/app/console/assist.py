"""Assisted verification on the console: machine checks that point the officer at what needs a look.

When a session's detail gains an e-KTP still and a still of the live face, the face on the card is compared with
the live one; when it gains a still of an e-KTP, a savings book or a KPJ card, the document is read and its fields
are compared with what the participant typed and what the registry holds. A second face in the booth is reported
by the booth itself (it sees its camera at full resolution). Every result is a hint in words; nothing is decided
here. The officer confirms or overrules each result, and the machine's result and the officer's call go to the
hub's audit log (verdicts, scores and field names only: never an image, an embedding or a value read).

The checks run in a worker process (`kiosk.vision.worker.VisionWorker`, behind `AssistEngine`). Results live
here only while the session is assigned: they go with the session's detail.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.app.console.hub_port import ConsoleHubPort
from kiosk.app.console.session import SessionDetail
from kiosk.app.console.state import Change, ConsoleState, Event
from kiosk.client.errors import HubError
from kiosk.domain.assist import (
    CardField,
    FaceVerdict,
    FieldComparison,
    FieldStatus,
    OfficerCall,
    compare_field,
    mismatches,
)
from kiosk.protocol import ControlMessage, ControlType
from kiosk.protocol.control import SecondFacePayload
from kiosk.protocol.rest import AssistCheck, AssistEventCreate
from kiosk.vision.worker import DocumentKind, FaceResult

log = logging.getLogger(__name__)

#: Which reader each catalog document needs.
READERS: dict[str, DocumentKind] = {
    "ektp": DocumentKind.EKTP,
    "heir_ektp": DocumentKind.EKTP,
    "savings_book": DocumentKind.SAVINGS_BOOK,
    "heir_savings_book": DocumentKind.SAVINGS_BOOK,
    "kpj_card": DocumentKind.KPJ_CARD,
}


class AssistEngine(Protocol):
    """What the console needs from the checks (the worker process, or a fake in tests)."""

    async def compare_faces(self, card: bytes, live: bytes) -> FaceResult:
        """Compare the card's portrait with a live still (JPEG bytes)."""
        ...

    async def read_document(self, kind: DocumentKind, still: bytes) -> dict[CardField, str | None]:
        """Read one document still (JPEG bytes)."""
        ...


@dataclass(frozen=True)
class FaceCheck:
    """A face comparison for the officer: the machine's result and which two stills it used."""

    result: FaceResult
    card_document: str
    sources: tuple[str, str]


@dataclass(frozen=True)
class SecondFace:
    """A second face seen in the booth: how many faces, and the booth's clock time of the snapshot (HH:MM:SS)."""

    faces: int
    at: str


@dataclass
class AssistReport:
    """Everything the machine checks found for one session, and the officer's calls on it."""

    face: FaceCheck | None = None
    face_running: bool = False
    readings: dict[str, tuple[FieldComparison, ...]] = field(default_factory=dict)
    reading_running: set[str] = field(default_factory=set)
    second_face: SecondFace | None = None
    calls: dict[AssistCheck, OfficerCall] = field(default_factory=dict)

    def flagged_fields(self) -> list[FieldComparison]:
        """Read fields that differ from what was typed or registered, over all documents."""
        return [c for comparisons in self.readings.values() for c in mismatches(list(comparisons))]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _is_heir(detail: SessionDetail) -> bool:
    return detail.entries.get("heir_relation") is not None


def expected_fields(document: str, detail: SessionDetail) -> dict[CardField, str]:
    """What a document's fields should say: the typed entries, and for the participant's own e-KTP the registry.

    For an heir's claim the `ektp` is the deceased participant's (the registry's record); the heir's own card
    (`heir_ektp`) is compared with what the heir typed, where the booth asked for it.
    """
    entries, record = detail.entries, detail.record
    expected: dict[CardField, str] = {}
    if document == "ektp":
        nik = record.nik if (record is not None and _is_heir(detail)) else entries.get("nik")
        if nik:
            expected[CardField.NIK] = str(nik)
        if record is not None:
            expected[CardField.NAME] = record.name
            expected[CardField.BIRTH_DATE] = record.birth_date.strftime("%d-%m-%Y")
    elif document == "heir_ektp":
        if entries.get("heir_nik"):
            expected[CardField.NIK] = str(entries["heir_nik"])
    elif document in ("savings_book", "heir_savings_book"):
        if entries.get("account_number"):
            expected[CardField.ACCOUNT_NUMBER] = str(entries["account_number"])
    elif document == "kpj_card":
        kpj = entries.get("kpj") or (record.kpj if record is not None else None)
        if kpj:
            expected[CardField.KPJ] = str(kpj)
    return expected


class ConsoleAssist:
    """Runs the checks as stills arrive, keeps their results per session, and audits them and the officer's calls."""

    def __init__(
        self,
        state: ConsoleState,
        hub: ConsoleHubPort,
        engine: AssistEngine,
        spawn: Callable[[Coroutine[Any, Any, Any]], None],
    ) -> None:
        self.state = state
        self.hub = hub
        self.engine = engine
        self._spawn = spawn
        self.reports: dict[str, AssistReport] = {}
        self._done: dict[str, set[str]] = {}  # per session: digests of the checks already run
        self._listeners: list[Callable[[str], None]] = []
        state.subscribe(self._on_state)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Call `listener(session_id)` whenever a session's report changes."""
        self._listeners.append(listener)

    def report(self, session_id: str) -> AssistReport | None:
        """The session's report (None when nothing ran yet or the session has left)."""
        return self.reports.get(session_id)

    def _changed(self, session_id: str) -> None:
        for listener in list(self._listeners):
            listener(session_id)

    def _on_state(self, event: Event) -> None:
        if event.change is Change.BOOTHS:
            for gone in set(self.reports) - set(self.state.booths):
                # Nothing a check found outlives the session's assignment on this console.
                self.reports.pop(gone, None)
                self._done.pop(gone, None)
        elif event.change is Change.DETAIL and event.session_id is not None:
            self.check(event.session_id)

    def check(self, session_id: str) -> None:
        """Start every check the session's current stills allow that has not run on these stills yet."""
        detail = self.state.detail(session_id)
        if detail is None:
            return
        done = self._done.setdefault(session_id, set())
        report = self.reports.setdefault(session_id, AssistReport())
        for document, kind in READERS.items():
            still = detail.documents.get(document)
            if still is None or still.image is None:
                continue
            key = f"read:{document}:{_digest(still.image)}"
            if key not in done:
                done.add(key)
                report.reading_running.add(document)
                self._spawn(self._read(session_id, document, kind, still.image))
        card_document = "heir_ektp" if _is_heir(detail) and "heir_ektp" in detail.documents else "ektp"
        card = detail.documents.get(card_document)
        live = detail.face_still or _image(detail, "selfie_ektp")
        if card is not None and card.image is not None and live is not None:
            sources = (_digest(card.image), _digest(live))
            key = f"face:{sources[0]}:{sources[1]}"
            if key not in done:
                done.add(key)
                report.face_running = True
                self._spawn(self._compare(session_id, card_document, card.image, live, sources))
        self._changed(session_id)

    async def _read(self, session_id: str, document: str, kind: DocumentKind, image: bytes) -> None:
        try:
            fields = await self.engine.read_document(kind, image)
        except Exception as exc:  # a check that fails leaves the officer's own look, nothing worse
            log.warning("session %s: reading %s failed (%s)", session_id, document, type(exc).__name__)
            fields = None
        report = self.reports.get(session_id)
        detail = self.state.detail(session_id)
        if report is None or detail is None:
            return
        report.reading_running.discard(document)
        if fields is not None:
            expected = expected_fields(document, detail)
            comparisons = tuple(compare_field(f, value, fields.get(f)) for f, value in expected.items())
            report.readings[document] = comparisons
            differing = [c.field for c in comparisons if c.status is FieldStatus.MISMATCH]
            verdict = (
                "mismatch"
                if differing
                else (
                    "match" if comparisons and all(c.status is FieldStatus.MATCH for c in comparisons) else "unreadable"
                )
            )
            self._audit(
                session_id, AssistEventCreate(check=AssistCheck.CARD_READING, verdict=verdict, fields=differing)
            )
        self._changed(session_id)

    async def _compare(
        self, session_id: str, card_document: str, card: bytes, live: bytes, sources: tuple[str, str]
    ) -> None:
        try:
            result = await self.engine.compare_faces(card, live)
        except Exception as exc:  # as above: the officer still compares by eye
            log.warning("session %s: face comparison failed (%s)", session_id, type(exc).__name__)
            result = None
        report = self.reports.get(session_id)
        if report is None:
            return
        report.face_running = False
        if result is not None:
            report.face = FaceCheck(result, card_document, sources)
            report.calls.pop(AssistCheck.FACE_MATCH, None)  # a new comparison needs a new call
            self._audit(
                session_id,
                AssistEventCreate(check=AssistCheck.FACE_MATCH, verdict=result.verdict.value, score=_score(result)),
            )
        self._changed(session_id)

    def second_face(self, session_id: str, faces: int, at: str) -> None:
        """The booth saw more than one face: warn the officer (tile and focused view) and audit it."""
        report = self.reports.setdefault(session_id, AssistReport())
        report.second_face = SecondFace(faces, at)
        report.calls.pop(AssistCheck.SECOND_FACE, None)
        self._audit(session_id, AssistEventCreate(check=AssistCheck.SECOND_FACE, verdict=f"faces_{min(faces, 9)}"))
        self._changed(session_id)

    async def booth_request(self, session_id: str, message: ControlMessage) -> None:
        """A booth's own control request: `second_face` (anything else is not the checks' business)."""
        if message.type is not ControlType.SECOND_FACE:
            raise LookupError(f"{message.type.value} is not a machine-check message")
        payload = message.payload_as(SecondFacePayload)
        self.second_face(session_id, payload.faces, payload.at)

    def officer_call(self, session_id: str, check: AssistCheck, call: OfficerCall) -> None:
        """The officer confirmed or overruled a machine result: that call is what counts, and it is audited."""
        report = self.reports.get(session_id)
        if report is None:
            return
        report.calls[check] = call
        verdict, score, fields = "none", None, []
        if check is AssistCheck.FACE_MATCH and report.face is not None:
            verdict, score = report.face.result.verdict.value, _score(report.face.result)
        elif check is AssistCheck.CARD_READING:
            fields = [c.field for c in report.flagged_fields()]
            verdict = "mismatch" if fields else "match"
        elif check is AssistCheck.SECOND_FACE and report.second_face is not None:
            verdict = f"faces_{min(report.second_face.faces, 9)}"
        self._audit(
            session_id,
            AssistEventCreate(check=check, verdict=verdict, score=score, fields=fields, officer_call=call.value),
        )
        self._changed(session_id)

    def _audit(self, session_id: str, event: AssistEventCreate) -> None:
        self._spawn(self._send(session_id, event))

    async def _send(self, session_id: str, event: AssistEventCreate) -> None:
        try:
            await self.hub.record_assist(session_id, event)
        except HubError as exc:
            log.warning("session %s: %s not audited (%s)", session_id, event.check.value, exc.code or exc.kind.value)


def _image(detail: SessionDetail, document: str) -> bytes | None:
    still = detail.documents.get(document)
    return None if still is None else still.image


def _score(result: FaceResult) -> float | None:
    return None if result.distance is None else round(result.distance, 3)


def needs_look(report: AssistReport) -> bool:
    """Whether anything in the report asks the officer for a closer look (for the tile's badge)."""
    face = report.face.result.verdict if report.face is not None else None
    return bool(
        report.flagged_fields()
        or (report.second_face is not None and AssistCheck.SECOND_FACE not in report.calls)
        or face in (FaceVerdict.LOOK_CLOSELY, FaceVerdict.LIKELY_DIFFERENT, FaceVerdict.NO_CARD_FACE)
    )
