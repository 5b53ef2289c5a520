"""The booth's answers to the officer's control requests (ack, error, capture_done, signature_done)."""

from __future__ import annotations

import itertools

from pydantic import BaseModel

from kiosk.app.booth.call_port import ControlSender
from kiosk.app.booth.tasks import TaskGroup
from kiosk.app.booth.visit_flow import log_unexpected
from kiosk.protocol import ControlType, control


class ControlReplies:
    """Numbers and sends the booth's answers; without a sender (no call link) they go nowhere."""

    def __init__(self, sender: ControlSender | None, tasks: TaskGroup) -> None:
        self.sender = sender
        self._tasks = tasks
        self._ids = itertools.count(1)

    def reply(self, kind: ControlType, reply_to: str, payload: BaseModel | None = None) -> None:
        """Answer the request `reply_to` with a message of `kind`."""
        sender = self.sender
        if sender is None:
            return
        message = control(kind, f"b-{next(self._ids)}", payload, reply_to=reply_to)
        self._tasks.start(sender.send(message), on_error=log_unexpected, name="control-send")
