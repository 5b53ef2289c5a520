"""Repository tests share the server fixtures (`db`: a migrated, demo-seeded database rolled back after each
test, on SQLite and, where available, PostgreSQL) and a session on it."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from kiosk.domain.quota import VisitKind
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import Branch, VisitSession
from kiosk.server.repositories.booths import booth_by_number
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.repositories.sessions import create_session
from kiosk.server.security import new_id


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """One unit of work on the test database (committed into the outer, rolled-back transaction)."""
    with db.session() as session:
        yield session


@pytest.fixture
def branch(session: Session) -> Branch:
    """The demo branch (KDR)."""
    return branch_by_code(session, "KDR")


@pytest.fixture
def visit(session: Session, branch: Branch) -> VisitSession:
    """A walk-in session just checked in at demo booth 5."""
    booth = booth_by_number(session, branch, 5)
    assert booth is not None
    return create_session(
        session,
        session_id=new_id("s"),
        branch_id=branch.id,
        booth_id=booth.id,
        kind=VisitKind.WALK_IN,
        booking=None,
        visit_date=utc_now().astimezone(ZoneInfo(branch.timezone)).date(),  # the branch's today, as check-in does
        now=utc_now(),
        actor="booth:test",
    )
