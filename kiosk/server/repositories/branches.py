"""Branches: lookups by code (a branch is created by the demo seed or by migrations, never by a route)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.server.errors import not_found
from kiosk.server.models import Branch


def find_branch(session: Session, code: str) -> Branch | None:
    """The branch with this code, or None."""
    return session.execute(select(Branch).where(Branch.code == code)).scalar_one_or_none()


def branch_by_code(session: Session, code: str) -> Branch:
    """The branch with this code, or 404."""
    branch = find_branch(session, code)
    if branch is None:
        raise not_found("branch")
    return branch


def branch_names(session: Session) -> list[tuple[str, str]]:
    """Every branch's (code, name), by code."""
    return [(code, name) for code, name in session.execute(select(Branch.code, Branch.name).order_by(Branch.code))]


def add_branch(session: Session, branch: Branch) -> Branch:
    """Store a new branch (the demo seed's); its id is set on return."""
    session.add(branch)
    session.flush()
    return branch
