"""The end of an online visit when the officer's own `end` never reaches the browser (a call that broke at the
last moment): the Join page takes the outcome and the claim's reference from the hub's last session update, so
the participant does not leave a submitted claim without its reference."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from kiosk.domain.dates import add_months
from kiosk.domain.session import SessionState
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import Participant, User
from kiosk.server.repositories import assignments
from kiosk.server.repositories.web_sessions import COOKIE_NAME
from kiosk.server.seed import demo_participants
from tests.support.chromium import console_errors, set_cookie
from tests.support.hub import running_hub
from tests.support.online import online_visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_JPEG = cv2.imencode(".jpg", np.full((480, 640, 3), 200, np.uint8))[1].tobytes()


def _index_of(database_url: str, nik: str) -> int:
    """Where the participant with this NIK is among the hub's participants (as `online_visit` counts them)."""
    db = Database.from_url(database_url)
    try:
        with db.session() as session:
            niks = session.execute(select(Participant.nik).order_by(Participant.id)).scalars().all()
            return list(niks).index(nik)
    finally:
        db.engine.dispose()


def _assign(database_url: str, session_id: str, username: str) -> None:
    """Give the visit to an officer, as the hub does when a console takes it from the queue."""
    db = Database.from_url(database_url)
    try:
        with db.session() as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            assert assignments.assign(session, session_id=session_id, user_id=user.id, now=utc_now()) is not None
    finally:
        db.engine.dispose()


def test_the_reference_comes_from_the_hub_when_the_officers_end_does_not(chromium_factory: Any) -> None:
    with running_hub() as hub:
        today = date.today()
        member = next(p for p in demo_participants(today) if p.case == "jht_layoff_eligible")
        visit = online_visit(
            hub, state=SessionState.CHECKED_IN, participant_index=_index_of(hub.database_url, member.nik)
        )
        driver = chromium_factory(width=390, height=844)
        set_cookie(driver, hub.base_url, COOKIE_NAME, visit.token)
        driver.get(f"{hub.base_url}/online/join?lang=en")
        deadline = time.monotonic() + 30
        while driver.execute_script("return document.getElementById('join').disabled"):
            assert time.monotonic() < deadline, console_errors(driver)
            time.sleep(0.2)
        driver.find_element("id", "join").click()

        # The officer approves the visit and submits the claim; no `end` is sent over any call.
        supervisor = hub.client(hub.supervisor_token())
        officer = hub.client(hub.cso_token("cso1"))
        deadline = time.monotonic() + 30
        while supervisor.get_session(visit.session_id).state is not SessionState.WAITING_CSO:
            assert time.monotonic() < deadline, "the participant never joined the queue"
            time.sleep(0.2)
        _assign(hub.database_url, visit.session_id, "cso1")
        for state in (SessionState.IN_CALL, SessionState.VERIFYING, SessionState.APPROVED):
            officer.set_state(visit.session_id, state)
        body = {
            "branch_code": "KDR",
            "session_id": visit.session_id,
            "claim_type": "JHT",
            "reason": "layoff",
            "nik": member.nik,
            "kpj": member.kpj,
            "termination_date": add_months(today, -2).isoformat(),
            "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": member.name},
            "documents": ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"],
        }
        for document in body["documents"]:
            officer.upload_document(visit.session_id, document, _JPEG, filename=f"{document}.jpg")
        claim = officer.submit_claim(body, "join-end-1").value

        deadline = time.monotonic() + 30
        while driver.execute_script("return window.kioskJoin.phase()") != "end":
            assert time.monotonic() < deadline, console_errors(driver)
            time.sleep(0.2)
        deadline = time.monotonic() + 10
        while not driver.find_element("id", "reference").text:
            assert time.monotonic() < deadline, "no reference on the end screen"
            time.sleep(0.2)
        assert driver.find_element("id", "reference").text == claim.reference
        assert driver.find_element("id", "end-text").text == "Your claim has been filed. Keep this reference number:"
