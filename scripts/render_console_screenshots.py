"""Render the CSO console into docs/screenshots/console/: 1, 4 and 6 booths, the workspace, the login; long waits
(the wait cue amber and red), a rejection with the reason the participant reads, a ready phrase in the field.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_console_screenshots.py [--out DIR] [--lang id|en]
    (English into docs/screenshots/console/en: --lang en --out docs/screenshots/console/en; then
    scripts/shrink_screenshots.py docs/screenshots/console)

Tiles are fed synthetic frames (a drawn participant per booth, one stream left frozen on purpose) and the
workspace a made-up participant: no hub, no camera, no personal data of real people.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2
import numpy as np

from kiosk.app.console.phrases import load_phrases
from kiosk.app.console.session import (
    Decision,
    DocumentStill,
    NetworkQuality,
    RecordingState,
    SessionDetail,
    SubmissionState,
)
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.verification import questions
from kiosk.domain.claims import ClaimType, ParticipantRecord, ParticipantStatus
from kiosk.domain.identifiers import mask_name
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, AttentionReason

TODAY = date(2026, 11, 21)
SIZE = (1920, 1080)

PEOPLE = [
    ("Budi Santoso", "JHT", SessionState.VERIFYING, (5, 6), None, (110, 140, 170)),
    ("Siti Rahayu", "JHT", SessionState.WAITING_CSO, (6, 6), AttentionKind.READY, (140, 120, 100)),
    ("Agus Wibowo", "JKM", SessionState.SELF_SERVICE, (3, 8), AttentionKind.HELP, (90, 130, 110)),
    ("Dewi Lestari", "JP", SessionState.SELF_SERVICE, (1, 5), None, (150, 140, 160)),
    ("Rudi Hartono", "JHT", SessionState.SELF_SERVICE, (2, 6), AttentionKind.QUALITY, (120, 110, 90)),
    ("Yuni Astuti", "JHT", SessionState.APPROVED, (6, 6), None, (100, 150, 150)),
]


def person_frame(seed: int, background: tuple[int, int, int], width: int = 640, height: int = 360) -> np.ndarray:
    """A drawn participant in a booth (BGR)."""
    rng = np.random.default_rng(seed)
    frame = np.zeros((height, width, 3), np.uint8)
    frame[:] = background
    frame = cv2.GaussianBlur(
        (frame.astype(np.int16) + rng.integers(-6, 6, frame.shape)).clip(0, 255).astype(np.uint8), (5, 5), 0
    )
    cx = width // 2 + int(rng.integers(-60, 60))
    skin = (int(rng.integers(90, 140)), int(rng.integers(140, 180)), int(rng.integers(190, 225)))
    cv2.ellipse(frame, (cx, height + 40), (170, 130), 0, 180, 360, (60, 70, 90), -1)  # shoulders
    cv2.ellipse(frame, (cx, height // 2), (62, 80), 0, 0, 360, skin, -1)  # face
    cv2.ellipse(frame, (cx, height // 2 - 50), (66, 40), 0, 180, 360, (30, 30, 40), -1)  # hair
    for dx in (-22, 22):
        cv2.circle(frame, (cx + dx, height // 2 - 8), 6, (40, 40, 40), -1)
    cv2.ellipse(frame, (cx, height // 2 + 32), (20, 8), 0, 0, 180, (60, 60, 150), 3)
    return frame


def card_still(title: str, width: int = 856, height: int = 540, face: bool = True) -> bytes:
    """A made-up ID-card-like document still as JPEG."""
    card = np.full((height, width, 3), (235, 228, 210), np.uint8)
    cv2.rectangle(card, (0, 0), (width, 70), (150, 90, 20), -1)
    cv2.putText(card, title, (24, 48), cv2.FONT_HERSHEY_SIMPLEX, 1.3, (255, 255, 255), 3)
    for row in range(6):
        cv2.rectangle(card, (40, 120 + row * 60), (480 - row * 30, 140 + row * 60), (90, 90, 90), -1)
    if face:
        cv2.rectangle(card, (600, 110), (800, 370), (200, 200, 200), -1)
        cv2.ellipse(card, (700, 230), (60, 80), 0, 0, 360, (120, 160, 210), -1)
        cv2.ellipse(card, (700, 180), (64, 40), 0, 180, 360, (30, 30, 40), -1)
    ok, data = cv2.imencode(".jpg", card, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return bytes(data.tobytes())


def demo_detail(session_id: str) -> SessionDetail:
    """A made-up participant whose entries differ from the registry in one field."""
    record = ParticipantRecord(
        nik="3374011501850001",
        kpj="12345678901",
        name="Budi Santoso",
        birth_date=date(1985, 1, 15),
        membership_start=date(2012, 3, 1),
        status=ParticipantStatus.INACTIVE,
        balance=38_500_000,
        contribution_months=150,
        employer="PT Sinar Jaya Tekstil",
    )
    entries = {
        "name": "Budi Santoso",
        "nik": "3374011501850001",
        "kpj": "12345678901",
        "birth_date": "1985-01-15",
        "employer": "PT Sinar Jaya Textile",
        "termination_date": "2026-08-31",
    }
    documents = {
        "kpj_card": DocumentStill("kpj_card", "d-1", sharpness=212, glare_ratio=0.004, brightness=141,
                                  image=card_still("KARTU PESERTA", face=False)),
        "ektp": DocumentStill("ektp", "d-2", sharpness=188, glare_ratio=0.011, brightness=150,
                              image=card_still("PROVINSI JAWA TENGAH")),
        "family_card": DocumentStill("family_card", "d-3", sharpness=135, glare_ratio=0.018, brightness=170,
                                     image=card_still("KARTU KELUARGA", face=False)),
        "savings_book": DocumentStill("savings_book", "d-4", sharpness=160, glare_ratio=0.002, brightness=132,
                                      image=card_still("BUKU TABUNGAN", face=False)),
    }
    return SessionDetail(
        session_id=session_id,
        claim_type=ClaimType.JHT,
        reason="layoff",
        record=record,
        entries=entries,
        documents=documents,
        verified={"kpj_card", "ektp"},
        face_still=None,
    )


def heir_detail(session_id: str) -> SessionDetail:
    """A widow's JKM claim for her late husband: the registry lists her as his heir."""
    from dataclasses import asdict, replace

    from kiosk.app.console.hub_port import RegistryRecord
    from kiosk.domain.claim_request import HeirRelation
    from kiosk.protocol.rest import HeirPublic

    detail = demo_detail(session_id)
    assert detail.record is not None
    heir = HeirPublic(nik="3374015709870002", name="Siti Aminah", relation=HeirRelation.SPOUSE)
    record = RegistryRecord(**asdict(detail.record), heirs=(heir,))
    entries = {k: v for k, v in detail.entries.items() if k != "termination_date"}
    entries.update(claimant="heir", heir_nik=heir.nik, heir_relation="spouse", claim_type="JKM", reason="death")
    return replace(detail, claim_type=ClaimType.JKM, reason="death", record=record, entries=entries)


#: Made-up workers of the made-up company.
WORKERS = ("Andi Saputra", "Budi Hartono", "Citra Lestari", "Dedi Kurniawan", "Eka Pratiwi", "Fajar Nugroho",
           "Gita Permata", "Hadi Susanto", "Indah Wulandari", "Joko Prasetyo", "Kartika Sari", "Lukman Hakim",
           "Maya Anggraini", "Nanda Putra", "Oki Setiawan")


class ScreenshotBatch:
    """A `CollectivePort` with one made-up company's batch: rows in every status (no hub, no real workers)."""

    def __init__(self, lang: str) -> None:
        from kiosk.protocol.rest import BatchCounts, BatchPublic, EmployerPublic, RowIssuePublic, RowPublic

        employer = EmployerPublic(id=1, npp="NPP20260001", name="PT Contoh Tekstil", branch_code="KDR")
        statuses = ["submitted"] * 3 + ["approved"] * 2 + ["confirmed"] * 5 + ["video_requested",
                    "waiting_confirmation", "waiting_confirmation", "rejected", "refused"]
        self.made = []
        for i, status in enumerate(statuses):
            issues = []
            if status == "refused":
                issues = [RowIssuePublic(code="invalid_phone", column="phone", blocking=True,
                                         message_id="Nomor HP bukan nomor seluler (0812..., +62812...)",
                                         message_en="The phone is not a mobile number (0812..., +62812...)")]
            confirmation = {"submitted": "confirmed", "approved": "confirmed", "confirmed": "confirmed",
                            "video_requested": "video_requested", "rejected": "sent"}.get(status, "sent")
            self.made.append(RowPublic(
                id=100 + i, line=i + 2, status=status, cells={}, issues=issues,  # type: ignore[arg-type]
                name=WORKERS[i],
                claim_type="JHT", reason="layoff", last_working_day=date(2026, 9, 30),
                account_masked="******0012", documents=["ektp", "family_card", "kpj_card", "savings_book",
                                                        "selfie_ektp"][: 5 if status != "refused" else 3],
                confirmation=confirmation,  # type: ignore[arg-type]
                decision={"submitted": "approved", "approved": "approved", "rejected": "rejected"}.get(status),  # type: ignore[arg-type]
                decision_reason=("Pekerja tidak mengonfirmasi sampai batas waktu" if lang == "id"
                                 else "The worker did not confirm in time") if status == "rejected" else None,
                claim_reference=f"JHT-KDR-20261121-{i + 1:04d}" if status == "submitted" else None,
                video_booking_code="KDR-7F3K9Q" if status == "video_requested" else None,
                video_visit="booked" if status == "video_requested" else None,
            ))
        counts = {s: statuses.count(s) for s in set(statuses)}
        self.batch = BatchPublic(
            id="cb-demo", employer=employer, created_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC), uploads=2,
            last_upload_at=datetime(2026, 11, 20, 9, 40, tzinfo=UTC), letters=["power_of_attorney", "layoff_letter"],
            counts=BatchCounts(rows=len(statuses), refused=counts.get("refused", 0), to_invite=0,
                               waiting_confirmation=counts.get("waiting_confirmation", 0),
                               video_requested=counts.get("video_requested", 0), confirmed=counts.get("confirmed", 0),
                               approved=counts.get("approved", 0), rejected=counts.get("rejected", 0),
                               submitted=counts.get("submitted", 0)),
        )

    async def batches(self) -> list[Any]:
        return [self.batch]

    async def rows(self, batch_id: str, offset: int, limit: int) -> tuple[int, list[Any]]:
        return len(self.made), self.made[offset:offset + limit]

    async def decide(self, row_id: int, decision: Any) -> Any:
        from kiosk.client.errors import HubError

        raise HubError(409, "not_confirmed", "the worker has not confirmed this claim")

    async def approve_clean(self, batch_id: str) -> int:
        return 0

    async def invite_video(self, row_id: int) -> Any:
        return next(r for r in self.made if r.id == row_id)

    async def document(self, row_id: int, kind: str) -> bytes:
        return card_still("KARTU TANDA PENDUDUK")

    async def letter(self, batch_id: str, kind: str) -> bytes:
        return card_still("SURAT KUASA", face=False)


def render_collective(out: Path, lang: str, texts: Any, name: str) -> None:
    """The collective queue window on a made-up batch; `collective_problem`: an approval the hub refused."""
    import asyncio
    import tempfile

    from kiosk.app.console.collective import CollectiveDesk
    from kiosk.client.outbox import Outbox, Retry
    from kiosk.ui.console.collective import CollectivePanel

    with tempfile.TemporaryDirectory() as folder:
        outbox = Outbox(Path(folder) / "collective-outbox.sqlite3", lambda key, payload: Retry("screenshot"))
        desk = CollectiveDesk(ScreenshotBatch(lang), outbox)
        panel = CollectivePanel(desk, asyncio.run, language=lang)
        panel.resize(1600, 900)
        panel.open()
        asyncio.run(desk.open_batch("cb-demo"))
        desk.submit_approved([103])  # one approved row on its way
        panel.show_desk()
        if name == "collective_problem":
            panel.select_row(111)  # a worker who has not confirmed
            asyncio.run(desk.approve(111))
        else:
            panel.select_row(110)  # a worker who asked for video; their e-KTP opened
            asyncio.run(desk.open_document(110, "ektp"))
        panel.show_desk()
        save_shot(panel, out / f"{name}.png", texts, name)
        outbox.close()


def save_shot(widget: Any, path: Path, texts: Any, name: str) -> None:
    """Save a shown widget as PNG with its visible texts, then close and delete it."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    widget.grab().save(str(path))
    texts.record(name, widget)
    print(path)
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots/console"))
    parser.add_argument("--lang", choices=["id", "en"], default="id")
    parser.add_argument("--texts", type=Path, help="also write every screen's visible texts to this JSON file")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from kiosk.ui.app import AppSpec, create_context
    from kiosk.ui.console.sound import AttentionSound
    from kiosk.ui.console.window import ConsoleWindow
    from tests.support.visible_texts import TextLog

    texts = TextLog(args.texts)

    ctx = create_context(AppSpec(name="console", theme="console", catalogs=("console",), language=args.lang))
    app = ctx.app
    clock = {"now": 10_000.0}
    frames: dict[str, np.ndarray] = {}

    phrases = load_phrases()
    tabs = {"focus_heir": 0, "focus_data": 0, "focus_documents": 1, "focus_decision": 2, "focus_reject": 2,
            "focus_phrases": 1}

    def render(count: int, name: str, *, focus: bool = False, login: bool = False, waits: bool = False) -> None:
        controller = ConsoleState(cap=max(count, 4), max_cap=6, clock=lambda: clock["now"])
        window = ConsoleWindow(
            controller,
            hub_url="https://hub.kdr.example:8600",
            frame_sources=lambda sid: (lambda: frames.get(sid)),
            sound=AttentionSound(enabled=False),
            language=args.lang,
            today=lambda: TODAY,
        )
        window.workspace.set_phrases(phrases)
        window.resize(*SIZE)
        for i, (person, claim, state, (done, total), attention, bg) in enumerate(PEOPLE[:count]):
            sid = f"s-{i + 1}"
            frames[sid] = person_frame(i, bg)
            clock["now"] = 10_000.0 - (count - i) * 97
            controller.assign(sid, booth_number=[3, 7, 1, 9, 4, 10][i], masked_name=mask_name(person),
                              claim_type=claim, state=state)
            controller.update(sid, documents_done=done, documents_total=total)
            controller.set_connected(sid, True)
            controller.set_network(sid, [NetworkQuality.GOOD, NetworkQuality.GOOD, NetworkQuality.FAIR,
                                         NetworkQuality.GOOD, NetworkQuality.POOR, NetworkQuality.GOOD][i])
            controller.set_recording(sid, RecordingState.RECORDING)
            if attention is not None:
                # With `waits`: one booth past the red threshold, one past the amber one (the wait cue).
                clock["now"] = 10_000.0 - ([0, 342, 151, 0, 20, 0] if waits else [0, 154, 61, 0, 20, 0])[i]
                help_call = attention is AttentionKind.HELP  # a participant without a letter: the tile names it
                controller.attention(sid, attention, reason=AttentionReason.MISSING_DOCUMENT if help_call else None,
                                     document="heir_certificate" if help_call else None)
        if count >= 6:
            controller.decide("s-6", Decision.APPROVED, "verified")
            controller.set_submission("s-6", SubmissionState.PENDING, "")
        clock["now"] = 10_000.0
        controller.shift.started_at = clock["now"] - 5 * 3600 - 600
        controller.shift.last_break_end = clock["now"] - 2 * 3600 - 840
        controller.shift.sessions_handled, controller.shift.claims_submitted = 27, 22
        controller.shift.total_handle_s = 27 * 492
        controller.set_queue(3)
        controller.set_outbox_pending(1 if count >= 6 else 0)
        if login:
            window.show()
        else:
            window.show_console("Rina Marlina (CSO)")
            window.show()
        if focus:
            detail = heir_detail("s-1") if name == "focus_heir" else demo_detail("s-1")
            controller.set_detail(detail, questions(detail.record, "s-1", b"screenshot"))  # type: ignore[arg-type]
            controller.focus("s-1")
            window.workspace.tabs.setCurrentIndex(tabs[name])
            ws = window.workspace
            if name == "focus_reject":
                ws.reason_box.setCurrentIndex(ws.reason_box.findData("document_missing"))
                ws.note_edit.setText(
                    "Paklaring tertinggal di rumah" if args.lang == "id" else "Termination letter left at home"
                )
            if name == "focus_phrases":
                ws.phrase_box.setCurrentIndex(2)
                ws.use_phrase()
        for _ in range(20):  # let the views pull their frames and lay out
            app.processEvents()
            for tile in window.grid.tiles.values():
                tile.video._tick()
            for tile in window.strip.tiles.values():
                tile.video._tick()
            window.focus_video._tick()
        if count >= 4 and not focus:
            # One stream stopped on purpose: it must read as frozen, not as a still picture.
            tile = window.grid.tile("s-4")
            if tile is not None:
                tile.video.set_frozen_after(0.0)
                tile.video._last_frame_at = tile.video._clock() - 10.0  # ten seconds without a frame
                tile.video._tick()
        if focus and name in ("focus_documents", "focus_phrases"):
            window.take_face_still()
        for grid in (window.grid, window.strip):
            grid.refresh_times()  # the wait cue's colours and badges
        save_shot(window, args.out / f"{name}.png", texts, name)

    render(0, "login", login=True)
    render(1, "grid_1")
    render(4, "grid_4")
    render(6, "grid_6")
    render(4, "focus_data", focus=True)
    render(4, "focus_heir", focus=True)
    render(4, "focus_documents", focus=True)
    render(4, "focus_decision", focus=True)
    render(4, "focus_reject", focus=True)
    render(4, "focus_phrases", focus=True)
    render(6, "grid_waits", waits=True)
    render_collective(args.out, args.lang, texts, "collective")
    render_collective(args.out, args.lang, texts, "collective_problem")
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
