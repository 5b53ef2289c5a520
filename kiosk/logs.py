"""Logging set-up shared by every program, with a filter that keeps identifiers out of log files.

The rule is that code never logs personal data; the filter is the second line of defence: any run of ten
or more digits (NIK, KPJ, account and phone numbers) in a log message is replaced before it is written.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

_LONG_NUMBER = re.compile(r"(?<!\d)\+?\d[\d .\-]{8,}\d(?!\d)")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2})?")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """`text` with every run of ten or more digits (spaces, dots and dashes allowed between) replaced."""

    def replace(match: re.Match[str]) -> str:
        text = match.group(0)
        if _DATE_TIME.fullmatch(text):  # a timestamp, not an identifier
            return text
        return REDACTED if sum(ch.isdigit() for ch in text) >= 10 else text

    return _LONG_NUMBER.sub(replace, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with long digit runs redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is emitted, not the stream of the moment it was made
    (test runners and embedding tools swap stderr; a handler holding an old, closed stream loses records)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def setup_logging(level: str = "INFO") -> None:
    """Log to stderr at `level` through the redacting filter (idempotent)."""
    root = logging.getLogger()
    root.setLevel(level)
    if not any(getattr(h, "_kiosk", False) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        handler._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
