"""Console UI tests: the offscreen platform's harmless size-hint notice is not a failure."""

from __future__ import annotations

import pytest

OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen notice in every console test (it appears whenever a top-level window is shown)."""
    for item in items:
        if "tests/ui/console" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
