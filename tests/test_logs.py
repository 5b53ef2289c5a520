"""Identifiers never reach a log line, even when code slips."""

from __future__ import annotations

import logging

import pytest

from kiosk.logs import REDACTED, RedactingFilter, redact


@pytest.mark.parametrize(
    "secret", ["3571011203850007", "3571 0112 0385 0007", "12345678901", "+6281234567890", "0123-4567-89"]
)
def test_long_numbers_are_redacted(secret: str) -> None:
    assert redact(f"checked in with {secret} ok") == f"checked in with {REDACTED} ok"


@pytest.mark.parametrize("harmless", ["port 8600", "booth 7 of 10", "2026-11-21 10:00:01", "took 123456 us"])
def test_ordinary_numbers_stay(harmless: str) -> None:
    assert redact(harmless) == harmless


def test_the_filter_rewrites_formatted_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("kiosk.test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="kiosk.test.redaction"):
        logger.info("participant %s looked up", "3571011203850007")
    assert "3571011203850007" not in caplog.text
    assert REDACTED in caplog.text


def test_the_handler_follows_stderr_when_it_is_swapped(capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    from kiosk.logs import setup_logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        setup_logging("INFO")
        first = io.StringIO()
        original, sys.stderr = sys.stderr, first
        try:
            first.close()  # the stream the handler saw at set-up time is gone
            second = io.StringIO()
            sys.stderr = second
            logging.getLogger("kiosk.test.swap").info("booth 3 online")
        finally:
            sys.stderr = original
        assert "booth 3 online" in second.getvalue()
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
