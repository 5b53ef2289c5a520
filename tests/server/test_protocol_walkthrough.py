"""A client written only from docs/protocol.md: plain HTTP (requests) and a plain WebSocket, no kiosk client code.

Enroll a booth, log an officer in, check in, upload a document, get the session assigned to the console, exchange
offer and answer, approve, and submit the claim exactly once (a retry returns the same reference).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import requests
from websockets.sync.client import ClientConnection, connect

from kiosk.server.seed import demo_participants
from tests.support import samples
from tests.support.hub import RunningHub

JPEG = samples.jpeg()


def _recv_until(ws: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        message = json.loads(ws.recv(timeout=10))
        assert message["v"] == 1
        if message["type"] == kind:
            return dict(message)
        assert message["type"] in {"queue", "session_update", "heartbeat"}, message


def _envelope(kind: str, payload: dict[str, Any], session_id: str | None = None) -> str:
    return json.dumps({"v": 1, "type": kind, "session_id": session_id, "payload": payload})


def test_a_whole_visit_from_the_protocol_document(live: RunningHub) -> None:
    base = live.base_url + "/api/v1"
    http = requests.Session()

    def call(method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return http.request(method, base + path, headers=headers, timeout=10, **kwargs)

    admin = call("POST", "/auth/login", json={"username": "admin", "password": "admin-demo"}).json()["token"]
    code = call("POST", "/booths/enrollment-codes", admin, json={"branch_code": "KDR", "booth_number": 3}).json()
    enrolled = call("POST", "/booths/enroll", json={"code": code["code"]})
    assert enrolled.status_code == 200
    booth = enrolled.json()["device_token"]
    officer = call("POST", "/auth/login", json={"username": "cso1", "password": "cso1-demo"}).json()["token"]

    ws_url = live.base_url.replace("http", "ws", 1) + "/api/v1/ws"
    console_ws = connect(ws_url, additional_headers={"Authorization": f"Bearer {officer}"}, legacy=True)
    console_ws.send(_envelope("hello", {"role": "console", "sessions": [], "cap": 4, "paused": False}))
    assert _recv_until(console_ws, "welcome")["payload"]["role"] == "console"
    booth_ws = connect(ws_url, additional_headers={"Authorization": f"Bearer {booth}"}, legacy=True)
    booth_ws.send(_envelope("hello", {"role": "booth", "client_version": "walkthrough"}))
    assert _recv_until(booth_ws, "welcome")["payload"]["booth_number"] == 3

    session = call("POST", "/checkins", booth, json={"walk_in": True})
    assert session.status_code == 201
    sid = session.json()["id"]
    assert call("POST", f"/sessions/{sid}/state", booth, json={"state": "self_service"}).status_code == 200

    assignment = _recv_until(booth_ws, "assignment")
    assert assignment["session_id"] == sid and assignment["payload"]["officer_name"] == "Rina Wulandari"
    assert _recv_until(console_ws, "assignment")["payload"]["booth_number"] == 3
    sdp = "v=0\r\no=- 4611 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    booth_ws.send(_envelope("offer", {"sdp": sdp, "sdp_type": "offer"}, sid))
    assert _recv_until(console_ws, "offer")["payload"]["sdp"] == sdp
    console_ws.send(_envelope("answer", {"sdp": sdp.replace("4611", "4612"), "sdp_type": "answer"}, sid))
    assert "4612" in _recv_until(booth_ws, "answer")["payload"]["sdp"]

    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    person = next(p for p in demo_participants(today) if p.case == "jht_layoff_eligible")
    documents = ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"]
    for document in documents:
        uploaded = call(
            "POST",
            f"/sessions/{sid}/documents",
            booth,
            files={"file": (f"{document}.jpg", JPEG)},
            data={"document_type": document, "sharpness": "150"},
        )
        assert uploaded.status_code == 201, uploaded.text
    assert call("POST", f"/sessions/{sid}/state", booth, json={"state": "waiting_cso"}).status_code == 200
    found = call("GET", "/participants", officer, params={"kpj": person.kpj}).json()
    assert found["nik"] == person.nik
    for state in ("in_call", "verifying", "approved"):
        assert call("POST", f"/sessions/{sid}/state", officer, json={"state": state}).status_code == 200

    claim = {
        "session_id": sid,
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": person.nik,
        "kpj": person.kpj,
        "termination_date": person.last_work_day.isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": found["name"]},
        "documents": documents,
    }
    key = str(uuid.uuid4())
    first = call("POST", "/claims", officer, json=claim, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    retry = call("POST", "/claims", officer, json=claim, headers={"Idempotency-Key": key})
    assert retry.status_code == 200 and retry.json()["reference"] == first.json()["reference"]
    assert call("GET", f"/sessions/{sid}", officer).json()["state"] == "submitted"
    assert _recv_until(booth_ws, "session_update")["payload"]["state"] in {
        "self_service",
        "waiting_cso",
        "in_call",
        "verifying",
        "approved",
        "submitted",
    }
    assert call("GET", "/audit/verify", admin).json()["ok"] is True
    booth_ws.close()
    console_ws.close()
