"""Where the demo's windows go on a desktop: the console on the left, the booths in a grid on the right.

Booth screens are designed for 1280x800; on a desktop they are shown scaled down (Qt's ``QT_SCALE_FACTOR`` per
booth process) so that all of them fit next to the console. The screen's size comes from a tiny Qt process
(`probe_screen`): the orchestrator itself never imports Qt.

    python -m kiosk.demo.layout      prints "x y width height" of the primary screen's available area
"""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import dataclass

BOOTH_SIZE = (1280, 800)
#: The console needs about this much room (its widest row of widgets) before it starts to overflow.
CONSOLE_SIZE = (1800, 900)
#: Room a window manager's title bar takes above each window.
TITLE_BAR = 30


@dataclass(frozen=True)
class Placement:
    """A window's place in screen pixels and the scale its process runs at."""

    x: int
    y: int
    width: int
    height: int
    scale: float

    def geometry_argument(self) -> str:
        """``x,y,width,height`` in the process's own (scaled) pixels, for ``--geometry``."""
        s = self.scale
        return ",".join(str(round(v / s)) for v in (self.x, self.y, self.width, self.height))


def arrange(screen: tuple[int, int, int, int], booths: int) -> tuple[Placement, list[Placement]]:
    """The console's and each booth's placement on `screen` (x, y, width, height)."""
    sx, sy, width, height = screen
    console_width = width // 2
    console_scale = round(min(1.0, console_width / CONSOLE_SIZE[0], (height - TITLE_BAR) / CONSOLE_SIZE[1]), 2)
    console = Placement(sx, sy + TITLE_BAR, console_width, height - TITLE_BAR, console_scale)
    area_x, area_width = sx + console_width, width - console_width

    def fit(columns: int) -> tuple[float, int, int, int]:
        rows = math.ceil(booths / columns)
        cell_width, cell_height = area_width // columns, height // rows
        scale = min(1.0, cell_width / BOOTH_SIZE[0], (cell_height - TITLE_BAR) / BOOTH_SIZE[1])
        return scale, columns, cell_width, cell_height

    # The grid that shows the booths largest.
    best, columns, cell_width, cell_height = max(fit(c) for c in range(1, booths + 1))
    scale = round(max(0.1, best) - 0.005, 2)  # rounded down: never wider than its cell
    places = []
    for index in range(booths):
        row, column = divmod(index, columns)
        places.append(
            Placement(
                area_x + column * cell_width,
                sy + row * cell_height + TITLE_BAR,
                int(BOOTH_SIZE[0] * scale),
                int(BOOTH_SIZE[1] * scale),
                scale,
            )
        )
    return console, places


def probe_screen(timeout_s: float = 20.0) -> tuple[int, int, int, int] | None:
    """The primary screen's available area, asked of Qt in a child process; None when there is no screen."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk.demo.layout"], capture_output=True, text=True, timeout=timeout_s, check=True
        )
        x, y, width, height = (int(v) for v in done.stdout.split())
    except (subprocess.SubprocessError, ValueError, OSError):
        return None
    return x, y, width, height


def _print_screen() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    if screen is None:
        return 1
    area = screen.availableGeometry()
    print(area.x(), area.y(), area.width(), area.height())
    return 0


if __name__ == "__main__":
    raise SystemExit(_print_screen())
