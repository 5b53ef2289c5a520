"""`ConsoleView`: the little the console's service asks of its window (the sign-in result).

Everything else the window shows it reads from `ConsoleState`, which tells it what changed; the window forwards
the officer's input to `ConsoleService` (wired in `kiosk.ui.console.main`). `kiosk.ui.console.window` is the
PySide6 implementation; tests use a plain object.
"""

from __future__ import annotations

import enum
from typing import Protocol

from kiosk.app.console.hub_port import HubError, HubErrorKind
from kiosk.domain.durations import format_duration


class LoginProblem(enum.Enum):
    """Why a sign-in failed, each with its own advice."""

    WRONG_PASSWORD = "wrong_password"
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"
    UNREACHABLE = "unreachable"
    NOT_OFFICER = "not_officer"
    OTHER = "other"


_PROBLEMS = {
    HubErrorKind.UNAUTHORIZED: LoginProblem.WRONG_PASSWORD,
    HubErrorKind.LOCKED: LoginProblem.LOCKED,
    HubErrorKind.RATE_LIMITED: LoginProblem.RATE_LIMITED,
    HubErrorKind.UNREACHABLE: LoginProblem.UNREACHABLE,
}


def login_problem(exc: HubError) -> tuple[LoginProblem, str]:
    """The problem a failed sign-in shows, and its detail (how long to wait, or the hub's message)."""
    detail = format_duration(exc.retry_after_s) if exc.retry_after_s else exc.message
    return _PROBLEMS.get(exc.kind, LoginProblem.OTHER), detail


class ConsoleView(Protocol):
    """The console's window as the service sees it."""

    def show_login(self, problem: LoginProblem | None = None, detail: str = "") -> None:
        """Back to the sign-in page, with the reason when there is one."""

    def show_console(self, officer_name: str) -> None:
        """Signed in: show the officer's booths."""
