"""Machine checks on the console: they run as stills arrive, once per still, are audited, and the officer's call
counts; nothing outlives the session's assignment."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import cv2
import pytest

from kiosk.app.console.assist import ConsoleAssist, needs_look
from kiosk.app.console.session import DocumentStill, SessionDetail
from kiosk.app.console.state import ConsoleState
from kiosk.domain.assist import CardField, FaceVerdict, FieldStatus, OfficerCall
from kiosk.protocol.rest import AssistCheck
from kiosk.video.specimens import CardHolder, face_photo, render_ektp, render_savings_book, tilted
from kiosk.vision.worker import DocumentKind, FaceResult, VisionWorker
from tests.app.console.fakes import RECORD, FakeHub

pytestmark = pytest.mark.asyncio


class FakeEngine:
    """Programmed results; counts what it was asked."""

    def __init__(self, verdict: FaceVerdict = FaceVerdict.LIKELY_SAME, nik: str | None = RECORD.nik) -> None:
        self.verdict = verdict
        self.nik = nik
        self.faces = 0
        self.reads: list[DocumentKind] = []

    async def compare_faces(self, card: bytes, live: bytes) -> FaceResult:
        self.faces += 1
        return FaceResult(0.41 if self.verdict is FaceVerdict.LIKELY_SAME else 0.83, self.verdict, b"c", b"l")

    async def read_document(self, kind: DocumentKind, still: bytes) -> dict[CardField, str | None]:
        self.reads.append(kind)
        if kind is DocumentKind.EKTP:
            return {CardField.NIK: self.nik, CardField.NAME: RECORD.name.upper(), CardField.BIRTH_DATE: "15-01-1985"}
        return {CardField.ACCOUNT_NUMBER: "0011223344"}


class Runner:
    """Spawns onto the running loop and lets a test wait until everything spawned has finished."""

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[Any]] = []

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        self.tasks.append(asyncio.get_running_loop().create_task(coro))

    async def settle(self) -> None:
        while any(not t.done() for t in self.tasks):
            await asyncio.gather(*self.tasks)


def _session(state: ConsoleState, documents: dict[str, bytes], face: bytes | None = None) -> None:
    state.assign("s-1", booth_number=2)
    detail = SessionDetail(
        "s-1",
        record=RECORD,
        entries={"nik": RECORD.nik, "account_number": "0011223344"},
        documents={code: DocumentStill(code, f"d-{code}", image=data) for code, data in documents.items()},
        face_still=face,
    )
    state.set_detail(detail)


@pytest.fixture
def setup() -> tuple[ConsoleState, FakeHub, FakeEngine, Runner, ConsoleAssist]:
    state, hub, engine, runner = ConsoleState(), FakeHub(), FakeEngine(), Runner()
    assist = ConsoleAssist(state, hub, engine, runner.spawn)  # type: ignore[arg-type]
    return state, hub, engine, runner, assist


async def test_checks_run_when_the_stills_arrive_and_are_audited(setup: Any) -> None:
    state, hub, _engine, runner, assist = setup
    _session(state, {"ektp": b"card", "savings_book": b"book"}, face=b"face")
    await runner.settle()
    report = assist.report("s-1")
    assert report is not None and report.face is not None
    assert report.face.result.verdict is FaceVerdict.LIKELY_SAME
    assert {c.field: c.status for c in report.readings["ektp"]} == {
        CardField.NIK: FieldStatus.MATCH,
        CardField.NAME: FieldStatus.MATCH,
        CardField.BIRTH_DATE: FieldStatus.MATCH,
    }
    assert [c.status for c in report.readings["savings_book"]] == [FieldStatus.MATCH]
    audited = sorted((e.check.value, e.verdict, e.officer_call) for _, e in hub.assists)
    assert audited == [
        ("card_reading", "match", None),
        ("card_reading", "match", None),
        ("face_match", "likely_same", None),
    ]
    assert not needs_look(report)


async def test_a_typed_nik_that_differs_from_the_card_is_flagged_not_decided(setup: Any) -> None:
    state, hub, engine, runner, assist = setup
    engine.nik = "3571011501850007"
    _session(state, {"ektp": b"card"})
    await runner.settle()
    report = assist.report("s-1")
    assert [c.field for c in report.flagged_fields()] == [CardField.NIK]
    assert needs_look(report)
    assert [(e.verdict, e.fields) for _, e in hub.assists] == [("mismatch", [CardField.NIK])]
    assert state.booths["s-1"].detail.verified == set()  # nothing ticked or rejected by the machine


async def test_the_same_still_is_checked_once_and_a_new_one_again(setup: Any) -> None:
    state, _hub, engine, runner, _assist = setup
    _session(state, {"ektp": b"card"}, face=b"face")
    await runner.settle()
    state.set_face_still("s-1", b"face")  # the same bytes again: no new comparison
    await runner.settle()
    assert engine.faces == 1 and engine.reads == [DocumentKind.EKTP]
    state.add_still("s-1", DocumentStill("ektp", "d-2", image=b"card, recaptured"))
    await runner.settle()
    assert engine.faces == 2 and engine.reads == [DocumentKind.EKTP, DocumentKind.EKTP]


async def test_the_officers_call_counts_and_is_audited(setup: Any) -> None:
    state, hub, engine, runner, assist = setup
    engine.verdict = FaceVerdict.LIKELY_DIFFERENT
    _session(state, {"ektp": b"card"}, face=b"face")
    await runner.settle()
    assist.officer_call("s-1", AssistCheck.FACE_MATCH, OfficerCall.OVERRULED)
    await runner.settle()
    assert assist.report("s-1").calls == {AssistCheck.FACE_MATCH: OfficerCall.OVERRULED}
    last = hub.assists[-1][1]
    assert (last.check, last.verdict, last.score, last.officer_call) == (
        AssistCheck.FACE_MATCH,
        "likely_different",
        0.83,
        "overruled",
    )


async def test_a_second_face_warns_until_the_officer_has_looked(setup: Any) -> None:
    state, hub, _engine, runner, assist = setup
    _session(state, {})
    assist.second_face("s-1", 2, "10:32:05")
    await runner.settle()
    report = assist.report("s-1")
    assert report.second_face is not None and report.second_face.at == "10:32:05" and needs_look(report)
    assist.officer_call("s-1", AssistCheck.SECOND_FACE, OfficerCall.CONFIRMED)
    await runner.settle()
    assert not needs_look(report)
    assert [(e.check.value, e.verdict, e.officer_call) for _, e in hub.assists] == [
        ("second_face", "faces_2", None),
        ("second_face", "faces_2", "confirmed"),
    ]


async def test_nothing_is_kept_after_the_session_leaves(setup: Any) -> None:
    state, _hub, _engine, runner, assist = setup
    _session(state, {"ektp": b"card"}, face=b"face")
    await runner.settle()
    state.unassign("s-1")
    assert assist.report("s-1") is None


def _jpeg(image: Any) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return data.tobytes()


@pytest.mark.timeout(180)
async def test_the_real_checks_in_their_worker_process() -> None:
    holder = CardHolder(RECORD.nik, RECORD.name.upper(), "KEDIRI", "15-01-1985", portrait="obama")
    state, hub, runner = ConsoleState(), FakeHub(), Runner()
    worker = VisionWorker()
    try:
        assist = ConsoleAssist(state, hub, worker, runner.spawn)  # type: ignore[arg-type]
        state.assign("s-1", booth_number=2)
        state.set_detail(
            SessionDetail(
                "s-1",
                record=RECORD,
                entries={"nik": "3571011501850010", "account_number": "0011223344"},  # NIK mistyped at the booth
                documents={
                    "ektp": DocumentStill("ektp", "d-1", image=_jpeg(tilted(render_ektp(holder), 6))),
                    "savings_book": DocumentStill(
                        "savings_book", "d-2", image=_jpeg(render_savings_book("0011223344", "BUDI SANTOSO"))
                    ),
                },
                face_still=_jpeg(face_photo("obama2")),
            )
        )
        await runner.settle()
    finally:
        worker.close()
    report = assist.report("s-1")
    assert report is not None and report.face is not None
    assert report.face.result.verdict is FaceVerdict.LIKELY_SAME
    assert report.face.result.card_chip and report.face.result.live_chip
    assert [c.field for c in report.flagged_fields()] == [CardField.NIK]
    assert [c.status for c in report.readings["savings_book"]] == [FieldStatus.MATCH]


@pytest.mark.timeout(180)
async def test_the_worker_leaves_no_file_of_a_document_behind(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract reads through temporary files (an image of the document): none may outlive the worker."""
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    worker = VisionWorker()
    try:
        fields = await worker.read_document(DocumentKind.KPJ_CARD, _jpeg(render_savings_book("0011223344", "X")))
        assert fields is not None
        assert list(tmp_path.iterdir()) != []  # the worker's own folder while it runs
    finally:
        worker.close()
    assert list(tmp_path.iterdir()) == []
