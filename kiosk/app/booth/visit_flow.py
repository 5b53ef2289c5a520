"""The visit flow: which step is shown, the calm problem screens, hub calls that retry, and ending a visit.

`VisitFlow` is the spine the other flows (check-in, consent, identity, service, documents, call, signature,
camera health) hang on: they ask it to `go()` to a step, to run a hub call (`hub_call`) or to `end()` the
visit, and they subscribe to it for what concerns them (a step entered, a visit ending). It talks to the window
only through the `BoothView` port and to the hub only through the `BoothHubPort`, so it runs under plain
asyncio without Qt.

When a visit ends for any reason, `end()` cancels its work, wipes the state and every screen, and shows the
welcome screen again.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from kiosk.app.booth.call_port import CallPort
from kiosk.app.booth.hub_port import BoothHubPort, HubUnavailable
from kiosk.app.booth.state import Problem, Step, VisitState
from kiosk.app.booth.tasks import TaskGroup, Timer
from kiosk.app.booth.view import BoothView, OfficerFrames
from kiosk.domain.session import SessionState

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Waits between retries while the hub is unreachable (the last one repeats).
RETRY_BACKOFF_S = (1.0, 2.0, 4.0, 8.0)
#: A hub call slower than this shows "please wait" in the top bar.
BUSY_AFTER_S = 0.4
#: The result screen returns to the welcome screen by itself after this long.
RESULT_TIMEOUT_S = 120.0
#: Tasks that outlive the visit they belong to: last best-effort updates to the hub and closing the call.
_SURVIVE_END = ("abandon", "decline", "link-end")

#: Called with the step entered and whether it is shown again after a problem (``resumed``).
StepHook = Callable[[Step, bool], None]


def log_unexpected(error: BaseException) -> None:
    """Log an error nobody expected, by its type only: messages of errors may quote what the participant typed."""
    log.error("booth: unexpected %s", type(error).__name__)


class VisitFlow:
    """One booth's visits, one after the other. Create it with its ports; `start()` shows the welcome screen."""

    def __init__(
        self,
        state: VisitState,
        view: BoothView,
        hub: BoothHubPort,
        default_language: str = "id",
        call: CallPort | None = None,
    ) -> None:
        self.state = state
        self.view = view
        self.hub = hub
        self.call = call
        self.default_language = default_language
        self.tasks = TaskGroup()
        #: The officer's incoming video while a call is up (None: no officer on the line); set by the call flow.
        self.officer_frames: OfficerFrames | None = None
        self._before_problem: Step | None = None
        self._busy_calls = 0
        self._result_timer = Timer(lambda: self.end("finished"))
        #: The result screen clears itself after this long (`booth.result_timeout_s`); its screen counts down.
        self.result_timeout_s = RESULT_TIMEOUT_S
        self._step_hooks: list[StepHook] = []
        self._end_hooks: list[Callable[[], None]] = []
        self._ended_listeners: list[Callable[[str], None]] = []

    # ---------------------------------------------------------------------------------------------- events

    def on_step(self, hook: StepHook) -> None:
        """Call `hook(step, resumed)` whenever a step is shown (after the view shows it)."""
        self._step_hooks.append(hook)

    def on_end(self, hook: Callable[[], None]) -> None:
        """Call `hook()` when a visit ends or the booth shuts down: stop and forget what belongs to the visit."""
        self._end_hooks.append(hook)

    def subscribe_ended(self, listener: Callable[[str], None]) -> None:
        """Call `listener(why)` after a visit ended and everything of it was wiped."""
        self._ended_listeners.append(listener)

    # ---------------------------------------------------------------------------------------------- steps

    def start(self) -> None:
        """Show the welcome screen."""
        self.go(Step.WELCOME)

    def go(self, step: Step) -> None:
        """Show `step`'s screen and arm or disarm what depends on it (inactivity, camera, capture)."""
        if step is Step.WAITING and self.officer_frames is not None:
            step = Step.CALL  # the officer is already on the line
        self.state.step = step
        self.state.problem = None
        self.view.show_step(step, self.officer_frames if step is Step.CALL else None)
        self.view.watch_inactivity(step.self_service)
        for hook in list(self._step_hooks):
            hook(step, False)
        if step is Step.RESULT:
            self._result_timer.start(self.result_timeout_s)

    def keep_result(self) -> None:
        """"More time" on the result screen's countdown: the full time again."""
        if self.state.step is Step.RESULT:
            self._result_timer.start(self.result_timeout_s)

    def set_language(self, language: str) -> None:
        """Show everything in `language` ("id" or "en")."""
        self.state.language = language
        self.view.set_language(language)

    def toggle_language(self) -> None:
        """The top bar's language button."""
        self.set_language("en" if self.state.language == "id" else "id")

    # ---------------------------------------------------------------------------------------------- problems

    def show_problem(self, problem: Problem, attempt: int) -> None:
        """Show the calm screen of `problem` (once; later calls only count the attempts)."""
        if self.state.problem is None:
            self._before_problem = self.state.step
            self.view.watch_inactivity(False)
            self.view.show_problem(problem)
        self.state.problem = problem
        self.view.set_problem_attempt(attempt)

    def clear_problem(self) -> None:
        """The problem went away: show the step it interrupted again, without restarting what it was doing."""
        if self.state.problem is None:
            return
        step = self._before_problem or self.state.step
        self.state.problem = None
        self._before_problem = None
        self.state.step = step
        self.view.show_step(step, self.officer_frames if step is Step.CALL else None)
        if step.self_service:
            self.view.watch_inactivity(True)
        for hook in list(self._step_hooks):
            hook(step, True)

    # ---------------------------------------------------------------------------------------------- hub calls

    def hub_call(
        self,
        make: Callable[[], Awaitable[T]],
        on_result: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        name: str = "hub",
    ) -> None:
        """Run a hub call; while the hub is unreachable show the calm screen and retry the same call."""

        async def attempt() -> T:
            # Past a blink, the top bar says "please wait" until this call is done (a slow hub shows progress).
            self._busy_calls += 1
            busy = asyncio.get_running_loop().call_later(BUSY_AFTER_S, self.view.set_busy, True)
            try:
                return await keep_trying()
            finally:
                busy.cancel()
                self._busy_calls -= 1
                if self._busy_calls == 0:
                    self.view.set_busy(False)

        async def keep_trying() -> T:
            attempt_no = 0
            while True:
                try:
                    result = await make()
                except HubUnavailable:
                    attempt_no += 1
                    self.show_problem(Problem.HUB_UNREACHABLE, attempt_no)
                    await asyncio.sleep(RETRY_BACKOFF_S[min(attempt_no, len(RETRY_BACKOFF_S)) - 1])
                    continue
                if attempt_no:
                    self.clear_problem()
                return result

        self.tasks.start(attempt(), on_result=on_result, on_error=on_error or log_unexpected, name=name)

    async def best_effort_state(self, session: str, state: SessionState) -> None:
        """Move the session on the hub if it answers; a visit that is over does not wait for it."""
        with contextlib.suppress(HubUnavailable, Exception):
            await self.hub.set_state(session, state)

    # ---------------------------------------------------------------------------------------------- ending

    def participant_left(self) -> None:
        """Nobody answered "are you still there?": the session is abandoned and the visit ends."""
        session = self.state.session_id
        if session is not None:
            self.tasks.start(self.best_effort_state(session, SessionState.ABANDONED), name="abandon")
        self.end("abandoned")

    def leave(self, why: str = "left") -> None:
        """The participant chose to stop (left the call, or a problem that does not go away): the session is
        abandoned on the hub, which tells the officer's console, and the visit ends."""
        session = self.state.session_id
        if session is not None:
            self.tasks.start(self.best_effort_state(session, SessionState.ABANDONED), name="abandon")
        self.end(why)

    def end(self, why: str) -> None:
        """Forget everything of the visit and show the welcome screen (any reason: done, declined, left)."""
        for hook in list(self._end_hooks):
            hook()
        self._result_timer.stop()
        self._before_problem = None
        self.officer_frames = None
        # Hub calls of this visit still running are dropped, except a last best-effort state update.
        self.tasks.cancel_all(keep=_SURVIVE_END)
        if self.call is not None:
            self.tasks.start(self.call.end_session(), on_error=log_unexpected, name="link-end")
        self.view.watch_inactivity(False)
        self.view.wipe()
        self.state.wipe()
        self.set_language(self.default_language)
        self.go(Step.WELCOME)
        gc.collect()  # let go of still buffers now rather than whenever
        log.info("visit ended (%s)", why)
        for listener in list(self._ended_listeners):
            listener(why)

    def shutdown(self) -> None:
        """Stop everything the flows run (tasks, capture, timers): app exit."""
        for hook in list(self._end_hooks):
            hook()
        self.tasks.cancel_all()
        self._result_timer.stop()
