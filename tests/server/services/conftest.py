"""Service tests use the repository tests' fixtures (a session on the rolled-back demo database)."""

from __future__ import annotations

from tests.server.repositories.conftest import branch, session, visit

__all__ = ["branch", "session", "visit"]
