"""Online participants: join to first video, quality, and console CPU, with a real hub, real headless Chromium
participants on the Join page (/online/join), a real coturn and the console app's `ConsoleService` in a process.

    python -m bench.online_call --runs 5 --json bench/online_call_results.json --markdown

1. **Join to first video**: from the click on the page's "join" button to the first decoded frame of the
   participant's video at the console, directly (host candidates on 127.0.0.1) and through TURN (relay-only ICE
   in the browser: the hub's ``turn.relay_only``; and at the console: ``video.ice_relay_only``), the two modes one
   after the other in every run. Split into click -> assignment (the hub queues and assigns the visit), ->
   connected (the browser gathers, offers, the console answers, ICE and DTLS), -> first decoded frame.
2. **Quality**: two browser participants on one console, one focused: the size and frame rate the console
   receives of each, and the officer's video as the focused browser receives it (medians of 1 s samples over a
   window after the focused one reached 1280x720 at >= 20 fps, or after 20 s).
3. **Console CPU**: 4 booths (bench/console_capacity.py's booth processes, through the hub) and 2 browser
   participants on one console, a browser focused; against 6 booths and no browser. The console process's CPU
   (100 % = one core) over a window, back to back, median of runs; the load average is recorded.

Needs Debian's chromium, chromium-driver and coturn (as the tests do).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.online_call_parts import (
    booth_processes,
    booth_visits,
    browsers,
    console_process,
    medians,
    new_visit,
    open_join,
    page_stats,
)
from kiosk.domain.session import SessionState
from tests.support.hub import RunningHub, running_hub
from tests.support.turn import running_turn

log = logging.getLogger("bench.online_call")


def _join_once(hub: RunningHub, console: Any, driver: Any) -> dict[str, Any]:
    """One participant clicks "join" on a fresh visit; the console's marks; the call ended afterwards."""
    visit = new_visit(hub, SessionState.CHECKED_IN)
    open_join(driver, hub, visit)
    time.sleep(0.5)  # the page settles (its socket welcomed, the meter running)
    clicked = time.monotonic()
    driver.find_element("id", "join").click()
    marks = console.ask("first_frame", visit.session_id, 30.0)
    stats = page_stats(driver)
    console.ask("end", visit.session_id)
    driver.get("about:blank")

    def since(mark: str) -> float | None:
        value = marks[mark]
        return None if value is None else round(value - clicked, 3)

    return {
        "assigned_s": since("assigned"), "connected_s": since("connected"), "first_video_s": since("first_frame"),
        "candidates": stats.get("candidates"), "gathered": stats.get("gathered"),
    }


def join_to_video(runs: int, warmup: int = 1) -> dict[str, Any]:
    """Item 1: `runs` joins in each mode, direct and relayed alternating; `warmup` uncounted joins first."""
    out: dict[str, Any] = {"direct": [], "turn": [], "warmup": []}
    with contextlib.ExitStack() as stack:
        turn = stack.enter_context(running_turn())
        direct_hub = stack.enter_context(running_hub())
        relay_hub = stack.enter_context(running_hub(turn=turn.settings().model_copy(update={"relay_only": True})))
        direct = stack.enter_context(console_process(direct_hub.base_url))
        relayed = stack.enter_context(console_process(relay_hub.base_url, relay_only=True))
        (driver,) = stack.enter_context(browsers(1))
        for index in range(warmup + runs):
            for mode, hub, console in (("direct", direct_hub, direct), ("turn", relay_hub, relayed)):
                row = _join_once(hub, console, driver)
                log.warning("join %s %s: %s", index, mode, row)
                (out["warmup"] if index < warmup else out[mode]).append({"mode": mode, **row})
        out["turn_allocations"] = turn.allocations()
    return out


def _settle(console: Any, sid: str, seconds: float = 20.0) -> float:
    """Seconds until the focused participant arrives at 1280x720 and >= 20 fps (or `seconds`)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        rows = console.ask("sample", [sid], 1.0)["rows"][sid]
        width, height, fps = rows[-1]
        if (width, height) == (1280, 720) and fps >= 20:
            break
    return round(time.monotonic() - started, 1)


def quality(window_s: float) -> dict[str, Any]:
    """Item 2: two browser participants, the first focused; what the console and the focused browser receive."""
    # Not niced: a participant's browser runs on the participant's own PC (a starved encoder drops frames).
    with running_hub() as hub, console_process(hub.base_url) as console, browsers(2, nice=0) as drivers:
        visits = [new_visit(hub, SessionState.WAITING_CSO, index) for index in range(2)]
        for driver, visit in zip(drivers, visits, strict=True):
            open_join(driver, hub, visit)
        sids = [v.session_id for v in visits]
        console.ask("up", sids, 60.0)
        console.ask("focus", sids[0])
        settled = _settle(console, sids[0])
        time.sleep(2.0)  # the unfocused one's thumbnail level too
        console.send("sample", sids, window_s)
        officer: list[tuple[int, int, float]] = []
        sent: list[tuple[int, int, float]] = []
        deadline = time.monotonic() + window_s
        while time.monotonic() < deadline:
            stats = page_stats(drivers[0])
            for into, row in ((officer, stats.get("inbound") or {}), (sent, stats.get("outbound") or {})):
                into.append((row.get("width", 0), row.get("height", 0), float(row.get("fps", 0))))
            time.sleep(1.0)
        sample = console.result(window_s + 30)
    return {
        "settled_s": settled,
        "focused": {**medians(sample["rows"][sids[0]]), "level": sample["quality"].get(sids[0])},
        "unfocused": {**medians(sample["rows"][sids[1]]), "level": sample["quality"].get(sids[1])},
        "officer_video_at_focused_browser": medians(officer),
        "focused_browser_sends": medians(sent),
        "window_s": window_s,
    }


def cpu_once(booths: int, participants: int, window_s: float) -> dict[str, Any]:
    """Item 3, one run: `booths` booths and `participants` browsers on one console, one browser (else a booth)
    focused; the console process's CPU over `window_s`."""
    calls = booths + participants
    with running_hub() as hub, console_process(hub.base_url, cap=calls) as console, \
            browsers(participants) as drivers:
        visits = booth_visits(hub, booths)
        # The hub assigns a booth's visit once the booth is connected; an offer it sent before that is lost and
        # the booth offers again after its timeout (setup only: the window starts when every call is up).
        with booth_processes(hub, visits):
            console.ask("assigned", booths, 60.0)
            online = [new_visit(hub, SessionState.WAITING_CSO, index) for index in range(participants)]
            for driver, visit in zip(drivers, online, strict=True):
                open_join(driver, hub, visit)
            sids = [sid for _, sid in visits] + [v.session_id for v in online]
            console.ask("up", sids, 90.0)
            focused = online[0].session_id if online else sids[0]
            console.ask("focus", focused)
            time.sleep(5.0)
            sample = console.ask("sample", sids, window_s, timeout=window_s + 60)
            load = os.getloadavg()
            for driver in drivers:
                driver.get("about:blank")
    # Under load the niced senders send fewer frames, and the console decodes less: CPU per decoded frame compares.
    fps_total = sum(medians(rows)["fps"] for rows in sample["rows"].values())
    return {
        "booths": booths, "participants": participants, "cpu_pct": round(sample["cpu_share"] * 100, 1),
        "fps_total": round(fps_total, 1),
        "cpu_ms_per_frame": round(sample["cpu_share"] * 1000 / fps_total, 2) if fps_total else None,
        "focused": medians(sample["rows"][focused]),
        "others_fps_median": round(statistics.median(
            medians(rows)["fps"] for sid, rows in sample["rows"].items() if sid != focused), 1),
        "load_average": [round(v, 2) for v in load], "window_s": window_s,
    }


def _summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "min": None, "max": None}
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2), "max": round(max(values), 2)}


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """Medians (min, max) per mode and phase; CPU medians per scenario."""
    join = results["join"]
    summary: dict[str, Any] = {"join": {}}
    for mode in ("direct", "turn"):
        summary["join"][mode] = {
            key: _summary([r[key] for r in join[mode] if r[key] is not None])
            for key in ("assigned_s", "connected_s", "first_video_s")
        }
    summary["cpu"] = {}
    for name, rows in results["cpu"].items():
        summary["cpu"][name] = {"cpu_pct": _summary([r["cpu_pct"] for r in rows]),
                                "fps_total": _summary([r["fps_total"] for r in rows]),
                                "cpu_ms_per_frame": _summary([r["cpu_ms_per_frame"] or 0 for r in rows]),
                                "load_1m": _summary([r["load_average"][0] for r in rows])}
    return summary


def markdown(results: dict[str, Any]) -> str:
    """The tables of docs/benchmarks.md."""
    s = results["summary"]
    lines = ["| join to first video at the console | runs | click -> assigned s | -> connected s "
             "| -> first decoded frame s (median, min-max) |", "|---|---|---|---|---|"]
    for mode, label in (("direct", "direct (host candidates, 127.0.0.1)"), ("turn", "relay-only through coturn")):
        row = s["join"][mode]
        first = row["first_video_s"]
        lines.append(f"| {label} | {len(results['join'][mode])} | {row['assigned_s']['median']} "
                     f"| {row['connected_s']['median']} | **{first['median']}** ({first['min']}-{first['max']}) |")
    q = results["quality"]
    lines += ["", "| video | size | fps median (min) | level |", "|---|---|---|---|"]
    for key, label in (("focused", "focused browser participant, at the console"),
                       ("unfocused", "unfocused browser participant, at the console"),
                       ("officer_video_at_focused_browser", "the officer's video, at the focused browser")):
        row = q[key]
        lines.append(f"| {label} | {row['width']}x{row['height']} | {row['fps']} ({row.get('fps_min')}) "
                     f"| {row.get('level', '-')} |")
    lines += ["", "| console serving | runs | console CPU % of a core (median, min-max) | frames decoded /s "
              "| CPU ms per decoded frame | load avg 1 min |", "|---|---|---|---|---|---|"]
    for name, row in s["cpu"].items():
        cpu = row["cpu_pct"]
        lines.append(f"| {name} | {len(results['cpu'][name])} | **{cpu['median']}** ({cpu['min']}-{cpu['max']}) "
                     f"| {row['fps_total']['median']} | {row['cpu_ms_per_frame']['median']} "
                     f"| {row['load_1m']['median']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the three measurements and print or write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="joins per mode (plus one warm-up each)")
    parser.add_argument("--cpu-runs", type=int, default=3, help="runs of each console CPU scenario")
    parser.add_argument("--window", type=float, default=10.0, help="seconds of the quality window")
    parser.add_argument("--cpu-window", type=float, default=15.0, help="seconds of the CPU window")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: join, quality, cpu")
    parser.add_argument("--json", help="write the raw results to this file")
    parser.add_argument("--markdown", action="store_true", help="print the Markdown tables")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s: %(message)s")
    skip = set(filter(None, args.skip.split(",")))
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()}}
    results["join"] = join_to_video(args.runs) if "join" not in skip else {"direct": [], "turn": []}
    results["quality"] = quality(args.window) if "quality" not in skip else {}
    results["cpu"] = {"4 booths + 2 browsers (one focused)": [], "6 booths, no browser (one focused)": []}
    for _ in range(0 if "cpu" in skip else args.cpu_runs):
        results["cpu"]["4 booths + 2 browsers (one focused)"].append(cpu_once(4, 2, args.cpu_window))
        results["cpu"]["6 booths, no browser (one focused)"].append(cpu_once(6, 0, args.cpu_window))
    results["machine"]["load_after"] = os.getloadavg()
    results["summary"] = summarise(results)
    print(json.dumps(results["summary"], indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.markdown and results["quality"]:
        print(markdown(results))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
