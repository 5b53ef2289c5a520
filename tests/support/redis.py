"""A real Redis for tests (kiosk/demo/redis_server.py): the ``redis_url`` session fixture.

Without ``redis-server`` the tests that need it are skipped with the reason; under ``CI=true`` they fail
instead, so a CI that lost its Redis cannot pass by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from kiosk.demo.redis_server import RedisUnavailable, running_redis


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of a Redis server started for this test session."""
    try:
        with running_redis() as url:
            yield url
    except RedisUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{exc} (CI=true: failing instead of skipping)")
        pytest.skip(str(exc))
