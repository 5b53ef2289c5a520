"""Reading a roster file: CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma or semicolon) or XLSX (streamed).

Every data row of the file becomes a `RosterRow` (a row that cannot be split into its cells too, with its
`problem`): nothing is dropped silently. A file that cannot be read at all raises `RosterFileError` with a stable
code and a message in both languages (the wrong or missing columns are named). Cells are never evaluated: an XLSX
is read with its formulas as text (so ``=HYPERLINK(...)`` reaches the checks as the text it is).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.collective import COLUMNS, REQUIRED_COLUMNS, RosterRow

#: Header names accepted for each column besides its machine name (the Indonesian labels of the template).
ALIASES: dict[str, str] = {
    "no_kpj": "kpj",
    "nama": "name",
    "jenis_klaim": "claim_type",
    "alasan": "reason",
    "tanggal_terakhir_bekerja": "last_working_day",
    "kode_bank": "bank_code",
    "nomor_rekening": "account_number",
    "no_rekening": "account_number",
    "nomor_hp": "phone",
    "no_hp": "phone",
}
MAX_CELL = 200
XLSX_MAGIC = b"PK\x03\x04"


class RosterFileError(ValueError):
    """A roster file that cannot be read as a whole (wrong kind, encoding, columns, size)."""

    def __init__(self, code: str, message_id: str, message_en: str, columns: Sequence[str] = ()) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_id = message_id
        self.message_en = message_en
        self.columns = list(columns)


@dataclass(frozen=True)
class RosterLimits:
    """How big a roster may be (`kiosk.config.CollectiveSettings`)."""

    max_bytes: int = 8 * 1024 * 1024
    max_rows: int = 20_000
    max_unpacked_bytes: int = 64 * 1024 * 1024


def _column_name(header: str) -> str:
    name = header.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def _columns(header: Sequence[str]) -> list[str]:
    """The column of each header cell; unknown or missing columns raise with their names."""
    names = [_column_name(h) for h in header]
    while names and not names[-1]:
        names.pop()  # trailing empty header cells (a spreadsheet's untouched columns)
    unknown = [h for h, n in zip(header, names, strict=False) if n not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if unknown or missing or doubled:
        wrong = [*(f"?{u}" for u in unknown), *(f"-{m}" for m in missing), *(f"2x{d}" for d in doubled)]
        parts_id, parts_en = [], []
        if missing:
            parts_id.append("kolom yang kurang: " + ", ".join(missing))
            parts_en.append("missing columns: " + ", ".join(missing))
        if unknown:
            shown = ", ".join(repr(u[:40]) for u in unknown[:10])
            parts_id.append("kolom yang tidak dikenal: " + shown)
            parts_en.append("unknown columns: " + shown)
        if doubled:
            parts_id.append("kolom ganda: " + ", ".join(doubled))
            parts_en.append("columns twice: " + ", ".join(doubled))
        raise RosterFileError(
            "wrong_columns",
            "Judul kolom tidak sesuai templat (" + "; ".join(parts_id) + "). Unduh templat dan salin datanya ke sana.",
            "The column headings do not match the template (" + "; ".join(parts_en) + "). Download the template "
            "and copy the data into it.",
            wrong,
        )
    return names


def _row(line: int, names: Sequence[str], cells: Sequence[str]) -> RosterRow:
    """One data row; a row of the wrong width or with an overlong cell keeps its line and says why."""
    values = [c if isinstance(c, str) else "" for c in cells]
    while len(values) > len(names) and not values[-1].strip():
        values.pop()  # trailing empty cells
    if len(values) > len(names):
        return RosterRow(line=line, problem="too_many_cells")
    if any(len(v) > MAX_CELL for v in values):
        return RosterRow(line=line, problem="cell_too_long")
    if len(values) < len(names) and len(values) < len(REQUIRED_COLUMNS):
        return RosterRow(line=line, problem="too_few_cells")
    return RosterRow(line=line, **{n: v.strip() for n, v in zip(names, values, strict=False)})


def _too_many(limit: int) -> RosterFileError:
    return RosterFileError(
        "too_many_rows",
        f"Satu file paling banyak {limit} baris; bagi datanya menjadi beberapa file.",
        f"A file may have at most {limit} rows; split the data into several files.",
    )


def _rows(records: Iterable[tuple[int, Sequence[str]]], limits: RosterLimits) -> list[RosterRow]:
    """The header (the first non-empty record) and one `RosterRow` per non-empty record after it."""
    names: list[str] | None = None
    rows: list[RosterRow] = []
    for line, cells in records:
        if not any(isinstance(c, str) and c.strip() for c in cells):
            continue  # an empty line is no row
        if names is None:
            names = _columns([c if isinstance(c, str) else "" for c in cells])
            continue
        if len(rows) >= limits.max_rows:
            raise _too_many(limits.max_rows)
        rows.append(_row(line, names, cells))
    if names is None:
        raise RosterFileError("empty_file", "File ini kosong.", "This file is empty.")
    return rows


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise RosterFileError(
            "wrong_encoding",
            "File ini bukan teks UTF-8 (mungkin UTF-16). Simpan sebagai 'CSV UTF-8 (dipisah koma)'.",
            "This file is not UTF-8 text (perhaps UTF-16). Save it as 'CSV UTF-8 (comma delimited)'.",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise RosterFileError(
            "wrong_encoding",
            "Huruf di file ini tidak bisa dibaca. Simpan sebagai 'CSV UTF-8 (dipisah koma)'.",
            "The characters of this file cannot be read. Save it as 'CSV UTF-8 (comma delimited)'.",
        ) from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    # NUL characters make the csv module raise; they are never part of a name or a number.
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=_delimiter(text), strict=False)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error:
        raise RosterFileError(
            "unreadable_csv",
            "File CSV ini rusak (tanda kutip tidak ditutup?).",
            "This CSV file is broken (an unclosed quote?).",
        ) from None


def _xlsx_cell(value: object) -> str:
    """A cell's value as text: dates as YYYY-MM-DD, whole numbers without ``.0`` (never evaluated)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_zip(data: bytes, limits: RosterLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _not_a_roster() from None
    if unpacked > limits.max_unpacked_bytes:
        raise RosterFileError(
            "too_large",
            "File XLSX ini terlalu besar setelah dibuka.",
            "This XLSX file is too large once unpacked.",
        )


def _xlsx_records(data: bytes, limits: RosterLimits) -> Iterator[tuple[int, list[str]]]:
    _check_zip(data, limits)
    from openpyxl import load_workbook  # imported here: only XLSX uploads need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _not_a_roster() from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            # A streamed sheet may end a row at its last filled cell: pad it to the template's width.
            yield number, cells + [""] * (len(COLUMNS) - len(cells))
    finally:
        book.close()


def _not_a_roster() -> RosterFileError:
    return RosterFileError(
        "unsupported_file",
        "File ini bukan CSV atau XLSX. Unduh templat dan simpan sebagai CSV atau XLSX.",
        "This file is not a CSV or XLSX file. Download the template and save it as CSV or XLSX.",
    )


def parse_roster(data: bytes, limits: RosterLimits | None = None) -> list[RosterRow]:
    """Every data row of a roster file (CSV or XLSX, told apart by content), or `RosterFileError`."""
    lim = limits or RosterLimits()
    if len(data) > lim.max_bytes:
        raise RosterFileError(
            "too_large",
            f"File paling besar {lim.max_bytes // (1024 * 1024)} MB; bagi datanya menjadi beberapa file.",
            f"A file may be at most {lim.max_bytes // (1024 * 1024)} MB; split the data into several files.",
        )
    if data.startswith(XLSX_MAGIC):
        return _rows(_xlsx_records(data, lim), lim)
    if data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8")):
        raise _not_a_roster()
    return _rows(_csv_records(decode_csv(data)), lim)
