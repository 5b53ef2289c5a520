"""The console's session journal: the officer's ticks, verdict and signature survive a console restart."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.app.console.journal import JOURNAL_FILE_NAME, SessionJournal
from kiosk.app.console.session import Decision, SubmissionState
from kiosk.app.console.state import ConsoleState
from kiosk.client.outbox import DeliveryResult, Outbox, Retry


def _never(key: str, payload: Mapping[str, Any]) -> DeliveryResult:
    return Retry("backend down")


def _console(data_dir: Path) -> tuple[ConsoleState, SessionJournal, Outbox]:
    """A console as it starts: its state, its outbox and its journal, from the data dir."""
    state = ConsoleState()
    outbox = Outbox(data_dir / "outbox.sqlite3", _never)
    return state, SessionJournal(data_dir / JOURNAL_FILE_NAME, state, outbox), outbox


def test_the_officers_work_comes_back_when_the_hub_assigns_the_session_again(tmp_path: Path) -> None:
    state, _, outbox = _console(tmp_path)
    state.assign("s1", 3)
    state.assign("s2", 4)
    state.set_verified("s1", "ektp", True)
    state.set_verified("s1", "kpj_card", True)
    state.decide("s1", Decision.APPROVED, "verified", "note with a name in it")
    state.signature_received("s1", "doc-sig-1")
    outbox.enqueue("s1", {"claim": 1})
    outbox.close()
    # The process is killed here: nothing is closed or flushed beyond what each change wrote.

    state, _journal, outbox = _console(tmp_path)
    assert state.booths == {}
    state.assign("s1", 3)  # the hub's assignment after the restart
    booth = state.booths["s1"]
    assert booth.detail.verified == {"ektp", "kpj_card"}
    assert (booth.decision, booth.decision_reason, booth.signature_id) == (Decision.APPROVED, "verified", "doc-sig-1")
    assert booth.submission is SubmissionState.PENDING
    assert state.can_submit("s1") is False  # submitted once already: not again
    state.assign("s2", 4)
    assert state.booths["s2"].detail.verified == set()
    assert "note with a name" not in (tmp_path / JOURNAL_FILE_NAME).read_text(encoding="utf-8")
    outbox.close()


def test_a_session_that_leaves_leaves_the_journal(tmp_path: Path) -> None:
    state, journal, outbox = _console(tmp_path)
    state.assign("s1", 3)
    state.set_verified("s1", "ektp", True)
    assert journal.entry("s1") is not None
    state.unassign("s1", handled=True)
    assert journal.entry("s1") is None
    assert json.loads((tmp_path / JOURNAL_FILE_NAME).read_text(encoding="utf-8")) == {}
    outbox.close()


def test_a_damaged_journal_does_not_stop_the_console(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_FILE_NAME).write_text("{not json", encoding="utf-8")
    state, _, outbox = _console(tmp_path)
    state.assign("s1", 3)
    state.set_verified("s1", "ektp", True)
    assert json.loads((tmp_path / JOURNAL_FILE_NAME).read_text(encoding="utf-8"))["s1"]["verified"] == ["ektp"]
    outbox.close()


def test_an_entry_of_a_session_that_ended_while_the_console_was_down_goes_after_a_day(tmp_path: Path) -> None:
    now = [1_000_000.0]
    state = ConsoleState()
    journal = SessionJournal(tmp_path / JOURNAL_FILE_NAME, state, clock=lambda: now[0])
    state.assign("s1", 3)
    state.set_verified("s1", "ektp", True)
    assert journal.entry("s1") is not None
    now[0] += 23 * 3600
    assert SessionJournal(tmp_path / JOURNAL_FILE_NAME, ConsoleState(), clock=lambda: now[0]).entry("s1") is not None
    now[0] += 2 * 3600
    assert SessionJournal(tmp_path / JOURNAL_FILE_NAME, ConsoleState(), clock=lambda: now[0]).entry("s1") is None
