"""The branch dashboard for supervisors and admins, under /dashboard: `routes` (pages, sign-in, static files),
`overview` (what is shown of a branch), `texts` (the words, Indonesian first)."""

from __future__ import annotations

from kiosk.server.dashboard.routes import router

__all__ = ["router"]
