"""How a duration reads on every screen: ``m:ss`` below an hour, ``h:mm:ss`` above.

Digits and colons only, so the same in both languages and readable at a glance ("1024 dtk" made the officer do
arithmetic). The console's counters, its frozen-video and interrupted-link cards and the dashboard use it.
"""

from __future__ import annotations


def format_duration(seconds: float) -> str:
    """``m:ss`` below an hour, ``h:mm:ss`` above; negative durations read as ``0:00``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
