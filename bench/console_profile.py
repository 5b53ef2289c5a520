"""Where a console process spends its CPU, by kind of work, across all its threads (no py-spy here).

`Sampler` reads every thread's CPU time from /proc at start and stop (exact, per thread) and, in between, samples
every thread's Python stack 200 times a second (`sys._current_frames`). Each busy sample is put in a category by
the first recognised function from the innermost frame outwards (a thread inside libvpx or swscale shows the
Python call it is in). A thread's CPU time is then split over the categories in the proportion of its busy
samples, and the categories are summed over threads. Samples of threads blocked on a queue, a lock or the
selector are idle and not counted; a thread waiting for the GIL is counted as busy (the one bias).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter, defaultdict
from types import FrameType
from typing import Any

#: (category, file path fragment, function names or None for any function in that file), innermost match wins.
CATEGORIES: list[tuple[str, str, frozenset[str] | None]] = [
    ("decode (libvpx)", "aiortc/codecs/vpx.py", frozenset({"decode"})),
    ("decode (libvpx)", "aiortc/codecs/h264.py", frozenset({"decode"})),
    ("officer camera encode (libvpx)", "aiortc/codecs/vpx.py", frozenset({"encode", "_encode_frame"})),
    ("officer camera encode (libvpx)", "aiortc/codecs/h264.py", frozenset({"encode", "_encode_frame"})),
    ("audio (Opus, resampling)", "aiortc/codecs/opus.py", None),
    ("audio (Opus, resampling)", "kiosk/video/audio.py", None),
    ("colour conversion yuv420p -> RGB", "kiosk/video/tracks.py", frozenset({"to_array", "_convert"})),
    ("timecode read (bench only)", "kiosk/video/tracks.py", frozenset({"read_latency_ms"})),
    ("timecode read (bench only)", "kiosk/video/timecode.py", None),
    ("officer camera render + scale (synthetic)", "kiosk/video/scenes.py", None),
    ("officer camera render + scale (synthetic)", "kiosk/video/camera.py", None),
    ("officer camera render + scale (synthetic)", "kiosk/video/tracks.py", frozenset({"bgr_to_video_frame"})),
    ("paint (QImage wrap)", "bench/console_capacity.py", frozenset({"show"})),
    ("signaling (WebSocket, envelopes)", "websockets/", None),
    ("signaling (WebSocket, envelopes)", "kiosk/protocol/", None),
    ("control channel + stats", "kiosk/video/control.py", None),
    ("control channel + stats", "kiosk/video/peer_stats.py", None),
    ("control channel + stats", "kiosk/video/stats.py", None),
    ("RTP, jitter buffer, depacketising", "aiortc/jitterbuffer.py", None),
    ("RTP, jitter buffer, depacketising", "kiosk/video/jitter.py", None),
    ("RTP, jitter buffer, depacketising", "aiortc/rtcrtpreceiver.py", None),
    ("RTP, jitter buffer, depacketising", "aiortc/rtp.py", None),
    ("RTP sending (packetising, pacing)", "aiortc/rtcrtpsender.py", None),
    ("SRTP, DTLS, SCTP, ICE (transport)", "aiortc/rtcdtlstransport.py", None),
    ("SRTP, DTLS, SCTP, ICE (transport)", "aiortc/rtcsctptransport.py", None),
    ("SRTP, DTLS, SCTP, ICE (transport)", "aioice/", None),
    ("SRTP, DTLS, SCTP, ICE (transport)", "pylibsrtp", None),
]
#: Innermost functions that mean "waiting, not working".
IDLE = frozenset({"select", "wait", "get", "poll", "acquire", "_wait_for_tstate_lock", "sleep", "_worker"})
OTHER = "event loop, other Python"


def _category(frame: FrameType | None) -> str | None:
    if frame is None:
        return None
    if frame.f_code.co_name in IDLE and (
        frame.f_code.co_filename.endswith(("selectors.py", "threading.py", "queue.py", "thread.py"))
    ):
        return None
    while frame is not None:
        path = frame.f_code.co_filename
        name = frame.f_code.co_name
        for category, fragment, names in CATEGORIES:
            if fragment in path and (names is None or name in names):
                return category
        frame = frame.f_back
    return OTHER


def _thread_cpu(native_id: int) -> float:
    try:
        with open(f"/proc/self/task/{native_id}/stat", encoding="ascii") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler:
    """Sample the process's threads from `start()` to `stop(process_cpu_s)` (see the module docstring)."""

    def __init__(self, interval_s: float = 0.005) -> None:
        self.interval_s = interval_s
        self._samples: dict[int, Counter[str]] = defaultdict(Counter)
        self._cpu_start: dict[int, float] = {}
        self._names: dict[int, str] = {}
        self._running = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin sampling in a thread of its own."""
        self._running = True
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        me = threading.get_ident()
        while self._running:
            threads = {t.ident: t for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                thread = threads.get(ident)
                native = thread.native_id if thread is not None and thread.native_id is not None else ident
                if native not in self._cpu_start:
                    self._cpu_start[native] = _thread_cpu(native)
                    self._names[native] = thread.name if thread is not None else "?"
                category = _category(frame)
                if category is not None:
                    self._samples[native][category] += 1
            time.sleep(self.interval_s)

    def stop(self, process_cpu_s: float) -> dict[str, Any]:
        """End sampling; the CPU seconds per category (and per thread name), summing to about `process_cpu_s`."""
        self._running = False
        if self._thread is not None:
            self._thread.join()
        by_category: Counter[str] = Counter()
        by_thread: Counter[str] = Counter()
        for native, counts in self._samples.items():
            cpu = _thread_cpu(native) - self._cpu_start.get(native, 0.0)
            name = self._names.get(native, "?").rstrip("0123456789_-")
            by_thread[name] += cpu
            busy = sum(counts.values())
            for category, count in counts.items():
                by_category[category] += cpu * count / busy
        unattributed = max(0.0, process_cpu_s - sum(by_category.values()))
        return {
            "process_cpu_s": round(process_cpu_s, 2),
            "categories_cpu_s": {k: round(v, 2) for k, v in by_category.most_common()},
            "threads_cpu_s": {k: round(v, 2) for k, v in by_thread.most_common()},
            "unattributed_cpu_s": round(unattributed, 2),
        }
