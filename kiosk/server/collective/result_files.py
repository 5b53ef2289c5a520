"""Files the hub writes for the employer: the roster template (CSV, XLSX) and a batch's result (CSV, XLSX, PDF).

Every text cell is neutralised (`kiosk.domain.collective_cells.neutralise`): a name an employer typed as
``=HYPERLINK(...)`` comes back as the text ``'=HYPERLINK(...)``, never as a formula. XLSX cells are written as
strings (type ``s``), so not even a number is reinterpreted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.collective import COLUMNS
from kiosk.domain.collective_cells import neutralise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

#: The template's example row (on the XLSX's second sheet, so it is never imported by mistake).
EXAMPLE = (
    "3571011705880001",
    "12345678901",
    "Budi Santoso",
    "JHT",
    "layoff",
    "2026-08-31",
    "002",
    "0123456789",
    "0812 3456 7890",
    "",
)
_HELP = (
    ("nik", "16 angka NIK e-KTP / the 16-digit NIK"),
    ("kpj", "Nomor kartu peserta (KPJ) / participant card number"),
    ("name", "Nama sesuai e-KTP / name as on the e-KTP"),
    ("claim_type", "JHT"),
    ("reason", "layoff (PHK) atau/or resignation (mengundurkan diri)"),
    ("last_working_day", "Tanggal terakhir bekerja / last working day: YYYY-MM-DD"),
    ("bank_code", "Kode bank / bank code: 002 BRI, 008 Mandiri, 009 BNI, 014 BCA, 200 BTN, 451 BSI"),
    ("account_number", "Nomor rekening atas nama pekerja / the worker's own account"),
    ("phone", "Nomor HP pekerja (untuk SMS konfirmasi) / the worker's mobile (for the SMS)"),
    ("npwp", "NPWP, jika saldo di atas Rp50.000.000 / if the balance is above Rp50,000,000"),
)


@dataclass(frozen=True)
class ResultLine:
    """One row of a batch's result, as the employer reads it (already in the chosen language)."""

    line: int
    nik: str
    name: str
    status: str
    message: str
    claim_reference: str


def template_csv() -> bytes:
    """The roster template as CSV: the header row only (UTF-8 with a BOM, which spreadsheets recognise)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(COLUMNS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The roster template as XLSX: the header row, text-formatted columns (a NIK typed as a number would lose
    its last digits) and a second sheet with what each column means and an example row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "roster"
    sheet.append(list(COLUMNS))
    for index in range(1, len(COLUMNS) + 1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 20
        for row in range(2, 502):
            sheet.cell(row=row, column=index).number_format = "@"
    guide = book.create_sheet("petunjuk")
    guide.append(["kolom / column", "isi / content", "contoh / example"])
    for (name, text), example in zip(_HELP, EXAMPLE, strict=True):
        guide.append([name, text, example])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(language: str) -> list[str]:
    if language == "en":
        return ["line", "nik", "name", "status", "result", "claim_reference"]
    return ["baris", "nik", "nama", "status", "hasil", "nomor_klaim"]


def _cells(line: ResultLine) -> list[str]:
    return [str(line.line), line.nik, line.name, line.status, line.message, line.claim_reference]


def result_csv(lines: Sequence[ResultLine], language: str) -> bytes:
    """A batch's result as CSV, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(language))
    for line in lines:
        writer.writerow([neutralise(c) for c in _cells(line)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def result_xlsx(lines: Sequence[ResultLine], language: str) -> bytes:
    """A batch's result as XLSX, written in streaming mode; every cell a neutralised string."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("hasil" if language != "en" else "result")
    sheet.append(_header(language))
    for line in lines:
        row = []
        for value in _cells(line):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"  # a string, whatever it looks like: never a formula or a number
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Summary:
    """The PDF summary's head: who filed, and the counts by status (labels in the chosen language)."""

    title: str
    employer: str
    batch: str
    generated: str
    counts: Sequence[tuple[str, int]]


def result_pdf(summary: Summary, lines: Sequence[ResultLine], language: str) -> bytes:
    """A short PDF: the counts by status, then one line per worker (masked NIK, status, claim reference)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    if _FONT.exists():
        pdf.add_font("body", fname=str(_FONT))
        family = "body"
    else:  # the core font knows Latin-1 only; anything else is replaced
        family = "helvetica"

    def text(value: str) -> str:
        return value if family == "body" else value.encode("latin-1", "replace").decode("latin-1")

    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(family, size=15)
    pdf.cell(0, 9, text(summary.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    for value in (summary.employer, summary.batch, summary.generated):
        pdf.cell(0, 6, text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, count in summary.counts:
        pdf.cell(70, 6, text(label))
        pdf.cell(20, 6, str(count), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, size=8)
    widths = (12, 34, 52, 30, 52)
    head = _header(language)
    for width, label in zip(widths, [head[0], head[1], head[2], head[3], head[5]], strict=True):
        pdf.cell(width, 6, text(label), border="B")
    pdf.ln()
    for line in lines:
        masked = line.nik[:4] + "*" * 10 + line.nik[-2:] if len(line.nik) == 16 else "-"
        values = (str(line.line), masked, line.name[:34], line.status[:22], line.claim_reference)
        for width, value in zip(widths, values, strict=True):
            pdf.cell(width, 5, text(value))
        pdf.ln()
    return bytes(pdf.output())
