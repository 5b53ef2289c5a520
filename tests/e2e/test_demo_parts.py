"""The demo's plain parts, without processes: the visitor mix, the report and its database check, the window
layout and the command line. The whole demo runs in test_branch.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kiosk.cli import main as kiosk_main
from kiosk.demo.cast import CASES, EVERY_CLAIM_TYPE, Expected, choose_cases, make_visitors, unknown_cases
from kiosk.demo.layout import arrange
from kiosk.demo.report import all_final, build_report, compare_with_database, format_summary
from kiosk.domain.claims import default_catalog
from kiosk.domain.identifiers import parse_nik, validate_bank_account, validate_kpj
from kiosk.server.seed import demo_participants

TODAY = date(2026, 11, 21)


def test_any_ten_visitors_hold_one_rejection_one_walk_away_and_every_claim_type() -> None:
    for start in range(len(CASES)):
        ten = choose_cases(start + 10)[start:]
        expected = [c.expected for c in ten]
        assert expected.count(Expected.REJECTED) == 1
        assert expected.count(Expected.ABANDONED) == 1
        assert {c.claim_type for c in ten} == {"JHT", "JKM", "JKK", "JP"}
    served = {e.code.value for e in default_catalog().claim_types if e.served_at_booth}
    assert {c.claim_type for c in choose_cases(4, EVERY_CLAIM_TYPE)} == served


def test_visitors_carry_the_seeded_registry_and_valid_numbers() -> None:
    registry = {(p.nik, p.kpj) for p in demo_participants(TODAY)}
    catalog = default_catalog()
    for visitor in make_visitors(choose_cases(12), TODAY):
        assert (visitor.nik, visitor.kpj) in registry
        parse_nik(visitor.nik, today=TODAY)
        validate_kpj(visitor.kpj, 11)
        validate_bank_account(visitor.account_number, visitor.bank_code)
        reasons = {r.code for r in catalog.claim_type(visitor.claim_type).reasons}  # type: ignore[arg-type]
        assert visitor.reason in reasons
        if visitor.reason in ("layoff", "resignation"):
            assert visitor.termination_date is not None


def test_unknown_cases_are_named() -> None:
    assert unknown_cases(("jht_layoff", "nope")) == ["nope"]


def _report(outcomes: list[tuple[str, str | None]]) -> dict[str, Any]:
    visitors = [v.to_json() for v in make_visitors(choose_cases(len(outcomes)), TODAY)]
    results = {
        i + 1: {"number": i + 1, "case": visitors[i]["case"], "booth": 1, "session_id": f"s-{i + 1}",
                "outcome": outcome, "reference": reference, "checked_in_at": 100.0, "ended_at": 160.0 + i}
        for i, (outcome, reference) in enumerate(outcomes)
    }
    return build_report(booths=2, visitors=visitors, results=results, officer_sessions=[], console=None,
                        database="sqlite", started_at=0.0, finished_at=300.0)


def _facts(report: dict[str, Any]) -> dict[str, Any]:
    sessions = {r["session_id"]: {"state": r["outcome"], "ended": True} for r in report["visitors"]}
    claims = [{"reference": r["reference"], "session_id": r["session_id"], "claim_type": r["claim_type"],
               "reason": r["reason"]} for r in report["visitors"] if r["outcome"] == "submitted"]
    return {"sessions": sessions, "claims": claims}


def test_report_totals_and_its_agreement_with_the_database() -> None:
    report = _report([("submitted", "JHT-KDR-20261121-0001"), ("submitted", "JKM-KDR-20261121-0002"),
                      ("rejected", None)])
    assert report["totals"] == {"submitted": 2, "rejected": 1, "abandoned": 0, "not_final": 0}
    assert report["references"] == ["JHT-KDR-20261121-0001", "JKM-KDR-20261121-0002"]
    assert report["check_in_to_reference_s"]["max"] == 61.0
    assert all_final(report)
    facts = _facts(report)
    assert compare_with_database(report, facts) == []

    wrong_reference = _facts(report)
    wrong_reference["claims"][0]["reference"] = "JHT-KDR-20261121-0009"
    assert any("reference" in p for p in compare_with_database(report, wrong_reference))
    extra_claim = _facts(report)
    extra_claim["claims"].append({"reference": "X", "session_id": "s-3", "claim_type": "JHT", "reason": "layoff"})
    assert compare_with_database(report, extra_claim)
    open_session = _facts(report)
    open_session["sessions"]["s-3"] = {"state": "in_call", "ended": False}
    assert compare_with_database(report, open_session)
    unknown_session = _facts(report)
    unknown_session["sessions"]["s-99"] = {"state": "abandoned", "ended": True}
    assert compare_with_database(report, unknown_session)


def test_a_visitor_without_a_result_is_not_final_and_the_table_says_so() -> None:
    report = _report([("submitted", "JHT-KDR-20261121-0001"), ("stopped", None)])
    assert not all_final(report)
    assert report["totals"]["not_final"] == 1
    table = format_summary(report)
    assert "JHT-KDR-20261121-0001" in table and "not in a final state  1" in table
    for secret in (report["visitors"][0]["case"],):
        assert secret in table
    visitor = make_visitors(choose_cases(1), TODAY)[0]
    assert visitor.nik not in table and visitor.kpj not in table and visitor.nik not in str(report)


@pytest.mark.parametrize("booths", [1, 4, 6, 10])
def test_windows_fit_on_the_screen(booths: int) -> None:
    screen = (0, 0, 1920, 1080)
    console, places = arrange(screen, booths)
    assert len(places) == booths
    for place in [console, *places]:
        assert place.x + place.width <= 1920 and place.y + place.height <= 1080
        assert 0.1 <= place.scale <= 1.0
    assert all(p.x >= console.x + console.width for p in places)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--booths", "0"], "--booths must be 1 to 10"),
        (["--booths", "11"], "--booths must be 1 to 10"),
        (["--participants", "0"], "--participants must be at least 1"),
        (["--cast", "jht_layoff,nobody"], "unknown cases in --cast: nobody"),
    ],
)
def test_bad_demo_options_stop_with_a_reason(args: list[str], message: str, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KIOSK_CONFIG", "KIOSK_DATABASE_URL", "KIOSK_HUB_URL"):
        monkeypatch.delenv(name, raising=False)
    assert kiosk_main(["demo", *args]) == 2
    assert message in capsys.readouterr().err


def test_step_times_per_visitor_and_in_the_summary() -> None:
    from datetime import UTC, datetime, timedelta

    from kiosk.demo.report import add_step_times

    report = _report([("submitted", "JHT-KDR-20261121-0001"), ("rejected", None), ("abandoned", None)])
    t0 = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)

    def at(s: float) -> datetime:
        return t0 + timedelta(seconds=s)

    facts = _facts(report)
    facts["sessions"]["s-1"].update(checked_in_at=t0, queued_at=at(130), call_started_at=at(190), ended_at=at(400))
    facts["sessions"]["s-2"].update(checked_in_at=t0, queued_at=at(150), call_started_at=at(350), ended_at=at(500))
    facts["sessions"]["s-3"].update(checked_in_at=t0, queued_at=None, call_started_at=None, ended_at=at(40))
    facts["claims"][0]["created_at"] = at(395)
    add_step_times(report, facts)
    rows = report["visitors"]
    assert rows[0]["steps_s"] == {"self_service": 130.0, "waiting": 60.0, "call": 210.0,
                                  "check_in_to_reference": 395.0}
    assert rows[2]["steps_s"] == {}  # walked away during self-service
    steps = report["step_times_s"]
    assert (steps["self_service"]["median"], steps["self_service"]["count"]) == (140.0, 2)
    assert (steps["waiting"]["median"], steps["waiting"]["max"]) == (130.0, 200.0)
    assert steps["check_in_to_reference"]["count"] == 1
    table = format_summary(report)
    line = table[table.index("time per step"):]
    assert "self-service median 2:20 (max 2:30)" in line and "waiting median 2:10 (max 3:20)" in line
    assert "check-in → reference median 6:35" in line


def test_the_database_facts_carry_the_hubs_step_timestamps(tmp_path: Any) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from kiosk.demo.report import database_facts
    from kiosk.domain.quota import VisitKind
    from kiosk.domain.session import SessionState
    from kiosk.server.context import utc_now
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.repositories import sessions
    from kiosk.server.repositories.booths import booth_by_number
    from kiosk.server.repositories.branches import branch_by_code
    from kiosk.server.seed import seed_demo

    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    db = Database.from_url(url)
    upgrade(db.engine)
    now = utc_now()
    with db.session() as session:
        seed_demo(session, now, password_hasher=lambda p: "x")  # no argon2: only the booths matter here
        branch = branch_by_code(session, "KDR")
        booth = booth_by_number(session, branch, 1)
        assert booth is not None
        visit = sessions.create_session(
            session, session_id="s-demo", branch_id=branch.id, booth_id=booth.id, kind=VisitKind.WALK_IN,
            booking=None, visit_date=now.astimezone(ZoneInfo(branch.timezone)).date(), now=now, actor="t")
        for minutes, state in ((1, SessionState.SELF_SERVICE), (4, SessionState.WAITING_CSO),
                               (6, SessionState.IN_CALL)):
            sessions.change_state(session, visit, state, actor="t", now=now + timedelta(minutes=minutes))
    db.dispose()
    found = database_facts(url)["sessions"]["s-demo"]
    assert found["queued_at"] - found["checked_in_at"] == timedelta(minutes=4)
    assert found["call_started_at"] - found["queued_at"] == timedelta(minutes=2)
