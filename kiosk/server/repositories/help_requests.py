"""Participants' calls for help, kept in the audit chain: raised by a booth, acknowledged by the officer.

A call for help is an audit event (`help_requested`, details: reason code and document type code, nothing
personal) on its session; the officer's acknowledgment is `help_acknowledged`. `pending_help` reads a branch's
open sessions and their calls not acknowledged yet, for the dashboard. Keeping them in the audit chain needs no
table of its own and leaves a trail of who asked for help when, and how long it took to be answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.server.models import AuditEvent, Booth, VisitSession
from kiosk.server.repositories import audit

HELP_REQUESTED = "help_requested"
HELP_ACKNOWLEDGED = "help_acknowledged"


@dataclass(frozen=True)
class PendingHelp:
    """One open session's call for help that no officer acknowledged yet."""

    session_id: str
    booth_number: int
    #: Reason codes (`kiosk.protocol.AttentionReason` values), in the order they were given.
    reasons: tuple[str, ...]
    #: Document type codes the participant does not have (with ``missing_document``).
    documents: tuple[str, ...]
    since: datetime


def raise_help(
    session: Session, *, at: datetime, session_id: str, booth_id: int, reason: str, document: str | None = None
) -> None:
    """Record a booth's call for help on its session."""
    details: dict[str, str] = {"reason": reason}
    if document:
        details["document"] = document
    audit.record(session, at=at, actor=f"booth:{booth_id}", action=HELP_REQUESTED, subject_type="session",
                 subject_id=session_id, details=details)


def acknowledge_help(session: Session, *, at: datetime, session_id: str, user_id: int) -> None:
    """Record that the officer answered the session's call for help."""
    audit.record(session, at=at, actor=f"user:{user_id}", action=HELP_ACKNOWLEDGED, subject_type="session",
                 subject_id=session_id)


def pending_help(session: Session, branch_id: int) -> list[PendingHelp]:
    """The branch's open sessions whose last call for help is not acknowledged, the longest waiting first."""
    open_sessions = dict(
        session.execute(
            select(VisitSession.id, Booth.number)
            .join(Booth, Booth.id == VisitSession.booth_id)
            .where(VisitSession.branch_id == branch_id, VisitSession.ended_at.is_(None))
        ).all()
    )
    if not open_sessions:
        return []
    events = session.execute(
        select(AuditEvent.subject_id, AuditEvent.action, AuditEvent.at, AuditEvent.details)
        .where(
            AuditEvent.subject_type == "session",
            AuditEvent.subject_id.in_(list(open_sessions)),
            AuditEvent.action.in_((HELP_REQUESTED, HELP_ACKNOWLEDGED)),
        )
        .order_by(AuditEvent.seq)
    ).all()
    open_calls: dict[str, tuple[datetime, list[str], list[str]]] = {}
    for subject, action, at, details in events:
        if action == HELP_ACKNOWLEDGED:
            open_calls.pop(subject, None)
            continue
        _since, reasons, documents = open_calls.setdefault(subject, (at, [], []))
        body = audit_details(details)
        if body.get("reason") and body["reason"] not in reasons:
            reasons.append(body["reason"])
        if body.get("document") and body["document"] not in documents:
            documents.append(body["document"])
    pending = [
        PendingHelp(sid, open_sessions[sid], tuple(reasons), tuple(documents), since)
        for sid, (since, reasons, documents) in open_calls.items()
    ]
    return sorted(pending, key=lambda p: p.since)


def audit_details(text: str) -> dict[str, str]:
    """An audit event's details as a dict of strings (the repository writes only strings here)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
