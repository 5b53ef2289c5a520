"""`kiosk.server.signaling.presence`: who is online, as routes and the dashboard see it."""

from __future__ import annotations

from typing import Any

from kiosk.domain.access import Principal, Role
from kiosk.protocol import HeartbeatPayload
from kiosk.protocol import Role as SignalRole
from kiosk.server.signaling.connections import Connection
from kiosk.server.signaling.presence import HEARTBEAT_PERSIST_S, BoothPresence, ConsolePresence, Presence


def _conn(role: SignalRole = SignalRole.BOOTH) -> Connection:
    ws: Any = object()
    return Connection("c-1", ws, Principal(Role.BOOTH, 1, "KDR", "booth 1"), role)


def test_booths_and_officers_online() -> None:
    presence = Presence()
    presence.booths[7] = BoothPresence(7, 3, "KDR", _conn())
    presence.consoles[2] = ConsolePresence(2, "KDR", "Rina", 4, presence.next_order(), _conn(SignalRole.CONSOLE))
    presence.consoles[3] = ConsolePresence(3, "KDR", "Agus", 4, presence.next_order(), None, paused=True)
    presence.consoles[4] = ConsolePresence(4, "JKT", "Other", 4, presence.next_order(), None)
    presence.consoles[2].sessions.add("s-1")
    assert presence.booth_connected(7) and not presence.booth_connected(8)
    assert presence.connected_booths() == frozenset({7})
    officers = presence.officers("KDR")
    assert [(o.name, o.active, o.paused, o.connected) for o in officers] == [
        ("Agus", 0, True, False),
        ("Rina", 1, False, True),
    ]
    assert [c.user_id for c in presence.branch_consoles("KDR")] == [2]
    assert presence.branch_booth_ids("KDR") == [7] and presence.branch_booth_ids("JKT") == []
    assert presence.console_conn(3) is None and presence.console_conn(None) is None
    assert presence.console_conn(2) is presence.consoles[2].conn
    assert presence.consoles[2].load().active == 1


def test_heartbeats_are_persisted_on_change_or_when_stale() -> None:
    booth = BoothPresence(7, 3, "KDR", _conn())
    healthy = HeartbeatPayload(camera_ok=True)
    assert booth.health_to_persist(healthy, now=100.0)
    assert not booth.health_to_persist(healthy, now=101.0)
    assert booth.health_to_persist(HeartbeatPayload(camera_ok=False), now=102.0)
    assert booth.health_to_persist(HeartbeatPayload(camera_ok=False), now=102.0 + HEARTBEAT_PERSIST_S)


def test_free_disk_alone_is_written_only_with_the_periodic_write() -> None:
    booth = BoothPresence(7, 3, "KDR", _conn())
    assert booth.health_to_persist(HeartbeatPayload(camera_ok=True, app_version="1.4.0", free_disk_mb=9000), now=100)
    assert not booth.health_to_persist(HeartbeatPayload(camera_ok=True, app_version="1.4.0", free_disk_mb=8996),
                                       now=101)
    assert booth.health_to_persist(HeartbeatPayload(camera_ok=True, app_version="1.5.0", free_disk_mb=8996), now=102)
    assert booth.health_to_persist(HeartbeatPayload(camera_ok=True, app_version="1.5.0", free_disk_mb=8000),
                                   now=102 + HEARTBEAT_PERSIST_S)


def test_a_consoles_backlog_report_reaches_the_officer_list() -> None:
    presence = Presence()

    def console_conn() -> Connection:
        ws: Any = object()
        return Connection("c-2", ws, Principal(Role.CSO, 2, "KDR", "cso 2"), SignalRole.CONSOLE)

    conn = console_conn()
    presence.consoles[2] = ConsolePresence(2, "KDR", "Rina", 4, presence.next_order(), conn)
    assert presence.officers("KDR")[0].claims_unsent is None  # not reported yet
    presence.console_reported(conn, HeartbeatPayload(claims_unsent=3, recordings_unsent=1, oldest_unsent_s=620.0))
    presence.console_reported(console_conn(), HeartbeatPayload(claims_unsent=99))  # an old connection
    rina = presence.officers("KDR")[0]
    assert (rina.claims_unsent, rina.recordings_unsent, rina.oldest_unsent_s) == (3, 1, 620.0)
    presence.consoles[2].conn = None  # in its grace period: the last report is still shown
    assert presence.officers("KDR")[0].claims_unsent == 3
