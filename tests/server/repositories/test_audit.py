"""`kiosk.server.repositories.audit`: appending keeps the chain; events are read back in order."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.server.context import utc_now
from kiosk.server.repositories import audit


def test_record_and_read_back(session: Session) -> None:
    event = audit.record(
        session,
        at=utc_now(),
        actor="t",
        action="test.done",
        subject_type="thing",
        subject_id=7,
        details=[1],  # type: ignore[arg-type]
    )
    later = audit.events_after(session, event.seq - 1, 10)
    assert [e.seq for e in later] == [event.seq]
    assert audit.events_after(session, 0, 1000, subject_id="7")[-1].seq == event.seq
    assert audit.details_of(event) == {"value": [1]}
    assert audit.verify_chain(session).ok
