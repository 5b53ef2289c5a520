"""`kiosk.server.events`: routes publish, the signaling hub subscribes; nobody imports the other."""

from __future__ import annotations

import logging

import pytest

from kiosk.server.events import EventBus, NoPresence, SessionChanged


def test_subscribers_get_events_of_their_type_only() -> None:
    bus = EventBus()
    seen: list[SessionChanged] = []
    bus.subscribe(SessionChanged, seen.append)
    bus.publish(SessionChanged("s-1"))
    bus.publish("not an event anyone wants")
    assert seen == [SessionChanged("s-1", state_changed=True)]


def test_a_failing_subscriber_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    seen: list[str] = []

    def broken(_event: SessionChanged) -> None:
        raise RuntimeError("boom")

    bus.subscribe(SessionChanged, broken)
    bus.subscribe(SessionChanged, lambda e: seen.append(e.session_id))
    with caplog.at_level(logging.ERROR):
        bus.publish(SessionChanged("s-2", state_changed=False))
    assert seen == ["s-2"] and "SessionChanged" in caplog.text


def test_without_signaling_nobody_is_online() -> None:
    presence = NoPresence()
    assert not presence.booth_connected(1)
    assert presence.connected_booths() == frozenset()
    assert presence.officers("KDR") == ()


def test_context_and_signaling_do_not_import_each_other() -> None:
    import ast
    from pathlib import Path

    import kiosk.server.context as context

    tree = ast.parse(Path(context.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(m.startswith("kiosk.server.signaling") for m in imported)
