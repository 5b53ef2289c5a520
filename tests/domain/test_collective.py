"""The collective roster's checks: each row in plain words, the rules of a booth claim, duplicates, formulas."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.claim_request import ParticipantRecord, ParticipantStatus
from kiosk.domain.collective import (
    MergeAction,
    RosterContext,
    RosterRow,
    check_roster,
    fingerprint,
    merge_action,
    parse_day,
    row_key,
)
from kiosk.domain.collective_cells import looks_like_formula, neutralise

TODAY = date(2026, 11, 30)
NIK = "3571011705880001"
NIK2 = "3506124211930003"


def record(nik: str = NIK, kpj: str = "12345678901", balance: int = 38_500_000, npwp: str | None = None) -> (
    ParticipantRecord
):
    return ParticipantRecord(
        nik=nik,
        kpj=kpj,
        name="Budi Santoso",
        birth_date=date(1988, 5, 17),
        membership_start=date(2017, 3, 14),
        status=ParticipantStatus.INACTIVE,
        balance=balance,
        contribution_months=108,
        npwp=npwp,
    )


def row(line: int = 2, **cells: str) -> RosterRow:
    values = {
        "nik": NIK,
        "kpj": "12345678901",
        "name": "Budi Santoso",
        "claim_type": "JHT",
        "reason": "layoff",
        "last_working_day": "2026-09-30",
        "bank_code": "002",
        "account_number": "0123456789",
        "phone": "0812 3456 7890",
    }
    values.update(cells)
    return RosterRow(line=line, **values)


def ctx(**kwargs: object) -> RosterContext:
    values: dict[str, object] = {"today": TODAY, "registry": {NIK: record()}}
    values.update(kwargs)
    return RosterContext(**values)  # type: ignore[arg-type]


def test_a_good_row_is_accepted_with_clean_values() -> None:
    [checked] = check_roster([row()], ctx())
    assert checked.accepted, checked.issues
    assert checked.clean is not None
    assert checked.clean.phone == "+6281234567890"
    assert checked.clean.last_working_day == date(2026, 9, 30)
    assert checked.key == NIK


def test_the_waiting_period_says_from_when_in_both_languages() -> None:
    [checked] = check_roster([row(last_working_day="25-11-2026")], ctx())
    assert not checked.accepted
    [issue] = [i for i in checked.issues if i.blocking]
    assert issue.code == "waiting_period"
    assert "25-12-2026" in issue.message("id") and "Unggah lagi" in issue.message("id")
    assert "from 25-12-2026" in issue.message("en")


def test_npwp_above_the_threshold() -> None:
    rich = ctx(registry={NIK: record(balance=90_000_000)})
    [checked] = check_roster([row()], rich)
    assert [i.code for i in checked.issues if i.blocking] == ["npwp_required"]
    [with_npwp] = check_roster([row(npwp="3571011705880001")], rich)
    assert with_npwp.accepted


def test_identifiers_are_named_per_column() -> None:
    [checked] = check_roster([row(nik="1234", kpj="12", phone="021 555", account_number="12a", bank_code="999")], ctx())
    columns = {i.column for i in checked.issues}
    assert {"nik", "kpj", "phone", "account_number", "bank_code"} <= columns
    assert all(i.message_id and i.message_en for i in checked.issues)
    assert checked.key == "line:2"


def test_registry_mismatch_and_unknown_nik() -> None:
    [wrong_kpj] = check_roster([row(kpj="99999999999")], ctx())
    assert [i.code for i in wrong_kpj.issues] == ["kpj_mismatch"]
    [unknown] = check_roster([row(nik=NIK2)], ctx())
    assert [i.code for i in unknown.issues] == ["not_registered"]


def test_a_different_name_informs_but_does_not_block() -> None:
    [checked] = check_roster([row(name="Budi  santoso")], ctx())
    assert checked.accepted
    [checked] = check_roster([row(name="Budi S.")], ctx())
    assert checked.accepted and [i.code for i in checked.issues] == ["name_differs"]


def test_only_jht_layoff_or_resignation_is_collective() -> None:
    [checked] = check_roster([row(claim_type="JKM", reason="death")], ctx())
    assert "not_collective" in [i.code for i in checked.issues]


def test_duplicates_inside_the_file_keep_the_first_row() -> None:
    first, second = check_roster([row(line=2), row(line=3)], ctx())
    assert first.accepted
    assert not second.accepted
    assert "baris 2" in second.issues[-1].message_id and "line 2" in second.issues[-1].message_en
    assert {first.key, second.key} == {NIK, "line:3"}


def test_an_open_claim_blocks() -> None:
    [checked] = check_roster([row()], ctx(open_niks=frozenset({NIK})))
    assert [i.code for i in checked.issues] == ["open_claim"]


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil.example";"klik")', "=cmd|' /C calc'!A0", "@SUM(A1)", "+A1+2", "-2+3*cmd", "\t=1"]
)
def test_a_formula_in_any_cell_is_refused_not_read(cell: str) -> None:
    [checked] = check_roster([row(name=cell)], ctx())
    assert not checked.accepted
    assert [i.code for i in checked.issues] == ["formula"]
    assert looks_like_formula(cell)
    assert neutralise(cell).startswith("'")


def test_phone_numbers_and_plain_text_are_no_formulas() -> None:
    assert not looks_like_formula("+62 812-3456-7890")
    assert not looks_like_formula("Budi")
    assert neutralise("Budi") == "Budi"
    assert neutralise("a\r\nb") == "a b"


def test_a_malformed_row_keeps_its_line_and_says_why() -> None:
    [checked] = check_roster([RosterRow(line=7, problem="too_many_cells")], ctx())
    assert not checked.accepted
    assert checked.row.line == 7
    assert "pemisah" in checked.issues[0].message_id


def test_dates_in_the_usual_forms() -> None:
    assert parse_day("2026-09-30") == parse_day("30-09-2026") == parse_day("30/09/2026") == date(2026, 9, 30)
    assert parse_day("2026-09-30 00:00:00") == date(2026, 9, 30)
    assert parse_day("30 Sep") is None
    assert parse_day("2026-02-30") is None


def test_identity_and_merge() -> None:
    assert row_key(row(nik="3571 0117 0588 0001")) == NIK
    same = fingerprint(row())
    assert fingerprint(row(name="Budi Santoso ")) == same
    assert merge_action(None, False, same) is MergeAction.ADD
    assert merge_action(same, True, same) is MergeAction.UNCHANGED
    assert merge_action(same, False, fingerprint(row(phone="081111111111"))) is MergeAction.REPLACE
    assert merge_action(same, True, fingerprint(row(phone="081111111111"))) is MergeAction.LOCKED


def test_who_sees_and_changes_a_batch() -> None:
    from kiosk.domain.access import (
        BatchFacts,
        Principal,
        Role,
        can_change_batch,
        can_decide_collective,
        can_manage_employers,
        can_view_batch,
    )

    batch = BatchFacts("KDR", employer_id=4)
    rep = Principal(Role.EMPLOYER, 30, "KDR")
    assert can_view_batch(rep, batch, represented=4) and can_change_batch(rep, batch, represented=4)
    assert not can_view_batch(rep, batch, represented=5)
    assert not rep.role.is_staff
    cso = Principal(Role.CSO, 3, "KDR")
    assert can_view_batch(cso, batch, None) and can_decide_collective(cso, batch)
    assert not can_change_batch(cso, batch, None)
    assert not can_decide_collective(Principal(Role.CSO, 3, "MLG"), batch)
    assert not can_decide_collective(rep, batch)
    assert can_manage_employers(Principal(Role.ADMIN, 1, "KDR"), "KDR")
    assert not can_manage_employers(Principal(Role.SUPERVISOR, 2, "KDR"), "KDR")
