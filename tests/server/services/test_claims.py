"""`kiosk.server.services.claims`: what a claim does while it holds the hub's write lock (the audit chain), and
claims submitted at once from many threads (issue 17, item 3)."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import requests
from sqlalchemy import event, select

from kiosk.domain.references import parse_claim_reference
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import AuditEvent, Document, VisitSession
from kiosk.server.repositories import audit
from tests.server.api.test_claims import JHT_DOCS, _claim, _submit
from tests.server.conftest import Kit
from tests.support.hub import RunningHub


class _RecordingLock:
    """The hub's write lock, noting when it is held (a new section per acquisition)."""

    def __init__(self, inner: Any, sections: list[list[str]]) -> None:
        self._inner = inner
        self._sections = sections
        self.held = False

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        taken = bool(self._inner.acquire(blocking, timeout))
        if taken:
            self._sections.append([])
            self.held = True
        return taken

    def release(self) -> None:
        self.held = False
        self._inner.release()


@contextmanager
def critical_sections(db: Database) -> Iterator[list[list[str]]]:
    """The statements each unit of work ran while holding the write lock, up to its commit (the savepoints the test
    database stands in for transactions with are left out: their release is the commit)."""
    sections: list[list[str]] = []
    lock = _RecordingLock(db.write_lock, sections)

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if lock.held and not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            sections[-1].append(" ".join(statement.split()))

    db.write_lock = lock  # type: ignore[assignment]
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield sections
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
        db.write_lock = lock._inner


def _one_write(db: Database, sections: list[list[str]]) -> None:
    """One section, and in it only the audit chain's write: one statement on PostgreSQL (the head moves and the
    events go in together), two in-process calls on SQLite."""
    assert len(sections) == 1, sections
    if db.dialect == "postgresql":
        assert len(sections[0]) == 1, sections[0]
        assert sections[0][0].startswith("WITH moved AS (UPDATE audit_head SET")
        assert "INSERT INTO audit_events" in sections[0][0]
    else:
        head, events = sections[0]
        assert head.startswith("UPDATE audit_head SET seq=?, hash=? WHERE")
        assert head.endswith("audit_head.seq = ? AND audit_head.hash = ?")  # only if it still is the head
        assert events.startswith("INSERT INTO audit_events")


def test_a_claim_holds_the_write_lock_for_one_statement(kit: Kit) -> None:
    assert _submit(kit, _claim(), key="warm").status_code == 201  # the hub knows the head it left from here on
    with critical_sections(kit.db) as sections:
        response = _submit(kit, _claim(), key="measured")
    assert response.status_code == 201, response.text
    _one_write(kit.db, sections)
    assert kit.get("/audit/verify", "supervisor").json()["ok"]


def test_a_session_claim_holds_the_write_lock_for_one_statement_too(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    with kit.db.session() as session:
        visit = session.get(VisitSession, sid)
        assert visit is not None
        visit.assigned_user_id = 3
        visit.state = "verifying"
        for i, doc in enumerate(JHT_DOCS):
            session.add(
                Document(
                    id=f"d-c{i}",
                    session_id=sid,
                    document_type=doc,
                    media_type="image/jpeg",
                    size=1,
                    sha256="0" * 64,
                    uploaded_by="booth:1",
                    created_at=visit.created_at,
                )
            )
    assert kit.set_state(sid, "approved", "cso1").status_code == 200
    with critical_sections(kit.db) as sections:
        response = _submit(kit, _claim(session_id=sid, branch_code=None), key="k-session")
    assert response.status_code == 201, response.text
    _one_write(kit.db, sections)  # both events (claim submitted, session submitted) in that one statement
    with kit.db.session() as session:
        actions = session.execute(select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(2)).scalars().all()
    assert sorted(actions) == ["claim.submitted", "session.state"]
    assert kit.get("/audit/verify", "supervisor").json()["ok"]


def test_a_head_moved_by_another_process_is_chained_to(kit: Kit) -> None:
    """Another hub process on the database appended after this hub's last commit: the claim's events follow its."""
    first = _submit(kit, _claim(), key="before")
    assert first.status_code == 201
    with kit.db.session() as session:
        connection = session.connection()
    other = Database.bound_to(connection)  # another process: its own write lock and its own idea of the head
    other.audit_keys = kit.db.audit_keys
    with other.session() as session:
        elsewhere = audit.record(
            session, at=utc_now(), actor="t", action="test.elsewhere", subject_type="t", subject_id=1
        )
    response = _submit(kit, _claim(), key="after")
    assert response.status_code == 201, response.text
    with kit.db.session() as session:
        mine = session.execute(
            select(AuditEvent).where(AuditEvent.subject_id == response.json()["reference"])
        ).scalar_one()
        assert (mine.seq, mine.prev_hash) == (elsewhere.seq + 1, elsewhere.hash)
    assert kit.get("/audit/verify", "supervisor").json()["ok"]


def test_claims_at_once_from_eight_threads_get_distinct_gapless_references_once_per_key(live: RunningHub) -> None:
    """40 claims, each sent twice at once (a retry racing its original), from 8 threads on one branch."""
    token = live.user_token("cso1")
    keys = [f"burst-{i}" for i in range(40)]
    sends = keys * 2
    random.Random(17).shuffle(sends)
    local = threading.local()

    def send(key: str) -> tuple[str, int, str]:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        response = local.http.post(
            f"{live.base_url}/api/v1/claims",
            json=_claim(),
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
            timeout=60,
        )
        assert response.status_code in (200, 201), response.text
        return key, response.status_code, str(response.json()["reference"])

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, sends))
    by_key: dict[str, set[str]] = {}
    for key, _status, reference in answers:
        by_key.setdefault(key, set()).add(reference)
    assert all(len(references) == 1 for references in by_key.values())  # a retry gets its original's claim
    assert sorted(status for _key, status, _ref in answers) == [200] * 40 + [201] * 40
    references = {reference for (reference,) in by_key.values()}
    assert len(references) == 40
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    parsed = [parse_claim_reference(r) for r in references]
    assert {(p.branch_code, p.day) for p in parsed} == {("KDR", today)}
    assert sorted(p.sequence for p in parsed) == list(range(1, 41))
    supervisor = live.user_token("supervisor")
    report = requests.get(
        f"{live.base_url}/api/v1/audit/verify", headers={"Authorization": f"Bearer {supervisor}"}, timeout=60
    ).json()
    assert report["ok"], report
