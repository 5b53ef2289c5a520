"""The demo's report: what happened to every visitor, the officer and the video, and whether the hub agrees.

`build_report` puts the booths' visit results, the scripted officer's sessions and the console's measurements
together; `check_database` reads the hub's database (SQLite file or PostgreSQL), lists every way it differs
from the report (sessions and their final states, claims and their references) and adds each visit's per-step
times from the hub's timestamps (self-service, waiting, call, check-in to reference: `kiosk.domain.visit_steps`)
with their summary; `format_summary` is the table printed at the end. The report names visitors by number and
case, never by NIK, KPJ or name.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from kiosk.domain.visit_steps import Step, VisitTimes, step_seconds

#: Outcomes in which a visit is over for good.
FINAL_OUTCOMES = ("submitted", "rejected", "abandoned")
REPORT_VERSION = 1


def _seconds_summary(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "min": round(ordered[0], 1),
        "median": round(statistics.median(ordered), 1),
        "mean": round(statistics.fmean(ordered), 1),
        "max": round(ordered[-1], 1),
    }


def build_report(
    *,
    booths: int,
    visitors: Sequence[Mapping[str, Any]],
    results: Mapping[int, Mapping[str, Any]],
    officer_sessions: Sequence[Mapping[str, Any]],
    console: Mapping[str, Any] | None,
    database: str,
    started_at: float,
    finished_at: float,
    interrupted: bool = False,
) -> dict[str, Any]:
    """The report as a JSON-ready dict (see the module docstring)."""
    rows = []
    for visitor in visitors:
        number = int(visitor["number"])
        result = results.get(number, {})
        checked_in, ended = result.get("checked_in_at"), result.get("ended_at")
        rows.append(
            {
                "number": number,
                "case": visitor["case"],
                "label": visitor["label"],
                "claim_type": visitor["claim_type"],
                "reason": visitor["reason"],
                "arrival": visitor["arrival"],
                "expected": visitor["expected"],
                "channel": visitor.get("channel", "booth"),
                "booth": result.get("booth"),
                "session_id": result.get("session_id"),
                "outcome": result.get("outcome", "not_started" if not result else "not_final"),
                "reference": result.get("reference"),
                "check_in_to_end_s": round(ended - checked_in, 1) if checked_in and ended else None,
                "recaptures_held": result.get("recaptures_held", 0),
                "notes": list(result.get("notes", [])),
                "error": result.get("error"),
            }
        )
    totals = Counter(row["outcome"] for row in rows)
    to_reference = [r["check_in_to_end_s"] for r in rows if r["outcome"] == "submitted" and r["check_in_to_end_s"]]
    handled = list(officer_sessions)
    return {
        "version": REPORT_VERSION,
        "started_at": datetime.fromtimestamp(started_at, UTC).isoformat(timespec="seconds"),
        "finished_at": datetime.fromtimestamp(finished_at, UTC).isoformat(timespec="seconds"),
        "duration_s": round(finished_at - started_at, 1),
        "interrupted": interrupted,
        "database": database,
        "booths": booths,
        "participants": len(rows),
        #: Visitors by channel: at a booth of the branch, online from a browser.
        "channels": dict(Counter(row["channel"] for row in rows)),
        "totals": {
            "submitted": totals.get("submitted", 0),
            "rejected": totals.get("rejected", 0),
            "abandoned": totals.get("abandoned", 0),
            "not_final": sum(n for outcome, n in totals.items() if outcome not in FINAL_OUTCOMES),
        },
        "references": sorted(r["reference"] for r in rows if r["outcome"] == "submitted" and r["reference"]),
        "check_in_to_reference_s": _seconds_summary(to_reference),
        "officer": {
            **(dict(console or {})),
            "sessions": len(handled),
            "approved": sum(1 for s in handled if s.get("decision") == "approved"),
            "rejected": sum(1 for s in handled if s.get("decision") == "rejected"),
            "recaptures": sum(int(s.get("recaptures", 0)) for s in handled),
            "captures_requested": sum(len(s.get("captures_requested", [])) for s in handled),
            "stuck": sum(1 for s in handled if s.get("error")),
            "assist": _assist_summary(handled),
        },
        "visitors": rows,
        "officer_sessions": handled,
    }


def _assist_summary(handled: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What the machine checks said over the run: face verdicts, distances, sessions with a differing field or a
    second face, and how often the officer overruled (verdicts and field names only)."""
    checked = [s["assist"] for s in handled if s.get("assist")]
    distances = sorted(a["face_distance"] for a in checked if a.get("face_distance") is not None)
    return {
        "sessions": len(checked),
        "faces": dict(Counter(a["face"] for a in checked if a.get("face"))),
        "face_distance_median": distances[len(distances) // 2] if distances else None,
        "fields_differing": sum(1 for a in checked if a.get("fields_differing")),
        "second_face": sum(1 for a in checked if a.get("second_face")),
        "overruled": sum(1 for a in checked for call in a.get("calls", {}).values() if call == "overruled"),
    }


def all_final(report: Mapping[str, Any]) -> bool:
    """True when every visitor of the report reached a final state, and every row of a collective batch."""
    visitors = bool(report["visitors"]) and all(row["outcome"] in FINAL_OUTCOMES for row in report["visitors"])
    collective = report.get("collective")
    return visitors and (collective is None or bool(collective.get("all_final")))


# ---------------------------------------------------------------------------------------------- the database


def database_facts(database_url: str) -> dict[str, Any]:
    """The sessions and claims in the hub's database (ids, states, references; nothing personal)."""
    from sqlalchemy import create_engine, select

    from kiosk.server.models import Claim, VisitSession

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            sessions = {
                row.id: {"state": row.state, "ended": row.ended_at is not None, "checked_in_at": row.created_at,
                         "queued_at": row.queued_at, "call_started_at": row.call_started_at,
                         "ended_at": row.ended_at, "channel": row.channel}
                for row in connection.execute(
                    select(VisitSession.id, VisitSession.state, VisitSession.created_at, VisitSession.queued_at,
                           VisitSession.call_started_at, VisitSession.ended_at, VisitSession.channel)
                )
            }
            claims = [
                {"reference": row.reference, "session_id": row.session_id, "claim_type": row.claim_type,
                 "reason": row.reason, "created_at": row.created_at}
                for row in connection.execute(
                    # A visit's claims; the collective channel's have no session (see `check_collective`).
                    select(Claim.reference, Claim.session_id, Claim.claim_type, Claim.reason, Claim.created_at)
                    .where(Claim.session_id.is_not(None))
                )
            ]
    finally:
        engine.dispose()
    return {"sessions": sessions, "claims": claims}


def compare_with_database(report: Mapping[str, Any], facts: Mapping[str, Any]) -> list[str]:
    """Every difference between the report and the hub's database (empty when they agree)."""
    problems: list[str] = []
    sessions: dict[str, dict[str, Any]] = dict(facts["sessions"])
    claims: list[dict[str, Any]] = list(facts["claims"])
    rows = [r for r in report["visitors"] if r.get("session_id")]
    reported_ids = {r["session_id"] for r in rows}
    for extra in sorted(set(sessions) - reported_ids):
        problems.append(f"session {extra} is in the database but not in the report")
    for row in rows:
        sid = row["session_id"]
        found = sessions.get(sid)
        if found is None:
            problems.append(f"visitor {row['number']}: session {sid} is not in the database")
            continue
        if found.get("channel", "booth") != row.get("channel", "booth"):
            problems.append(f"visitor {row['number']}: came {row.get('channel')}, database says {found['channel']}")
        if row["outcome"] in FINAL_OUTCOMES and found["state"] != row["outcome"]:
            problems.append(f"visitor {row['number']}: reported {row['outcome']}, database says {found['state']}")
        if row["outcome"] in FINAL_OUTCOMES and not found["ended"]:
            problems.append(f"visitor {row['number']}: session {sid} is still open in the database")
    by_session = {c["session_id"]: c for c in claims}
    if len(by_session) != len(claims):
        problems.append("a session has more than one claim in the database")
    for row in rows:
        claim = by_session.get(row["session_id"])
        if row["outcome"] == "submitted":
            if claim is None:
                problems.append(f"visitor {row['number']}: submitted, but the database has no claim")
            elif claim["reference"] != row["reference"]:
                problems.append(f"visitor {row['number']}: reference {row['reference']} != {claim['reference']}")
            elif (claim["claim_type"], claim["reason"]) != (row["claim_type"], row["reason"]):
                problems.append(f"visitor {row['number']}: the claim in the database is for another type/reason")
        elif claim is not None:
            problems.append(
                f"visitor {row['number']}: {row['outcome']}, yet the database has claim {claim['reference']}"
            )
    for claim in claims:
        if claim["session_id"] not in reported_ids:
            problems.append(f"claim {claim['reference']} is not in the report")
    states = Counter(found["state"] for found in sessions.values())
    totals = report["totals"]
    for outcome in FINAL_OUTCOMES:
        if states.get(outcome, 0) != totals[outcome]:
            problems.append(f"{outcome}: report {totals[outcome]}, database {states.get(outcome, 0)}")
    if len(claims) != totals["submitted"]:
        problems.append(f"claims: report {totals['submitted']}, database {len(claims)}")
    return problems


def add_step_times(report: dict[str, Any], facts: Mapping[str, Any]) -> None:
    """Each visitor's per-step times (``steps_s``) from the hub's timestamps, and their summary per step
    (``step_times_s``: count, min, median, mean, max; None for a step no visit reached)."""
    referenced = {c["session_id"]: c.get("created_at") for c in facts["claims"]}
    values: dict[Step, list[float]] = {step: [] for step in Step}
    for row in report["visitors"]:
        found = facts["sessions"].get(row.get("session_id"))
        if found is None or found.get("checked_in_at") is None:
            row["steps_s"] = {}
            continue
        times = VisitTimes(found["checked_in_at"], found.get("queued_at"), found.get("call_started_at"),
                           found.get("ended_at"), referenced.get(row["session_id"]))
        steps = step_seconds(times)
        row["steps_s"] = {step.value: round(seconds, 1) for step, seconds in steps.items()}
        for step, seconds in steps.items():
            values[step].append(seconds)
    report["step_times_s"] = {step.value: _seconds_summary(found) for step, found in values.items()}


def check_collective(summary: Mapping[str, Any], database_url: str) -> list[str]:
    """Every problem of a collective batch in the hub's database: a row not in a final state, a submitted row
    whose claim is missing, a worker with more (or fewer) claims than their row says, the console's count off."""
    from sqlalchemy import create_engine, func, select

    from kiosk.server.models import Claim, CollectiveRow, Participant

    problems: list[str] = []
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(CollectiveRow.line, CollectiveRow.accepted, CollectiveRow.decision,
                       CollectiveRow.claim_reference, CollectiveRow.nik)
                .where(CollectiveRow.batch_id == summary["batch"])
            ).all()
            niks = [r.nik for r in rows if r.nik]
            per_worker: dict[str, int] = {}
            for start in range(0, len(niks), 500):
                per_worker.update(
                    (nik, count) for nik, count in connection.execute(
                        select(Participant.nik, func.count(Claim.id))
                        .join(Claim, Claim.participant_id == Participant.id)
                        .where(Participant.nik.in_(niks[start:start + 500]))
                        .group_by(Participant.nik)
                    )
                )
            references = {r for r in (row.claim_reference for row in rows) if r}
            stored = set(connection.execute(select(Claim.reference).where(Claim.reference.in_(references)))
                         .scalars()) if references else set()
    finally:
        engine.dispose()
    submitted = [r for r in rows if r.claim_reference]
    for row in rows:
        final = not row.accepted or row.claim_reference is not None or row.decision == "rejected"
        if not final:
            problems.append(f"collective row {row.line} is not in a final state")
        wanted = 1 if row.claim_reference else 0
        if row.nik and per_worker.get(row.nik, 0) != wanted:
            problems.append(f"collective row {row.line}: {per_worker.get(row.nik, 0)} claims in the database, "
                            f"{wanted} expected")
    if len(references) != len(submitted):
        problems.append("two collective rows share a claim reference")
    for missing in sorted(references - stored):
        problems.append(f"collective claim {missing} is not in the database")
    if summary.get("counts", {}).get("submitted", 0) != len(submitted):
        problems.append(f"collective: the console counted {summary.get('counts', {}).get('submitted', 0)} "
                        f"submitted rows, the database has {len(submitted)}")
    if len(rows) != summary.get("rows"):
        problems.append(f"collective: the console saw {summary.get('rows')} rows, the database has {len(rows)}")
    return problems


def check_database(report: dict[str, Any], database_url: str) -> list[str]:
    """Compare the report with the hub's database, record the result and the per-step times in the report."""
    facts = database_facts(database_url)
    add_step_times(report, facts)
    problems = compare_with_database(report, facts)
    collective = report.get("collective")
    if collective and "batch" in collective:
        found = check_collective(collective, database_url)
        collective["database_ok"] = not found
        problems += found
    report["database_check"] = {
        "ok": not problems,
        "problems": problems,
        "sessions": len(facts["sessions"]),
        "claims": len(facts["claims"]),
    }
    return problems


# ---------------------------------------------------------------------------------------------- the table


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    rows = [list(r) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def _wrapped(items: Sequence[str], width: int = 90) -> str:
    """`items` joined with commas, broken into lines of about `width` characters (indented to the table)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(item) + 2 <= width:
            lines[-1] += ", " + item
        else:
            lines.append(item)
    return (",\n" + " " * 22).join(lines)


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


#: How the summary names each step.
STEP_NAMES = {
    Step.SELF_SERVICE: "self-service",
    Step.WAITING: "waiting",
    Step.CALL: "call",
    Step.CHECK_IN_TO_REFERENCE: "check-in → reference",
}


def _steps_line(summary: Mapping[str, Any] | None) -> str:
    """Each step's median (and max) over the visits that reached it, e.g. ``self-service median 2:10 (max 3:05)``."""
    if not summary:
        return "–"
    parts = []
    for step, name in STEP_NAMES.items():
        found = summary.get(step.value)
        parts.append(f"{name} median {_duration(found['median'])} (max {_duration(found['max'])})" if found
                     else f"{name} –")
    return _wrapped(parts, width=70)


def _assist_line(summary: Mapping[str, Any] | None) -> str:
    if not summary or not summary.get("sessions"):
        return "–"
    faces = ", ".join(f"{n} {verdict.replace('_', ' ')}" for verdict, n in sorted(summary["faces"].items()))
    median = summary.get("face_distance_median")
    return (f"{summary['sessions']} sessions: faces {faces or '–'} (median distance "
            f"{'–' if median is None else f'{median:.2f}'}); a field differing from the card in "
            f"{summary['fields_differing']}; a second face in {summary['second_face']}; "
            f"{summary['overruled']} overruled by the officer")


def collective_line(summary: Mapping[str, Any] | None) -> str:
    """What became of a collective batch, on one line."""
    if not summary or "counts" not in summary:
        return "–"
    counts = summary.get("counts", {})
    rate = summary.get("claims_per_s")
    return (f"{summary['rows']} workers filed by one company: {counts.get('submitted', 0)} claims submitted "
            f"({summary['approved_in_bulk']} approved in bulk; {summary['queued']} through the outbox in "
            f"{summary['submit_s']} s{f', {rate} claims/s' if rate else ''}), {counts.get('rejected', 0)} rejected "
            f"(no confirmation), {counts.get('refused', 0)} refused by the checks"
            + ("" if summary.get("all_final") else "; NOT every row final"))


def format_summary(report: Mapping[str, Any]) -> str:
    """The summary printed at the end of a demo run."""
    lines = ["", "Visitors"]
    lines += _table(
        ("#", "where", "case", "arrival", "claim", "outcome", "reference", "check-in→end"),
        (
            (
                str(r["number"]),
                "online" if r.get("channel") == "online" else f"booth {r['booth'] or '–'}",
                r["case"],
                r["arrival"].replace("_", "-"),
                f"{r['claim_type']} {r['reason']}",
                r["outcome"] + ("" if r["outcome"] == r["expected"] else f" (expected {r['expected']})"),
                r["reference"] or "–",
                _duration(r["check_in_to_end_s"]),
            )
            for r in report["visitors"]
        ),
    )
    totals, officer = report["totals"], report["officer"]
    timing = report.get("check_in_to_reference_s") or {}
    utilisation = officer.get("officer_utilisation")
    rows = [
        ("participants", f"{report['participants']}: " + ", ".join(
            f"{n} online" if channel == "online" else f"{n} at {report['booths']} booths"
            for channel, n in sorted(report.get("channels", {}).items()))),
        ("claims submitted", f"{totals['submitted']}: " + (_wrapped(report["references"]) or "–")),
        ("rejected", str(totals["rejected"])),
        ("abandoned", str(totals["abandoned"])),
        ("not in a final state", str(totals["not_final"])),
        ("check-in → reference", f"median {_duration(timing.get('median'))}, min {_duration(timing.get('min'))}, "
                                 f"max {_duration(timing.get('max'))}" if timing else "–"),
        ("officer utilisation", (f"{utilisation:.0%} (busy {_duration(officer.get('officer_busy_s'))} of "
                                 f"{_duration(officer.get('officer_window_s'))}; {officer['sessions']} sessions, "
                                 f"{officer['recaptures']} recapture(s), {officer['rejected']} rejection(s))")
         if utilisation is not None else "–"),
        ("video at the console", (f"{officer.get('fps_tile_mean') or 0:.1f} fps per tile, "
                                  f"{officer.get('fps_focused_mean') or 0:.1f} fps focused; latency p50 "
                                  f"{_ms(officer.get('latency_p50_ms'))}, p95 {_ms(officer.get('latency_p95_ms'))}")
         if officer.get("video_samples") else "–"),
        ("machine checks", _assist_line(officer.get("assist"))),
        ("collective", collective_line(report.get("collective"))),
        ("time per step", _steps_line(report.get("step_times_s"))),
        ("run time", _duration(report["duration_s"])),
    ]
    check = report.get("database_check")
    if check is not None:
        rows.append(
            ("database check", "report matches the hub's database "
             f"({check['sessions']} sessions, {check['claims']} claims"
             + (f"; the collective batch's {report['collective']['counts'].get('submitted', 0)} claims, one per "
                "worker" if (report.get("collective") or {}).get("database_ok") else "") + ")"
             if check["ok"]
             else f"{len(check['problems'])} difference(s): " + "; ".join(check["problems"][:5]))
        )
    lines += ["", "Summary"]
    lines += _table(("", ""), rows)[2:]
    return "\n".join(lines) + "\n"
