"""Generated rosters for the collective channel's tests and benchmark: the demo company's (kiosk/demo/company.py)."""

from __future__ import annotations

from kiosk.demo.company import demo_roster, roster_csv, worker_nik

__all__ = ["demo_roster", "roster_csv", "worker_nik"]
