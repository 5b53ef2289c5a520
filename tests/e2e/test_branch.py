"""End to end: a whole branch as separate processes over real sockets on 127.0.0.1, through `kiosk demo`.

The hub (`kiosk server`), the officer's console and the booths each run in their own process; simulated
participants go through the real booth by touch (and, on PostgreSQL, one more through the online pages in headless
Chromium: book, prepare, join, call), the scripted officer works the real console, claims go through
the console's outbox to the hub's claims API. Every claim type the booth serves (JHT, JKM, JKK, JP; JKP is
explained and the participant redirected to JHT) is filed once on SQLite and once on PostgreSQL, and the run's
report is checked here against the hub's database, independently of the demo's own check.

Each run is one `kiosk demo --headless` subprocess (about a minute and a half on two cores); the test stops it
with SIGINT (then SIGKILL) if it overruns, and checks that no process and no temporary folder is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from kiosk.server.models import Claim, VisitSession
from tests.support.wait import wait_until_sync

#: The demo stops itself at RUN_LIMIT_S; the test waits a minute longer, and pytest's own limit comes after both,
#: so an overrun shows the demo's output instead of a bare timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(480)]

#: A run's own time limit (the demo stops itself); the test waits a little longer before interrupting it.
RUN_LIMIT_S = 300
EVERY_TYPE = "jht_layoff,jkm_heir,jkk_work_accident,jp_pension"


def _env(tmp: Path, *, display: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["TMPDIR"] = str(tmp)  # the demo's temporary folder goes here, so the test sees that it is removed
    env["QT_QPA_PLATFORM"] = "offscreen"
    if not display:
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return env


def _still_running(marker: str) -> list[int]:
    """Processes whose command line mentions `marker` (the run's own temporary folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(entry.name))
    return found


def run_demo(tmp_path: Path, database_url: str, *args: str, headless: bool = True) -> tuple[int, str, dict[str, Any]]:
    """Run `kiosk demo` to the end; its exit code, output and report."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "kiosk", "demo", "--report", str(report), "--database-url", database_url,
               "--pace", "0.2", "--timeout", str(RUN_LIMIT_S), *args]
    if headless:
        command.append("--headless")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=_env(tmp, display=headless))
    try:
        output, _ = process.communicate(timeout=RUN_LIMIT_S + 60)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)  # the demo stops every process it started and removes its folder
        try:
            output, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        pytest.fail(f"kiosk demo did not finish in time:\n{output[-4000:]}")
    leftovers = [p.name for p in tmp.iterdir()]
    assert leftovers == [], f"the demo left {leftovers} in its temporary folder's parent:\n{output[-4000:]}"
    wait_until_sync(lambda: not _still_running(str(tmp)), within_s=10, interval=0.2,
                    what=f"the demo's processes ending (still running: {_still_running(str(tmp))})")
    assert report.exists(), output[-4000:]
    return process.returncode, output, json.loads(report.read_text())


def database_rows(url: str) -> tuple[dict[str, tuple[str, bool]], list[tuple[str, str | None, str, str]]]:
    """Sessions (state, ended) and claims (reference, session, type, reason) as the hub stored them."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            sessions = {
                r.id: (r.state, r.ended_at is not None)
                for r in connection.execute(select(VisitSession.id, VisitSession.state, VisitSession.ended_at))
            }
            claims = [
                (r.reference, r.session_id, r.claim_type, r.reason)
                for r in connection.execute(select(Claim.reference, Claim.session_id, Claim.claim_type, Claim.reason)
                                            .where(Claim.session_id.is_not(None)))
            ]
    finally:
        engine.dispose()
    return sessions, claims


def assert_report_matches_database(report: dict[str, Any], url: str) -> None:
    """Every visitor's session, final state and claim reference as the database has them, and nothing more."""
    sessions, claims = database_rows(url)
    rows = report["visitors"]
    assert {r["session_id"] for r in rows} == set(sessions)
    for row in rows:
        assert sessions[row["session_id"]] == (row["outcome"], True), row
    submitted = {(r["reference"], r["session_id"], r["claim_type"], r["reason"]) for r in rows
                 if r["outcome"] == "submitted"}
    assert set(claims) == submitted and len(claims) == len(submitted)
    assert sorted(c[0] for c in claims) == report["references"]
    totals = report["totals"]
    assert totals["submitted"] == len(claims)
    assert totals["rejected"] == sum(1 for s, _ in sessions.values() if s == "rejected")
    assert totals["abandoned"] == sum(1 for s, _ in sessions.values() if s == "abandoned")
    assert totals["not_final"] == 0
    assert report["database_check"]["ok"], report["database_check"]


def assert_collective_batch_final_once(report: dict[str, Any], url: str, workers: int) -> None:
    """Issue 14: the company's batch as the database has it: every row final (claim, rejection or refused by
    the checks), each submitted row's worker with exactly one claim, nobody else with any."""
    from kiosk.server.models import CollectiveRow, Participant

    summary = report["collective"]
    assert summary["rows"] == workers and summary["all_final"], summary
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(CollectiveRow.nik, CollectiveRow.accepted, CollectiveRow.decision,
                       CollectiveRow.claim_reference).where(CollectiveRow.batch_id == summary["batch"])
            ).all()
            claims = dict(connection.execute(
                select(Participant.nik, Claim.reference).join(Claim, Claim.participant_id == Participant.id)
                .where(Participant.nik.in_([r.nik for r in rows]))
            ).all())
            per_worker = Counter(nik for (nik,) in connection.execute(
                select(Participant.nik).join(Claim, Claim.participant_id == Participant.id)
                .where(Participant.nik.in_([r.nik for r in rows]))
            ))
    finally:
        engine.dispose()
    assert len(rows) == workers
    assert all(r.claim_reference or r.decision == "rejected" or not r.accepted for r in rows)
    submitted = [r for r in rows if r.claim_reference]
    assert len(submitted) == summary["counts"]["submitted"] >= workers * 9 // 10  # one in 25 never confirms
    assert all(per_worker[r.nik] == 1 and claims[r.nik] == r.claim_reference for r in submitted)
    assert sum(per_worker.values()) == len(submitted)
    assert summary["distinct_references"] == len(submitted)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file outside the demo's temporary folder, so it can be read after the run."""
    return f"sqlite:///{tmp_path / 'hub.sqlite3'}"


def test_every_claim_type_rejection_and_walk_away_on_sqlite(tmp_path: Path, sqlite_url: str) -> None:
    code, output, report = run_demo(
        tmp_path, sqlite_url, "--booths", "4", "--participants", "6",
        "--cast", EVERY_TYPE + ",jht_layoff_no_npwp,jht_too_early",
    )
    assert code == 0, output[-4000:]
    outcomes = {r["case"]: r["outcome"] for r in report["visitors"]}
    assert outcomes == {
        "jht_layoff": "submitted", "jkm_heir": "submitted", "jkk_work_accident": "submitted",
        "jp_pension": "submitted", "jht_layoff_no_npwp": "rejected", "jht_too_early": "abandoned",
    }
    assert {r["claim_type"] for r in report["visitors"] if r["outcome"] == "submitted"} == {"JHT", "JKM", "JKK", "JP"}
    by_case = {r["case"]: r for r in report["visitors"]}
    assert "jkp_explained" in by_case["jht_layoff"]["notes"]  # JKP: explained at the booth, then JHT
    assert "walked_away" in by_case["jht_too_early"]["notes"]
    assert {r["arrival"] for r in report["visitors"]} == {"booking", "walk_in"}
    officer = report["officer"]
    assert officer["sessions"] == 5 and officer["rejected"] == 1 and officer["approved"] == 4
    assert officer["recaptures"] == 1 and any(r["recaptures_held"] for r in report["visitors"])
    assert officer["officer_utilisation"] is not None and 0 < officer["officer_utilisation"] <= 1
    assert officer["fps_tile_mean"] and officer["latency_p50_ms"] is not None
    # The machine checks (issue 19): every served session's faces compared, the card whose NIK is not the typed
    # one flagged, the person standing behind the JKK visitor warned of; the summary says so.
    case_of = {r["session_id"]: r["case"] for r in report["visitors"]}
    assist = {case_of[s["session_id"]]: s["assist"] for s in report["officer_sessions"] if s.get("assist")}
    assert set(assist) == set(outcomes) - {"jht_too_early"}
    assert all(a["face"] for a in assist.values()), assist
    assert "nik" in assist["jht_layoff_no_npwp"]["fields_differing"], assist["jht_layoff_no_npwp"]
    # (Whether a right NIK is read as right depends on OCR of a moving 460 px card; a misread is a hint the officer
    # overrules, so it is reported in the run's summary, not asserted here.)
    assert assist["jkk_work_accident"]["second_face"] and not assist["jht_layoff"]["second_face"]
    assert "machine checks" in output
    assert_report_matches_database(report, sqlite_url)
    for reference in report["references"]:
        assert reference in output  # the summary table names every claim reference


@pytest.mark.postgres
def test_every_claim_type_on_postgresql_without_a_display(tmp_path: Path, postgres_url: str) -> None:
    from tests.support.postgres import fresh_database

    with fresh_database(postgres_url) as url:
        code, output, report = run_demo(
            tmp_path, url, "--booths", "4", "--participants", "4", "--cast", EVERY_TYPE, "--online", "1",
            "--collective", "50", headless=False,
        )
        assert "no display here" in output  # plain `kiosk demo` without a screen says so and runs headless
        assert code == 0, output[-4000:]
        assert report["database"] == "postgresql"
        assert [r["outcome"] for r in report["visitors"]] == ["submitted"] * 5
        booth_rows = [r for r in report["visitors"] if r["channel"] == "booth"]
        assert sorted(r["claim_type"] for r in booth_rows) == ["JHT", "JKK", "JKM", "JP"]
        # Issue 12: a participant at home booked on the online pages, prepared (consent, claim details, a photo of
        # every document), joined from headless Chromium and was served by the same console beside the booths.
        assert report["channels"] == {"booth": 4, "online": 1}
        (online,) = [r for r in report["visitors"] if r["channel"] == "online"]
        assert online["booth"] is None and online["reference"] in output and "online" in output
        assert_report_matches_database(report, url)
        # Issue 14: beside the visits, a company filed for 50 workers; the officer approved and submitted in bulk.
        assert_collective_batch_final_once(report, url, 50)
        assert "50 workers filed by one company" in output


@pytest.mark.postgres
def test_whole_visits_through_nginx_with_the_booths_and_the_console_on_two_hub_instances(
    tmp_path: Path, postgres_url: str
) -> None:
    """Issue 17: two hub instances (one PostgreSQL, one Redis) behind deploy/nginx/kiosk-hub.conf with TLS; the
    booths and the console reach them only through the proxy, and at least one of them lands on the instance
    that does not run the branch, so its signaling crosses instances for the whole visit."""
    from tests.support.postgres import fresh_database

    with fresh_database(postgres_url) as url:
        code, output, report = run_demo(tmp_path, url, "--booths", "2", "--participants", "2", "--instances", "2")
        assert code == 0, output[-4000:]
        assert "2 hub instances" in output and "behind nginx with TLS" in output
        assert [r["outcome"] for r in report["visitors"]] == ["submitted"] * 2
        # Sockets were held by the instance that did not run the branch (forwarded through Redis).
        assert report["instances"]["count"] == 2 and sum(report["instances"]["forwarded_sockets"]) >= 1, report
        assert_report_matches_database(report, url)


def test_a_booth_and_an_online_visit_with_every_call_relayed_through_turn(tmp_path: Path, sqlite_url: str) -> None:
    """Issue 12: the whole online visit (book, prepare, join, call, reference) with relay-only ICE through a real
    coturn, beside a booth visit relayed the same way: the branch as it works across the internet."""
    code, output, report = run_demo(
        tmp_path, sqlite_url, "--booths", "1", "--participants", "1", "--cast", "jp_pension", "--online", "1",
        "--relay",
    )
    assert code == 0, output[-4000:]
    assert "every call relayed" in output
    assert report["channels"] == {"booth": 1, "online": 1}
    assert [r["outcome"] for r in report["visitors"]] == ["submitted", "submitted"]
    # Both calls went through coturn: each end of each call (booth, browser, and the console twice) allocated a
    # relay, and nothing could connect otherwise (relay-only candidates on every side).
    assert report["relay_allocations"] >= 4, report["relay_allocations"]
    assert_report_matches_database(report, sqlite_url)
