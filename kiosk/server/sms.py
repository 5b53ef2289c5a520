"""Outbound SMS: an interface, and the file sink that stands in for a gateway (tests and the demo).

The hub sends a worker of a collective batch their confirmation code by SMS. No real gateway is wired here: the
`FileSmsSink` appends each message as one JSON line to ``sms-outbox.jsonl`` in the hub's data directory. That
file *is* the gateway (it holds phone numbers and codes, as a gateway's queue would); nothing of a message goes
to the hub's log, which records only that a message was sent.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

#: The sink's file name in the hub's data directory.
OUTBOX_NAME = "sms-outbox.jsonl"


@dataclass(frozen=True)
class SmsMessage:
    """One text message to one mobile number (``+62...``)."""

    to: str
    text: str


class SmsSender(Protocol):
    """Something that sends text messages (a gateway's client, or the file sink)."""

    def send(self, message: SmsMessage, at: datetime) -> None:
        """Send one message (raise `OSError` when it could not be handed over)."""


class FileSmsSink:
    """Writes messages to a JSON-lines file, one per line, readable by tests and the demo (mode 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def send(self, message: SmsMessage, at: datetime) -> None:
        """Append the message (flushed before returning)."""
        line = json.dumps({"at": at.isoformat(), "to": message.to, "text": message.text}, ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(line + "\n")
        log.info("sms handed to the file sink")  # never the number or the text

    def messages(self) -> list[SmsMessage]:
        """Every message written so far (for tests and the demo)."""
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            found.append(SmsMessage(to=entry["to"], text=entry["text"]))
        return found


def outbox(data_dir: Path) -> FileSmsSink:
    """The hub's SMS sink in its data directory."""
    return FileSmsSink(data_dir / OUTBOX_NAME)
