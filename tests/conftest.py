"""Root test configuration: shared fixtures come from tests/support (one place for fakes and servers)."""

from __future__ import annotations

import os

# Qt must never try to open a display in tests; a test that wants Xvfb sets DISPLAY itself.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins: list[str] = [
    "tests.support.postgres", "tests.support.hub", "tests.support.netlab", "tests.support.turn",
    "tests.support.chromium", "tests.support.redis", "tests.support.s3",
]
