"""Assisted verification: how long each machine check takes here, and what the second-face watch costs.

    python -m bench.assisted_verification [--repeat 5] [--booths 6] [--rate 2] [--seconds 10]

Each check runs `--repeat` times on the specimen documents and photos (kiosk/video/specimens.py, assets/faces);
the median and the slowest are reported (wall time: what the officer waits). The watch's cost is the CPU time of
one face count in a 1280x720 booth frame (counted for `--seconds`) times `--rate` checks per second, per booth and
for `--booths` on one PC. Then an evaluation over every pair of the shipped photos: distance and verdict.
Results go to bench/assisted_verification_results.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.domain.assist import FACE_MATCH_THRESHOLD, face_verdict
from kiosk.video.scenes import BoothScene
from kiosk.video.specimens import (
    CardHolder,
    face_photo,
    head_and_shoulders,
    paste,
    render_ektp,
    render_kpj_card,
    render_savings_book,
    tilted,
)
from kiosk.vision import card_reading, face_match
from kiosk.vision.faces import card_portrait, count_faces

RESULTS = Path(__file__).with_name("assisted_verification_results.json")
PHOTOS = ("obama", "obama2", "obama3", "biden")


def _timed(work: Callable[[], object], repeat: int) -> dict[str, float]:
    took = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        took.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(took), 1), "max_ms": round(max(took), 1)}


def checks(repeat: int) -> dict[str, dict[str, float]]:
    """Time of each check on one still."""
    holder = CardHolder("3506042508750001", "SITI AMINAH", "KEDIRI", "01-02-1960", portrait="obama")
    card = tilted(render_ektp(holder), 7)
    live = face_photo("obama2")
    frame = paste(BoothScene(1280, 720, card_aspect=1.586).render(1.0), head_and_shoulders("obama", 520), 420, 200)
    face_match.warm_up()
    return {
        "portrait crop (e-KTP still)": _timed(lambda: card_portrait(card), repeat),
        "face match (card + live still)": _timed(lambda: face_match.compare(card, live), repeat),
        "e-KTP reading (tilted, OCR)": _timed(lambda: card_reading.read_ektp(card), repeat),
        "savings book reading": _timed(
            lambda: card_reading.read_savings_book(render_savings_book("0123456789", "SITI AMINAH")), repeat
        ),
        "KPJ card reading": _timed(lambda: card_reading.read_kpj_card(render_kpj_card("12345678901", "X")), repeat),
        "face count (one 1280x720 frame)": _timed(lambda: count_faces(frame), repeat),
    }


def watch_cost(booths: int, rate: float, seconds: float) -> dict[str, float]:
    """CPU time one face count takes (process time, so a busy machine does not inflate it), and from it the share
    of one core the watch takes on one booth at `rate` checks per second and on one PC serving `booths` of them."""
    scene = BoothScene(1280, 720, card_aspect=1.586)
    frames = [paste(scene.render(t), head_and_shoulders("obama", 520), 420, 200) for t in range(booths)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    checks = 0
    while time.perf_counter() - wall0 < seconds:
        count_faces(frames[checks % booths])
        checks += 1
    cpu_per_check = (time.process_time() - cpu0) / checks
    return {
        "checks": checks,
        "cpu_ms_per_check": round(cpu_per_check * 1000, 1),
        "checks_per_s_per_booth": rate,
        "core_share_per_booth": round(cpu_per_check * rate, 3),
        f"core_share_for_{booths}_booths_on_one_pc": round(cpu_per_check * rate * booths, 3),
    }


def evaluation() -> list[dict[str, Any]]:
    """Every pair of shipped photos: distance and verdict (two people, four photos; see assets/faces)."""
    rows = []
    for a, b in itertools.combinations(PHOTOS, 2):
        card = render_ektp(CardHolder("3506042508750001", "X", "KEDIRI", "01-02-1960", portrait=a))
        result = face_match.compare(card, face_photo(b))
        same = a.startswith("obama") == b.startswith("obama")
        rows.append(
            {
                "card": a,
                "live": b,
                "same_person": same,
                "distance": None if result.distance is None else round(result.distance, 3),
                "verdict": face_verdict(result.distance).value,
                "correct": (result.distance is not None and result.distance < FACE_MATCH_THRESHOLD) == same,
            }
        )
    return rows


def main() -> None:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--booths", type=int, default=6)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    results = {
        "checks": checks(args.repeat),
        "watch": watch_cost(args.booths, args.rate, args.seconds),
        "evaluation": evaluation(),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
