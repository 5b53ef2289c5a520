"""Fixtures of the doctor tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "device-token"
    path.write_text("b_secret-token-value\n")
    path.chmod(0o600)
    return path
