"""Reading roster files: CSV in its encodings and delimiters, XLSX streamed, limits, columns, formulas; fuzzed."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.collective import COLUMNS, RosterContext, check_roster
from kiosk.server.collective.result_files import ResultLine, result_csv, result_xlsx, template_csv, template_xlsx
from kiosk.server.collective.roster_files import RosterFileError, RosterLimits, parse_roster
from tests.support.rosters import demo_roster, roster_csv

ROW = ["3571011705880001", "12345678901", "Budi Santoso", "JHT", "layoff", "2026-08-31", "002", "0123456789",
       "081234567890", ""]


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8", header: list[str] | None = None
              ) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header or list(COLUMNS))
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header or list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_comma_semicolon_bom_and_cp1252() -> None:
    for data in (
        csv_bytes([ROW]),
        csv_bytes([ROW], delimiter=";"),
        b"\xef\xbb\xbf" + csv_bytes([ROW]),
        csv_bytes([[*ROW[:2], "Siti Rahayu Ä", *ROW[3:]]], encoding="cp1252"),
    ):
        [row] = parse_roster(data)
        assert row.nik == ROW[0] and row.line == 2 and row.problem is None
    [row] = parse_roster(csv_bytes([[*ROW[:2], "André", *ROW[3:]]], encoding="cp1252"))
    assert row.name == "André"


def test_utf16_is_refused_with_a_clear_error() -> None:
    with pytest.raises(RosterFileError) as caught:
        parse_roster(csv_bytes([ROW], encoding="utf-16"))
    assert caught.value.code == "wrong_encoding"
    assert "UTF-8" in caught.value.message_id


def test_wrong_and_missing_columns_are_named() -> None:
    header = ["nik", "kpj", "nama lengkap", *COLUMNS[3:8]]
    with pytest.raises(RosterFileError) as caught:
        parse_roster(csv_bytes([ROW[:8]], header=header))
    error = caught.value
    assert error.code == "wrong_columns"
    assert "phone" in error.message_en and "'nama lengkap'" in error.message_en and "name" in error.message_en
    assert "kolom yang kurang" in error.message_id


def test_indonesian_headers_are_understood() -> None:
    header = ["NIK", "No KPJ", "Nama", "Jenis klaim", "Alasan", "Tanggal terakhir bekerja", "Kode bank",
              "Nomor rekening", "Nomor HP"]
    [row] = parse_roster(csv_bytes([ROW[:9]], header=header))
    assert row.name == "Budi Santoso" and row.phone == "081234567890" and row.npwp == ""


def test_rows_of_the_wrong_width_keep_their_line() -> None:
    rows = parse_roster(csv_bytes([ROW, [*ROW, "extra"], ROW[:3]]))
    assert [(r.line, r.problem) for r in rows] == [(2, None), (3, "too_many_cells"), (4, "too_few_cells")]


def test_size_and_row_limits() -> None:
    with pytest.raises(RosterFileError) as caught:
        parse_roster(csv_bytes([ROW] * 50), RosterLimits(max_bytes=1024))
    assert caught.value.code == "too_large"
    with pytest.raises(RosterFileError) as caught:
        parse_roster(csv_bytes([ROW] * 11), RosterLimits(max_rows=10))
    assert caught.value.code == "too_many_rows" and "10" in caught.value.message_en


def test_other_files_are_refused() -> None:
    for data in (b"%PDF-1.7 ...", b"\x89PNG\r\n\x1a\n...", b"PK\x03\x04broken", b""):
        with pytest.raises(RosterFileError):
            parse_roster(data)


def test_xlsx_is_read_with_formulas_as_text_and_dates_as_iso() -> None:
    data = xlsx_bytes([
        [*ROW[:5], date(2026, 8, 31), *ROW[6:]],
        [ROW[0], ROW[1], '=HYPERLINK("http://evil.example";"klik")', *ROW[3:]],
        [ROW[0], ROW[1], "=cmd|' /C calc'!A0", *ROW[3:9]],
    ])
    rows = parse_roster(data)
    assert rows[0].last_working_day == "2026-08-31"
    assert rows[1].name.startswith("=HYPERLINK")
    checked = check_roster(rows, RosterContext(today=date(2026, 11, 30), registry={}))
    assert next(i.code for i in checked[1].issues) == "formula"
    assert next(i.code for i in checked[2].issues) == "formula"


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * 1024 * 1024))
    with pytest.raises(RosterFileError) as caught:
        parse_roster(out.getvalue(), RosterLimits(max_unpacked_bytes=1024 * 1024))
    assert caught.value.code == "too_large"


def test_the_templates_read_back_as_empty_rosters() -> None:
    assert parse_roster(template_csv()) == []
    assert parse_roster(template_xlsx()) == []


def test_result_files_neutralise_formulas() -> None:
    line = ResultLine(2, "3571011705880001", '=HYPERLINK("http://x";"y")', "ok", "-1+cmd", "JHT-KDR-1")
    text = result_csv([line], "id").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-1+cmd" in text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(result_xlsx([line], "en")))
    values = [c.value for c in next(book.active.iter_rows(min_row=2, values_only=False))]
    assert values[2] == "'=HYPERLINK(\"http://x\";\"y\")"
    assert all(c.data_type == "s" for c in next(book.active.iter_rows(min_row=2)))


@pytest.mark.slow
def test_a_5000_row_roster_is_parsed_and_checked_row_by_row() -> None:
    """Every row of a 5,000-row roster comes back checked, as CSV and as XLSX, with the generator's mistakes
    found (its time is the benchmark's business: bench/collective_checks.py, docs/benchmarks.md)."""
    rows, registry = demo_roster(5000, date(2026, 11, 30))
    for data in (roster_csv(rows), xlsx_bytes(rows)):
        parsed = parse_roster(data)
        checked = check_roster(parsed, RosterContext(today=date(2026, 11, 30), registry=registry))
        assert [c.row.line for c in checked] == list(range(2, 5002))
        refused = [c.row.line - 2 for c in checked if not c.accepted]
        # Every 50th worker has a landline for a phone; every 20th is still in the waiting period.
        assert set(refused) == {i for i in range(5000) if i % 50 == 49 or i % 20 == 19}


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=0, max_size=12), max_size=15), st.sampled_from([",", ";"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_fuzzed_csv_loses_no_row_and_raises_only_file_errors(
    rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    try:
        data = csv_bytes(rows, delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        data = csv_bytes(rows, delimiter=delimiter)
    try:
        parsed = parse_roster(data)
    except RosterFileError:
        return
    expected = [r for r in rows if any(c.strip() for c in r)]
    assert len(parsed) == len(expected)
    checked = check_roster(parsed, RosterContext(today=date(2026, 11, 30), registry={}))
    assert len(checked) == len(parsed)
    assert all(c.accepted or c.issues for c in checked)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_fuzzed_bytes_raise_only_file_errors(data: bytes) -> None:
    try:
        parsed = parse_roster(data)
    except RosterFileError:
        return
    assert all(r.line >= 1 for r in parsed)
