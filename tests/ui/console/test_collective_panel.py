"""The console's collective queue window against a real hub: an officer picks a company's batch, filters the
rows, is told plainly why a row cannot be approved, rejects one with a reason, approves every clean row at once
and submits them; the table shows each claim's reference."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from kiosk.app.console.collective import COLLECTIVE_OUTBOX_FILE_NAME, CollectiveDesk
from kiosk.app.console.collective_hub import CollectiveHubAdapter
from kiosk.client.claims_api import CollectiveRowClaims
from kiosk.client.outbox import Outbox
from kiosk.demo.company import Filing, eligible_roster, register_workers
from kiosk.ui.console.collective import COLUMNS, FILTERS, PREVIEW_WIDTH, REDRAW_MS, CollectivePanel
from tests.support.collective import collective_hub, officer_desk, signed_in_company
from tests.support.hub import RunningHub, running_hub


@pytest.fixture(scope="module")
def hub() -> Iterator[RunningHub]:
    with collective_hub() as running:
        yield running


@pytest.fixture(scope="module")
def filing(hub: RunningHub) -> Filing:
    firm = signed_in_company(hub)
    rows, registry = eligible_roster(8, datetime.now(ZoneInfo("Asia/Jakarta")).date(), start=3300)
    register_workers(hub.database_url, registry)
    filed = firm.file(rows)
    firm.workers_answer(rows, silent_every=4, wait_s=10)  # two of eight never answer
    return filed


@pytest.fixture
def panel(qtbot: Any, qt_loop: asyncio.AbstractEventLoop, hub: RunningHub, tmp_path: Path) -> Iterator[CollectivePanel]:
    desk = officer_desk(hub, tmp_path, hub.cso_token())
    shown = CollectivePanel(desk, lambda coro: qt_loop.create_task(coro))
    qtbot.addWidget(shown)
    shown.resize(1400, 800)
    yield shown
    stopping = qt_loop.create_task(desk.stop())
    qtbot.waitUntil(stopping.done, timeout=10_000)


def _cell(panel: CollectivePanel, row: int, column: str) -> str:
    return str(panel.model.data(panel.model.index(row, COLUMNS.index(column))))


def test_an_officer_works_a_batch_in_the_collective_window(qtbot: Any, panel: CollectivePanel,
                                                          filing: Filing, hub: RunningHub) -> None:
    desk = panel.desk
    panel.open()
    qtbot.waitUntil(lambda: panel.batch_list.count() >= 1, timeout=10_000)
    assert "PT Contoh Tekstil" in panel.batch_list.item(0).text()
    panel.batch_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 8, timeout=10_000)
    assert "8 baris" in panel.summary.text()
    assert panel.approve_clean_button.text() == "Setujui semua yang bersih (6)"

    # The officer looks at a worker's e-KTP as the employer filed it; the hub notes who saw it.
    first = panel.model.views[0].row
    assert panel.select_row(first.id)
    names = [b.toolTip() for b in panel.document_buttons]
    assert names[:2] == ["e-KTP", "Kartu Keluarga"] and names[-2:] == ["Surat kuasa", "Surat PHK perusahaan"]
    assert not panel.preview.isVisible()
    qtbot.mouseClick(panel.document_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preview.isVisible() and not panel.preview.pixmap().isNull(), timeout=10_000)
    assert panel.preview.pixmap().width() == PREVIEW_WIDTH - 8
    seen = hub.client(hub.admin_token()).audit_events(subject_id=str(first.id), limit=50)
    assert [e.action for e in seen if e.action == "collective.document_viewed"] == ["collective.document_viewed"]
    panel.hide()  # a closed window keeps no worker's document
    assert desk.preview is None and panel.preview.pixmap().isNull()
    busy_seen: list[bool] = []
    desk.subscribe(lambda: busy_seen.append(desk.busy))
    panel.open()  # reloads the lists: wait until that reload is over
    qtbot.waitUntil(lambda: True in busy_seen and not desk.busy, timeout=10_000)
    qtbot.wait(REDRAW_MS * 3)  # and the window redrawn after it

    panel.filter.setCurrentIndex(FILTERS.index("waiting_confirmation"))
    assert panel.model.rowCount() == 2
    assert _cell(panel, 0, "status") == "Menunggu konfirmasi pekerja"

    # Approving a worker who has not confirmed: the window says why, the row stays as it was.
    assert panel.select_row(panel.model.views[0].row.id)
    assert not panel.approve_button.isEnabled(), "approve is offered only for confirmed rows"
    silent_id = panel.model.views[0].row.id
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.problem.isVisible(), timeout=10_000)
    assert panel.problem.text() == "Tulis alasan penolakan: pemberi kerja membacanya."
    panel.reason.setText("Pekerja tidak mengonfirmasi sampai batas waktu")
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.row(silent_id) is not None and desk.row(silent_id).status == "rejected",  # type: ignore[union-attr]
                    timeout=10_000)
    qtbot.waitUntil(lambda: panel.reason.text() == "" and not panel.problem.isVisible(), timeout=5_000)
    assert panel.model.rowCount() == 1  # the filter still shows only rows waiting for confirmation

    panel.filter.setCurrentIndex(FILTERS.index(None))
    qtbot.mouseClick(panel.approve_clean_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.submit_button.text().startswith("Kirim klaim yang disetujui (6)"), timeout=10_000)
    assert not panel.approve_clean_button.isEnabled()
    qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    desk.start()
    qtbot.waitUntil(lambda: desk.counts().get("submitted") == 6, timeout=20_000)
    qtbot.waitUntil(lambda: desk.sending_count() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: sum(v.status == "submitted" for v in panel.model.views) == 6, timeout=5_000)
    submitted = [i for i, v in enumerate(panel.model.views) if v.status == "submitted"]
    assert len(submitted) == 6
    assert all(_cell(panel, i, "status") == "Klaim terkirim" for i in submitted)
    assert all(_cell(panel, i, "reference").startswith("JHT-KDR-") for i in submitted)
    assert not panel.submit_button.isEnabled()


def test_the_window_says_when_no_employer_has_filed(qtbot: Any, qt_loop: asyncio.AbstractEventLoop,
                                                    tmp_path: Path) -> None:
    with running_hub() as empty:
        token = empty.cso_token()
        desk = CollectiveDesk(CollectiveHubAdapter(empty.client(token)),
                              Outbox(tmp_path / COLLECTIVE_OUTBOX_FILE_NAME,
                                     CollectiveRowClaims(empty.base_url, lambda: token)))
        shown = CollectivePanel(desk, lambda coro: qt_loop.create_task(coro))
        qtbot.addWidget(shown)
        shown.open()
        qtbot.waitUntil(lambda: not desk.busy and desk.problem is None and shown.empty.isVisible(), timeout=10_000)
        assert shown.empty.text() == "Belum ada pengajuan kolektif dari pemberi kerja cabang ini."
        assert not shown.approve_clean_button.isEnabled() and not shown.submit_button.isEnabled()
    # The hub is gone: a reload says so in plain words.
    shown.refresh_button.click()
    qtbot.waitUntil(lambda: shown.problem.isVisible(), timeout=15_000)
    assert shown.problem.text().startswith("Hub tidak terjangkau.")
    desk.outbox.close()
