"""A participant's call for help reaches the hub before any officer is assigned, the officer's tile once one is,
and the dashboard until the officer acknowledges it."""

from __future__ import annotations

import requests

from tests.server.signaling.test_hub import Peer, _queued_session
from tests.support.hub import RunningHub


def pending(live: RunningHub, language: str = "en") -> str:
    """The dashboard's live part as a supervisor sees it."""
    token = live.supervisor_token()
    page = requests.get(f"{live.base_url}/dashboard/live?lang={language}", cookies={"kiosk_dashboard": token},
                        timeout=10)
    assert page.status_code == 200
    return page.text


def test_help_is_recorded_relayed_and_acknowledged(live: RunningHub) -> None:
    booth = Peer(live, live.booth_token(1))
    booth.hello_booth()
    session = _queued_session(live, 1)
    assert "No participant is waiting for help." in pending(live)

    # No officer online yet: the hub records the call (the dashboard lists it) and says nobody is assigned.
    help_ = {"kind": "help", "reason": "missing_document", "document": "termination_letter"}
    booth.send("attention", help_, session)
    assert booth.expect("error")["payload"]["code"] == "not_assigned"
    text = pending(live)
    assert 'id="help-1"' in text and "Does not have a document" in text
    assert "Tidak punya dokumen: Surat keterangan berhenti bekerja" in pending(live, "id")

    console = Peer(live, live.cso_token("cso1"))
    console.hello_console()
    assert console.expect("assignment")["session_id"] == session
    booth.expect("assignment")
    booth.send("attention", {"kind": "help", "reason": "cannot_hear"}, session)
    got = console.expect("attention")["payload"]
    assert got["reason"] == "cannot_hear" and got.get("raised", True) is True  # relayed as sent
    assert "Cannot hear" in pending(live)

    # A console only clears (never raises) help, and only for its own sessions.
    console.send("attention", {"kind": "help"}, session)
    assert console.expect("error")["payload"]["code"] == "not_allowed"
    console.send("attention", {"kind": "help", "raised": False}, session)
    assert booth.expect("attention")["payload"]["raised"] is False
    assert "No participant is waiting for help." in pending(live)
    for peer in (booth, console):
        peer.close()
