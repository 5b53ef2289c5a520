"""Who may see and do what: roles, principals and the visibility rules of sessions, documents and claims.

The rules are pure functions over small value types, so the hub's routes only ask ("may this principal see
this session?") and the answers are tested here without a database:

- a booth sees only its own current session, and moves it through the participant's steps;
- a CSO (officer) sees only the sessions assigned to it, and moves them through verification;
- a supervisor sees everything in its branch (sessions, bookings, booths, the branch's audit events) and may
  also cancel; nothing of another branch;
- an admin sees everything of its branch, or of all branches when it has none, manages booths and users, and
  may cancel, but does not open documents: only the
  assigned CSO and the branch's supervisors download images (issue 3: "download only for the assigned CSO and
  supervisors").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.domain.channels import Channel
from kiosk.domain.session import SessionState


class Role(enum.Enum):
    """What a token stands for."""

    CSO = "cso"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    BOOTH = "booth"
    #: A participant of the online channel: a short web session of one booking, opened with its code and NIK.
    PARTICIPANT = "participant"
    #: An employer's representative (collective channel): files its workers' claims, sees only its own batches.
    EMPLOYER = "employer"

    @property
    def is_staff(self) -> bool:
        """A person of the branch who logs in (not a device, not a participant, not an employer)."""
        return self not in (Role.BOOTH, Role.PARTICIPANT, Role.EMPLOYER)

    @property
    def is_participant_end(self) -> bool:
        """The participant's end of a visit: a booth, or a participant's browser (online channel)."""
        return self in (Role.BOOTH, Role.PARTICIPANT)


#: Roles a person can be given (a booth is enrolled, never created as a user).
USER_ROLES: frozenset[Role] = frozenset({Role.CSO, Role.SUPERVISOR, Role.ADMIN})

#: Roles that may open a console WebSocket and be assigned sessions.
CONSOLE_ROLES: frozenset[Role] = frozenset({Role.CSO, Role.SUPERVISOR})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user (by id), a booth (by id) or an online participant (by booking id), and
    its branch (None: all branches)."""

    role: Role
    subject_id: int
    branch_code: str | None
    name: str = ""

    @property
    def actor(self) -> str:
        """A stable label for audit rows, e.g. ``user:3`` or ``booth:7`` (no personal data)."""
        kind = {Role.BOOTH: "booth", Role.PARTICIPANT: "online"}.get(self.role, "user")
        return f"{kind}:{self.subject_id}"

    def in_branch(self, branch_code: str) -> bool:
        """True when the principal belongs to this branch, or to all of them (an admin without a branch)."""
        return self.branch_code is None or self.branch_code == branch_code


@dataclass(frozen=True)
class SessionFacts:
    """What the rules need to know of a session."""

    branch_code: str
    booth_id: int | None
    state: SessionState
    assigned_user_id: int | None
    #: The booking the visit was checked in with (an online visit always has one).
    booking_id: int | None = None
    channel: Channel = Channel.BOOTH

    def is_participants(self, who: Principal) -> bool:
        """Whether `who` is this visit's participant end: its booth, or the online participant of its booking."""
        if who.role is Role.BOOTH:
            return self.channel is Channel.BOOTH and self.booth_id == who.subject_id
        if who.role is Role.PARTICIPANT:
            return self.channel is Channel.ONLINE and self.booking_id == who.subject_id
        return False


def can_view_session(who: Principal, session: SessionFacts) -> bool:
    """May `who` see this session at all?"""
    if who.role is Role.ADMIN:
        return who.in_branch(session.branch_code)
    if who.role is Role.SUPERVISOR:
        return who.in_branch(session.branch_code)
    if who.role is Role.CSO:
        return session.assigned_user_id == who.subject_id
    # A booth or an online participant: only its own session while it is still open (a finished visit is wiped
    # from the booth and the browser).
    return session.is_participants(who) and not session.state.is_final


_S = SessionState

#: States each role may move a session into (the state machine still decides whether the move is legal).
_TARGETS: dict[Role, frozenset[SessionState]] = {
    Role.BOOTH: frozenset({_S.SELF_SERVICE, _S.WAITING_CSO, _S.ABANDONED}),
    Role.PARTICIPANT: frozenset({_S.SELF_SERVICE, _S.WAITING_CSO, _S.ABANDONED}),
    Role.CSO: frozenset(
        {_S.SELF_SERVICE, _S.WAITING_CSO, _S.IN_CALL, _S.VERIFYING, _S.APPROVED, _S.REJECTED, _S.ABANDONED}
    ),
    Role.SUPERVISOR: frozenset(
        {
            _S.SELF_SERVICE,
            _S.WAITING_CSO,
            _S.IN_CALL,
            _S.VERIFYING,
            _S.APPROVED,
            _S.REJECTED,
            _S.ABANDONED,
            _S.CANCELLED,
        }
    ),
    Role.ADMIN: frozenset({_S.ABANDONED, _S.CANCELLED}),
    Role.EMPLOYER: frozenset(),
}


def can_set_state(who: Principal, session: SessionFacts, target: SessionState) -> bool:
    """May `who` ask for this state change? (`submitted` is only ever set by submitting the claim.)"""
    if not can_view_session(who, session):
        return False
    return target in _TARGETS[who.role]


def can_upload_document(who: Principal, session: SessionFacts) -> bool:
    """The booth (or the online participant) captures documents; the assigned officer may too (a still taken
    from the console)."""
    if session.state.is_final:
        return False
    if who.role.is_participant_end:
        return session.is_participants(who)
    return who.role is Role.CSO and session.assigned_user_id == who.subject_id


def can_upload_recording(who: Principal, session: SessionFacts) -> bool:
    """The session's recording is the assigned officer's (its console records it), also after the session ended."""
    return who.role is Role.CSO and session.assigned_user_id == who.subject_id


def can_record_verification(who: Principal, session: SessionFacts) -> bool:
    """Verification questions are asked by the officer serving the session (the assigned CSO or a supervisor)."""
    if who.role is Role.CSO:
        return session.assigned_user_id == who.subject_id
    return who.role is Role.SUPERVISOR and who.in_branch(session.branch_code)


def can_download_document(who: Principal, session: SessionFacts) -> bool:
    """Document images are opened only by the assigned officer and the branch's supervisors."""
    if who.role is Role.CSO:
        return session.assigned_user_id == who.subject_id
    return who.role is Role.SUPERVISOR and who.in_branch(session.branch_code)


def can_list_documents(who: Principal, session: SessionFacts) -> bool:
    """Document metadata (type, hash, quality) is visible to whoever sees the session."""
    return can_view_session(who, session)


def can_submit_claim(who: Principal, session: SessionFacts | None, branch_code: str) -> bool:
    """Officers submit claims: for a session, only its assigned CSO or a supervisor of its branch."""
    if who.role not in CONSOLE_ROLES or not who.in_branch(branch_code):
        return False
    if session is None:
        return True
    if who.role is Role.SUPERVISOR:
        return who.in_branch(session.branch_code)
    return session.assigned_user_id == who.subject_id


def can_replay_claim(who: Principal, branch_code: str) -> bool:
    """A claim's idempotency key is the branch's: any officer of the branch may replay it (a console restarted
    under another officer still delivers the claim it had queued), nobody else may learn of it."""
    return who.role in CONSOLE_ROLES and who.in_branch(branch_code)


def can_view_claim(who: Principal, branch_code: str, submitted_by: int | None) -> bool:
    """A claim is seen by its submitter, the branch's supervisors and admins."""
    if who.role in (Role.SUPERVISOR, Role.ADMIN):
        return who.in_branch(branch_code)
    return who.role is Role.CSO and submitted_by == who.subject_id


def can_lookup_participants(who: Principal) -> bool:
    """The registry is for the officers who verify against it."""
    return who.role in CONSOLE_ROLES


def can_manage_booths(who: Principal, branch_code: str) -> bool:
    """Enrolling booths (and creating users) is an admin's job."""
    return who.role is Role.ADMIN and who.in_branch(branch_code)


def can_view_booths(who: Principal, branch_code: str) -> bool:
    """Booth health is for admins and supervisors."""
    return who.role in (Role.ADMIN, Role.SUPERVISOR) and who.in_branch(branch_code)


def can_create_booking(who: Principal, branch_code: str) -> bool:
    """Bookings are made by staff of the branch on a participant's behalf (or by the online portal's service
    account, an admin of all branches): an officer of one branch cannot use up another branch's online quota."""
    return who.role.is_staff and who.in_branch(branch_code)


def can_view_booking(who: Principal, branch_code: str) -> bool:
    """A booking is looked up by the staff and booths of its branch (a booth at check-in); an online participant
    sees only its own booking, through the online routes."""
    return who.role is not Role.PARTICIPANT and who.in_branch(branch_code)


def can_view_audit(who: Principal) -> bool:
    """The audit trail is for supervisors and admins."""
    return who.role in (Role.SUPERVISOR, Role.ADMIN)


def audit_scope(who: Principal) -> str | None:
    """The branch whose audit events `who` reads (None: every branch's, for an admin of all branches).

    A supervisor or branch admin reads the events of its own branch only: those about its sessions, documents,
    recordings, claims, bookings, booths and users, and those its own users and booths caused. Events of no
    branch (failed logins of unknown names, retention runs) are for admins of all branches.
    """
    return who.branch_code


# -- The collective channel -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchFacts:
    """What the rules need to know of an employer's collective batch."""

    branch_code: str
    employer_id: int


def can_manage_employers(who: Principal, branch_code: str) -> bool:
    """Employers and their representatives are created by the branch admin."""
    return who.role is Role.ADMIN and who.in_branch(branch_code)


def can_view_batch(who: Principal, batch: BatchFacts, represented: int | None) -> bool:
    """A batch is seen by its employer's representatives (`represented`: the employer `who` acts for) and by
    the officers, supervisors and admins of its branch."""
    if who.role is Role.EMPLOYER:
        return represented is not None and represented == batch.employer_id
    return who.role in (Role.CSO, Role.SUPERVISOR, Role.ADMIN) and who.in_branch(batch.branch_code)


def can_change_batch(who: Principal, batch: BatchFacts, represented: int | None) -> bool:
    """Only the employer's representatives upload letters, rosters and documents, and invite workers."""
    return who.role is Role.EMPLOYER and can_view_batch(who, batch, represented)


def can_decide_collective(who: Principal, batch: BatchFacts) -> bool:
    """Officers and supervisors of the branch approve, reject and submit a batch's rows."""
    return who.role in CONSOLE_ROLES and who.in_branch(batch.branch_code)
