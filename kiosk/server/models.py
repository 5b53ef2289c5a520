"""SQLAlchemy models of the hub's database (the schema itself is created by the Alembic migrations).

Times are stored as UTC and come back time-zone aware (`UtcDateTime`); a branch's local date (quotas,
bookings, claim references) is computed from its ``timezone``. Enumerations are stored as their string
values so the database stays readable and the migrations do not depend on Python enum classes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import JSON, TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A UTC timestamp: stored naive in UTC, returned aware (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the hub stores only time-zone aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so constraint names match across SQLite and PostgreSQL."""

    metadata = MetaData(naming_convention=NAMING)


class Branch(Base):
    """A branch office: its quotas and service hours."""

    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    walk_in_daily: Mapped[int] = mapped_column(Integer, default=60)
    online_daily: Mapped[int] = mapped_column(Integer, default=87)
    service_start: Mapped[str] = mapped_column(String(5), default="08:00")
    service_end: Mapped[str] = mapped_column(String(5), default="15:00")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    slot_capacity: Mapped[int] = mapped_column(Integer, default=7)


class Booth(Base):
    """A booth PC of a branch, its device token (hashed) and its last reported health."""

    __tablename__ = "booths"
    __table_args__ = (UniqueConstraint("branch_id", "number", name="uq_booths_branch_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    number: Mapped[int] = mapped_column(Integer)
    device_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    last_heartbeat: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    camera_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    microphone_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    speaker_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    link_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    #: The booth program's version and its free disk (MiB), from its heartbeats.
    app_version: Mapped[str | None] = mapped_column(String(40), default=None)
    free_disk_mb: Mapped[int | None] = mapped_column(Integer, default=None)

    branch: Mapped[Branch] = relationship(lazy="joined")


class EnrollmentCode(Base):
    """A one-time code an admin gives a booth's setup wizard; exchanged for a device token."""

    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_by: Mapped[str] = mapped_column(String(32))


class User(Base):
    """A person who logs in: CSO, supervisor or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"), default=None)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    console_cap: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    branch: Mapped[Branch | None] = relationship(lazy="joined")


class UserToken(Base):
    """A login token (hashed) with its expiry."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    user: Mapped[User] = relationship(lazy="joined")


class Participant(Base):
    """A member as the registry knows them (fictional in the demo)."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kpj: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    membership_start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    balance: Mapped[int] = mapped_column(BigInteger)
    contribution_months: Mapped[int] = mapped_column(Integer)
    employer: Mapped[str] = mapped_column(String(100), default="")
    npwp: Mapped[str | None] = mapped_column(String(16), default=None)
    last_work_day: Mapped[date | None] = mapped_column(Date, default=None)
    died_on: Mapped[date | None] = mapped_column(Date, default=None)

    heirs: Mapped[list[Heir]] = relationship(lazy="select", order_by="Heir.id")


class Heir(Base):
    """A registered heir of a participant (for JKM and JHT death claims)."""

    __tablename__ = "heirs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    nik: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(16))


class Booking(Base):
    """An online booking for a date and time slot at a branch."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[str] = mapped_column(String(5))
    nik: Mapped[str] = mapped_column(String(16))
    kpj: Mapped[str] = mapped_column(String(20))
    claim_type: Mapped[str] = mapped_column(String(8))
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(32))
    session_id: Mapped[str | None] = mapped_column(String(40), default=None)
    #: When the retention purge erased or pseudonymised this row's personal fields (None: not yet).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: `booth` (the participant comes to the branch) or `online` (a video call from home, booked on the web).
    channel: Mapped[str] = mapped_column(String(16), default="booth", server_default="booth")
    #: The participant's language for the online pages and messages (`id` or `en`).
    language: Mapped[str] = mapped_column(String(2), default="id", server_default="id")

    branch: Mapped[Branch] = relationship(lazy="joined")


class OnlineWebSession(Base):
    """A participant's short-lived web session of the online channel: scoped to one booking, opened with the
    booking's code and NIK (or by booking), carried in an HttpOnly cookie; only the token's hash is stored."""

    __tablename__ = "online_web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Renewed on use up to `hard_expires_at` (an idle page signs out by itself).
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    hard_expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    booking: Mapped[Booking] = relationship(lazy="joined")


class VisitSession(Base):
    """One participant's visit, at a booth or online, from check-in to its end."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"), index=True)
    #: The booth of a booth visit; None for an online visit (the participant's browser is its end).
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id"), index=True, default=None)
    #: `booth` or `online` (kiosk.domain.channels.Channel).
    channel: Mapped[str] = mapped_column(String(16), default="booth", server_default="booth")
    kind: Mapped[str] = mapped_column(String(16))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), default=None)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None, index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    end_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    intake: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    #: When the session entered its current state, first joined the queue, and first had an officer in a call
    #: (the dashboard's time in state and waits, the per-step times); None for visits before migration 0006.
    state_since: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    call_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: When the retention purge erased or pseudonymised this row's personal fields (None: not yet).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: When the participant agreed to the notice: the booking or walk-in place is spent then, not at check-in
    #: (None: not yet, or declined; such a session held its place only while it was open).
    consented_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    branch: Mapped[Branch] = relationship(lazy="joined")
    booth: Mapped[Booth | None] = relationship(lazy="joined")
    assigned_user: Mapped[User | None] = relationship(lazy="joined")


class Document(Base):
    """A captured document's metadata; the bytes live in the document store under their sha256."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    document_type: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sharpness: Mapped[float | None] = mapped_column(Float, default=None)
    glare_ratio: Mapped[float | None] = mapped_column(Float, default=None)
    brightness: Mapped[float | None] = mapped_column(Float, default=None)
    uploaded_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Recording(Base):
    """A session's recording uploaded by its officer; the file lives in the recording store under its sha256 and
    may be purged after `expires_at` (the retention period)."""

    __tablename__ = "recordings"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class Claim(Base):
    """A submitted claim with its reference and the idempotency key it was submitted under."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("idempotency_scope", "idempotency_key", name="uq_claims_idempotency"),
        UniqueConstraint("branch_id", "day", "sequence", name="uq_claims_branch_day_sequence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), default=None)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    claim_type: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(32))
    # "branch:<code>": a key is unique per branch, so any officer of the branch may replay it.
    idempotency_scope: Mapped[str] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    submitted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    #: When the retention purge erased or pseudonymised this row's personal fields (None: not yet).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    branch: Mapped[Branch] = relationship(lazy="joined")


class AuditEvent(Base):
    """One entry of the append-only, keyed audit chain (never an image, never a NIK, never free text)."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(48), index=True)
    subject_type: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[str] = mapped_column(String(48), index=True)
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    #: HMAC-SHA256 under key `key_id` (hex); a plain SHA-256 for events written before the hub had a key.
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16), default=None)


class AuditHead(Base):
    """The one row holding the chain's last sequence number and hash; locking it serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class ClaimCounter(Base):
    """The last claim sequence number taken at a branch on a (branch-local) day (`repositories.claims.take_sequence`).

    Taking a number updates this row, whose lock is held until the claim commits or rolls back: claims of one
    branch and day wait for each other only there, and a rolled-back claim gives its number back (no gap).
    """

    __tablename__ = "claim_counters"

    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer)


class RateCounter(Base):
    """Attempts counted against one rate-limit key in its current fixed window (`kiosk.server.repositories.limits`).

    Keys are hashed (a username typed by a guesser may be a password), windows start at a key's first attempt.
    """

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Seconds since the epoch when the window began (a float: the comparison is arithmetic in one statement).
    window_start: Mapped[float] = mapped_column(Float, index=True)
    count: Mapped[int] = mapped_column(Integer)


# -- The collective channel (issue 14) ---------------------------------------------------------------------------


class Employer(Base):
    """A company that files claims for its laid-off workers, by its registration number (NPP), at one branch."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    npp: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    branch: Mapped[Branch] = relationship(lazy="joined")


class EmployerRepresentative(Base):
    """A user of role ``employer`` who acts for one employer (with its power of attorney)."""

    __tablename__ = "employer_representatives"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)


class CollectiveBatch(Base):
    """One collective filing of an employer: its letters, its roster's rows, and their progress."""

    __tablename__ = "collective_batches"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploads: Mapped[int] = mapped_column(Integer, default=0)
    last_upload_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    employer: Mapped[Employer] = relationship(lazy="joined")


class CollectiveRow(Base):
    """A worker of a batch (identified by NIK within it): the values as checked, the result, the worker's
    confirmation, the officer's decision and the claim it became."""

    __tablename__ = "collective_rows"
    __table_args__ = (UniqueConstraint("batch_id", "row_key", name="uq_collective_rows_batch_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("collective_batches.id"), index=True)
    row_key: Mapped[str] = mapped_column(String(24))
    line: Mapped[int] = mapped_column(Integer)
    #: The cells as typed (strings, at most 200 characters each), shown back to the employer to fix them.
    cells: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    accepted: Mapped[bool] = mapped_column(Boolean)
    issues: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    nik: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    kpj: Mapped[str | None] = mapped_column(String(20), default=None)
    name: Mapped[str | None] = mapped_column(String(100), default=None)
    claim_type: Mapped[str | None] = mapped_column(String(8), default=None)
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    last_working_day: Mapped[date | None] = mapped_column(Date, default=None)
    bank_code: Mapped[str | None] = mapped_column(String(8), default=None)
    account_number: Mapped[str | None] = mapped_column(String(24), default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    npwp: Mapped[str | None] = mapped_column(String(16), default=None)
    #: ``none`` (not invited), ``sent``, ``confirmed``, ``video_requested``, ``locked`` (too many wrong NIKs).
    confirmation: Mapped[str] = mapped_column(String(16), default="none")
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    code_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    code_failures: Mapped[int] = mapped_column(Integer, default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: ``approved`` or ``rejected`` by an officer (None: not decided yet).
    decision: Mapped[str | None] = mapped_column(String(16), default=None)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decision_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    #: The claim's Idempotency-Key: one per row, so the row's claim is submitted exactly once.
    idempotency_key: Mapped[str] = mapped_column(String(64))
    claim_reference: Mapped[str | None] = mapped_column(String(40), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: The code of the online visit an officer invited the worker to, to see them by video (None: not invited).
    video_booking_code: Mapped[str | None] = mapped_column(String(20), default=None)
    #: When the retention purge erased or pseudonymised this row's personal fields (None: not yet).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class CollectiveDocument(Base):
    """A file of a batch: its power of attorney, its layoff letter, or a worker's document (with `row_id`)."""

    __tablename__ = "collective_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("collective_batches.id"), index=True)
    row_id: Mapped[int | None] = mapped_column(ForeignKey("collective_rows.id"), default=None, index=True)
    #: ``power_of_attorney``, ``layoff_letter``, or a document code of the catalog.
    kind: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
