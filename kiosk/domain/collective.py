"""The collective channel's roster: one row per laid-off worker, checked with the same rules as a booth claim.

An employer uploads a roster (CSV or XLSX); every row is checked here, without a database: identifiers
(`identifiers`), the registry's record of the worker (given as a mapping the hub looked up in one batch), the claim
rules (`claim_rules.evaluate`: waiting period, eligibility, NPWP threshold), duplicates inside the file and claims
already open for the worker. Each row gets a list of `RowIssue` in plain words (Indonesian and English); a row
with no blocking issue is accepted.

A worker's identity within a batch is their NIK (`row_key`): uploading a corrected file updates the same rows, and
rows that are missing from a later file are kept (nothing is lost).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from kiosk.domain.claim_catalog import Catalog, CatalogError, ClaimType, default_catalog
from kiosk.domain.claim_request import ClaimRequest, ParticipantRecord
from kiosk.domain.claim_rules import Severity, evaluate
from kiosk.domain.collective_cells import looks_like_formula
from kiosk.domain.dates import add_months
from kiosk.domain.identifiers import (
    InvalidIdentifier,
    normalize_phone,
    parse_nik,
    parse_npwp,
    validate_bank_account,
    validate_kpj,
)

#: The roster's columns, in the template's order (the machine names the header row carries).
COLUMNS: tuple[str, ...] = (
    "nik",
    "kpj",
    "name",
    "claim_type",
    "reason",
    "last_working_day",
    "bank_code",
    "account_number",
    "phone",
    "npwp",
)
#: Columns a roster must have (the NPWP is needed only above the threshold, so its column may be left out).
REQUIRED_COLUMNS: tuple[str, ...] = COLUMNS[:-1]

#: Claims the collective channel takes: old-age savings after a layoff or a resignation.
COLLECTIVE_REASONS: frozenset[tuple[ClaimType, str]] = frozenset(
    {(ClaimType.JHT, "layoff"), (ClaimType.JHT, "resignation")}
)


#: Why a row of the file could not be split into its cells (`RosterRow.problem`), in both languages.
ROW_PROBLEMS: dict[str, tuple[str, str]] = {
    "too_many_cells": (
        "Baris ini berisi lebih banyak kolom daripada judul tabel; periksa tanda pemisah (koma atau titik koma).",
        "This row has more cells than the header; check the separators (comma or semicolon).",
    ),
    "too_few_cells": (
        "Baris ini berisi lebih sedikit kolom daripada judul tabel.",
        "This row has fewer cells than the header.",
    ),
    "cell_too_long": (
        "Salah satu isian baris ini terlalu panjang (lebih dari 200 karakter).",
        "A cell of this row is too long (more than 200 characters).",
    ),
    "unreadable": ("Baris ini tidak bisa dibaca.", "This row cannot be read."),
}


@dataclass(frozen=True)
class RosterRow:
    """One data row of a roster as typed, cell by cell (strings; empty when the cell was empty).

    `line` is the row's line (CSV) or row number (XLSX) in the file, so the employer finds it again; `problem` is
    set when the row itself is malformed (too many or too few cells).
    """

    line: int
    nik: str = ""
    kpj: str = ""
    name: str = ""
    claim_type: str = ""
    reason: str = ""
    last_working_day: str = ""
    bank_code: str = ""
    account_number: str = ""
    phone: str = ""
    npwp: str = ""
    problem: str | None = None

    def cells(self) -> dict[str, str]:
        """The row's cells by column name."""
        return {name: str(getattr(self, name)) for name in COLUMNS}


@dataclass(frozen=True)
class RowIssue:
    """Why a row cannot be filed as it is (blocking), or something the employer should know (not blocking)."""

    code: str
    column: str | None
    message_id: str
    message_en: str
    blocking: bool = True

    def message(self, language: str) -> str:
        """The message in ``"id"`` or ``"en"``."""
        return self.message_en if language == "en" else self.message_id


@dataclass(frozen=True)
class CleanRow:
    """A row's values once checked: digits only, the phone as ``+62...``, the date parsed."""

    nik: str
    kpj: str
    name: str
    claim_type: ClaimType
    reason: str
    last_working_day: date
    bank_code: str
    account_number: str
    phone: str
    npwp: str | None


@dataclass(frozen=True)
class CheckedRow:
    """A roster row, its issues and (when every value could be read) its clean values."""

    row: RosterRow
    issues: tuple[RowIssue, ...] = field(default_factory=tuple)
    clean: CleanRow | None = None

    @property
    def accepted(self) -> bool:
        """True when no issue blocks the row."""
        return self.clean is not None and not any(i.blocking for i in self.issues)

    @property
    def key(self) -> str:
        """The row's identity in its batch (see `row_key`); a second row of the same NIK goes by its line."""
        if any(i.code == "duplicate_nik" for i in self.issues):
            return f"line:{self.row.line}"
        return row_key(self.row)


class MergeAction(enum.Enum):
    """What a re-uploaded row does to the row of the same worker already in the batch."""

    ADD = "add"  # a worker not in the batch yet
    REPLACE = "replace"  # the new version takes the place of the old (the worker confirms again)
    UNCHANGED = "unchanged"  # the same values as before: kept as it is, its confirmation too
    LOCKED = "locked"  # the old row is decided or submitted: the new version is not taken


def row_key(row: RosterRow) -> str:
    """A worker's identity within a batch: the NIK's digits when it is a valid NIK, else the file's line.

    A row whose NIK cannot be read has no identity across uploads: it belongs to the upload it came with and
    is superseded by the next upload.
    """
    try:
        return parse_nik(row.nik, today=date(2100, 1, 1)).digits
    except InvalidIdentifier:
        return f"line:{row.line}"


def fingerprint(row: RosterRow) -> str:
    """A hash of a row's cells: equal for two uploads of the same values (decides `MergeAction.UNCHANGED`)."""
    text = "\x1f".join(row.cells()[name].strip() for name in COLUMNS)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def merge_action(existing_fingerprint: str | None, existing_locked: bool, new_fingerprint: str) -> MergeAction:
    """What a re-uploaded row does to the batch's row of the same worker (None: there is none)."""
    if existing_fingerprint is None:
        return MergeAction.ADD
    if existing_fingerprint == new_fingerprint:
        return MergeAction.UNCHANGED
    if existing_locked:
        return MergeAction.LOCKED
    return MergeAction.REPLACE


def _issue(code: str, column: str | None, message_id: str, message_en: str, blocking: bool = True) -> RowIssue:
    return RowIssue(code, column, message_id, message_en, blocking)


def parse_day(text: str) -> date | None:
    """A date typed as ``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``DD/MM/YYYY`` (None when it is none of them)."""
    value = text.strip().split(" ")[0].split("T")[0]
    parts = value.replace("/", "-").replace(".", "-").split("-")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        if len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts[2]) == 4:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class RosterContext:
    """What the checks need besides the rows: the registry's records and the open claims, looked up at once."""

    today: date
    #: The registry's record of each NIK of the roster that it knows.
    registry: Mapping[str, ParticipantRecord]
    #: NIKs that already have an open claim or visit (a second claim would be paid twice).
    open_niks: frozenset[str] = frozenset()
    kpj_length: int = 11
    catalog: Catalog | None = None


def _identifier_issue(exc: InvalidIdentifier, column: str) -> RowIssue:
    return _issue(f"invalid_{column}", column, exc.message_id, exc.message_en)


def _formula_issues(row: RosterRow) -> list[RowIssue]:
    found = []
    for column, cell in row.cells().items():
        if looks_like_formula(cell):
            found.append(
                _issue(
                    "formula",
                    column,
                    f"Kolom {column} berisi rumus (diawali '{cell[:1].strip() or 'spasi'}'); "
                    "ketik nilainya saja, tanpa rumus.",
                    f"The {column} column holds a formula (it starts with '{cell[:1].strip() or 'a space'}'); "
                    "type the plain value, not a formula.",
                )
            )
    return found


def check_row(row: RosterRow, ctx: RosterContext) -> CheckedRow:
    """Check one row on its own (duplicates across rows are `check_roster`'s)."""
    if row.problem is not None:
        message_id, message_en = ROW_PROBLEMS.get(row.problem, ROW_PROBLEMS["unreadable"])
        return CheckedRow(row, (_issue(row.problem, None, message_id, message_en),))
    formulas = _formula_issues(row)
    if formulas:
        return CheckedRow(row, tuple(formulas))
    cat = ctx.catalog or default_catalog()
    issues: list[RowIssue] = []
    nik = kpj = phone = account = ""
    npwp: str | None = None
    try:
        nik = parse_nik(row.nik, ctx.today).digits
    except InvalidIdentifier as exc:
        issues.append(_identifier_issue(exc, "nik"))
    try:
        kpj = validate_kpj(row.kpj, ctx.kpj_length)
    except InvalidIdentifier as exc:
        issues.append(_identifier_issue(exc, "kpj"))
    name = " ".join(row.name.split())
    if not name:
        issues.append(_issue("name_missing", "name", "Nama pekerja belum diisi.", "The worker's name is missing."))
    try:
        account = validate_bank_account(row.account_number, row.bank_code).number
    except InvalidIdentifier as exc:
        issues.append(_identifier_issue(exc, "account_number"))
    bank = row.bank_code.strip()
    if bank and bank not in {b.code for b in cat.banks}:
        issues.append(
            _issue(
                "unknown_bank",
                "bank_code",
                f"Kode bank {bank} tidak dikenal; pakai kode bank dari templat (misalnya 002 untuk BRI).",
                f"Bank code {bank} is unknown; use a bank code from the template (e.g. 002 for BRI).",
            )
        )
    try:
        phone = normalize_phone(row.phone)
    except InvalidIdentifier as exc:
        issues.append(_identifier_issue(exc, "phone"))
    if row.npwp.strip():
        try:
            npwp = parse_npwp(row.npwp).digits
        except InvalidIdentifier as exc:
            issues.append(_identifier_issue(exc, "npwp"))
    last_day = parse_day(row.last_working_day)
    if last_day is None:
        issues.append(
            _issue(
                "invalid_last_working_day",
                "last_working_day",
                "Tanggal terakhir bekerja harus ditulis TTTT-BB-HH (contoh 2026-08-31).",
                "The last working day must be written YYYY-MM-DD (e.g. 2026-08-31).",
            )
        )
    elif last_day > ctx.today:
        issues.append(
            _issue(
                "last_working_day_in_future",
                "last_working_day",
                "Tanggal terakhir bekerja belum lewat.",
                "The last working day is still to come.",
            )
        )
    claim_type: ClaimType | None = None
    reason = row.reason.strip().lower()
    try:
        claim_type = ClaimType(row.claim_type.strip().upper())
        cat.claim_type(claim_type).reason(reason)
    except (ValueError, CatalogError):
        claim_type = None
    if claim_type is None or (claim_type, reason) not in COLLECTIVE_REASONS:
        issues.append(
            _issue(
                "not_collective",
                "reason",
                "Jalur kolektif hanya untuk klaim JHT dengan alasan layoff (PHK) atau resignation "
                "(mengundurkan diri).",
                "The collective channel takes only JHT claims with the reason layoff or resignation.",
            )
        )
    if issues or claim_type is None or last_day is None:
        return CheckedRow(row, tuple(issues))

    record = ctx.registry.get(nik)
    if record is None:
        issues.append(
            _issue(
                "not_registered",
                "nik",
                "NIK ini tidak terdaftar sebagai peserta BPJS Ketenagakerjaan.",
                "This NIK is not registered as a BPJS Ketenagakerjaan participant.",
            )
        )
        return CheckedRow(row, tuple(issues))
    if record.kpj != kpj:
        issues.append(
            _issue(
                "kpj_mismatch",
                "kpj",
                "Nomor KPJ tidak sesuai dengan NIK ini menurut data kepesertaan.",
                "The KPJ number does not belong to this NIK in the registry.",
            )
        )
    if " ".join(record.name.casefold().split()) != name.casefold():
        issues.append(
            _issue(
                "name_differs",
                "name",
                "Nama berbeda dengan data kepesertaan; yang dipakai adalah nama di data kepesertaan.",
                "The name differs from the registry's; the registry's name is the one used.",
                blocking=False,
            )
        )
    if nik in ctx.open_niks:
        issues.append(
            _issue(
                "open_claim",
                "nik",
                "Pekerja ini sudah punya klaim atau kunjungan yang sedang diproses.",
                "This worker already has a claim or a visit in progress.",
            )
        )
    evaluation = evaluate(ClaimRequest(claim_type, reason, last_day, npwp=npwp), record, ctx.today, cat)
    for finding in evaluation.findings:
        if finding.code == "waiting_period" and finding.eligible_from is not None:
            issues.append(
                _issue(
                    "waiting_period",
                    "last_working_day",
                    f"{finding.message_id} Unggah lagi baris ini mulai tanggal itu.",
                    f"{finding.message_en} Upload this row again from that day.",
                )
            )
            continue
        issues.append(
            _issue(
                finding.code,
                "npwp" if finding.code == "npwp_required" else None,
                finding.message_id,
                finding.message_en,
                blocking=finding.severity is Severity.BLOCKING,
            )
        )
    clean = CleanRow(nik, kpj, record.name, claim_type, reason, last_day, bank, account, phone, npwp)
    return CheckedRow(row, tuple(issues), clean)


def _duplicate(column: str, first_line: int) -> RowIssue:
    label = "NIK" if column == "nik" else "KPJ"
    return _issue(
        f"duplicate_{column}",
        column,
        f"{label} ini sudah ada di baris {first_line}; setiap pekerja cukup satu baris.",
        f"This {label} is already on line {first_line}; one row per worker.",
    )


def check_roster(rows: Sequence[RosterRow], ctx: RosterContext) -> list[CheckedRow]:
    """Check every row: each on its own, then duplicates (the first row of a NIK or KPJ keeps it)."""
    checked = [check_row(row, ctx) for row in rows]
    first_of: dict[tuple[str, str], int] = {}
    result: list[CheckedRow] = []
    for item in checked:
        extra: list[RowIssue] = []
        for column in ("nik", "kpj"):
            digits = "".join(ch for ch in getattr(item.row, column) if ch.isdigit())
            if not digits:
                continue
            first = first_of.setdefault((column, digits), item.row.line)
            if first != item.row.line:
                extra.append(_duplicate(column, first))
        result.append(CheckedRow(item.row, item.issues + tuple(extra), item.clean) if extra else item)
    return result


def eligible_from(last_working_day: date, catalog: Catalog | None = None) -> date:
    """The first day a JHT claim may be filed after this last working day (the waiting period)."""
    cat = catalog or default_catalog()
    return add_months(last_working_day, cat.rules.jht_waiting_period_months)
