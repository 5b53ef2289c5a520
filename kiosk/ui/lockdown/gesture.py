"""The admin's way in: taps in a corner of the booth window, counted within a time window."""

from __future__ import annotations

from collections import deque

#: Taps in the corner, the time they must fall into, and the corner's size in pixels.
GESTURE_TAPS = 5
GESTURE_WINDOW_S = 3.0
GESTURE_CORNER_PX = 96


class TapGesture:
    """Recognises `taps` taps within `window_s` seconds (the caller decides what counts as a tap)."""

    def __init__(self, taps: int = GESTURE_TAPS, window_s: float = GESTURE_WINDOW_S) -> None:
        self.taps = taps
        self.window_s = window_s
        self._times: deque[float] = deque(maxlen=taps)

    def tap(self, at: float) -> bool:
        """Count a tap at time `at` (seconds); True when it completes the gesture (which then starts over)."""
        self._times.append(at)
        if len(self._times) == self.taps and self._times[-1] - self._times[0] <= self.window_s:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        """Forget the taps so far."""
        self._times.clear()
