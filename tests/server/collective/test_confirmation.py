"""The worker's confirmation: wrong NIKs lock a code, codes expire, an address is rate-limited, nothing personal
reaches the hub's log; the officer's queue filters rows by status; the branch's audit view shows collective
events; random roster bytes never make the hub fail."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.server.models import CollectiveRow
from tests.server.collective.helpers import add_workers, codes_sent, employer_with_representative, sign_in, today
from tests.server.conftest import Kit
from tests.support.rosters import demo_roster, roster_csv

API = "/api/v1/collective"


def invited_batch(kit: Kit, n: int = 3) -> tuple[str, list[list[str]], dict[str, str]]:
    """A batch of `n` accepted workers, invited; its id, rows and the code each phone got."""
    rows, registry = demo_roster(700 + n, today())
    rows = rows[700:]
    add_workers(kit, {r[0]: registry[r[0]] for r in rows})
    employer_with_representative(kit)
    sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    assert kit.client.put(f"{API}/batches/{batch_id}/roster", content=roster_csv(rows)).json()["accepted"] == n
    assert kit.client.post(f"{API}/batches/{batch_id}/invitations").json()["sent"] == n
    kit.client.cookies.clear()
    return batch_id, rows, codes_sent(kit.settings.server_data_dir())


def phone(row: list[str]) -> str:
    return "+62" + row[8][1:]


def test_wrong_niks_lock_the_code_and_the_employer_can_invite_again(kit: Kit) -> None:
    batch_id, rows, codes = invited_batch(kit)
    code = codes[phone(rows[0])]
    for _ in range(kit.settings.collective.code_attempts):
        assert kit.client.post(f"{API}/confirmation/lookup", json={"code": code, "nik": rows[1][0]}).status_code == 404
    right = kit.client.post(f"{API}/confirmation/lookup", json={"code": code, "nik": rows[0][0]})
    assert right.status_code == 404  # locked: even the right NIK no longer opens it
    sign_in(kit)
    page = kit.client.get(f"{API}/batches/{batch_id}/rows", params={"status": "waiting_confirmation"}).json()
    assert page["total"] == 3
    assert kit.client.post(f"{API}/batches/{batch_id}/invitations").json()["sent"] == 1
    fresh = codes_sent(kit.settings.server_data_dir())[phone(rows[0])]
    assert fresh != code
    assert kit.client.post(f"{API}/confirmation/lookup", json={"code": fresh, "nik": rows[0][0]}).status_code == 200


def test_an_expired_code_is_refused_like_a_wrong_one(kit: Kit) -> None:
    _, rows, codes = invited_batch(kit, 1)
    with kit.db.session() as session:
        row = session.query(CollectiveRow).filter(CollectiveRow.nik == rows[0][0]).one()
        assert row.code_expires_at is not None
        row.code_expires_at = row.code_expires_at - timedelta(days=30)
    answer = kit.client.post(f"{API}/confirmation", json={"code": codes[phone(rows[0])], "nik": rows[0][0],
                                                            "answer": "confirm"})
    assert answer.status_code == 404


def test_an_address_is_rate_limited(kit: Kit) -> None:
    kit.settings.collective.confirm_attempts_per_address_per_minute = 3
    statuses = [kit.client.post(f"{API}/confirmation/lookup", json={"code": "ABCD2345", "nik": "3571011705880001"})
                for _ in range(4)]
    assert [s.status_code for s in statuses] == [404, 404, 404, 429]
    assert "retry-after" in statuses[-1].headers


def test_nothing_personal_in_the_hubs_log_and_the_branch_sees_the_events(
    kit: Kit, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    batch_id, rows, codes = invited_batch(kit, 2)
    kit.client.post(f"{API}/confirmation", json={"code": codes[phone(rows[0])], "nik": rows[0][0],
                                                 "answer": "video"})
    logged = caplog.text
    for row in rows:
        assert row[0] not in logged and row[8][1:] not in logged and row[7] not in logged
    assert not any(code in logged for code in codes.values())
    page = kit.get(f"/collective/batches/{batch_id}/rows", "supervisor", params={"status": "video_requested"}).json()
    assert page["total"] == 1 and page["rows"][0]["confirmation"] == "video_requested"
    events = kit.get("/audit/events", "supervisor", params={"limit": 500}).json()
    actions = {e["action"] for e in (events["events"] if isinstance(events, dict) else events)}
    assert {"collective.video_asked", "collective.workers_invited", "collective.roster_uploaded"} <= actions


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: ("nik,kpj\n" + t).encode())))
def test_random_roster_bytes_never_make_the_hub_fail(kit: Kit, data: bytes) -> None:
    if not kit.client.cookies.get("kiosk_employer"):
        employer_with_representative(kit)
        sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    answer = kit.client.put(f"{API}/batches/{batch_id}/roster", content=data)
    assert answer.status_code in (200, 413, 422), answer.text
