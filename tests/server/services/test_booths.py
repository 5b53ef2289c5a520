"""`kiosk.server.services.booths`: enrollment (shared by the API and the CLI) and today's quota use."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kiosk.server.context import utc_now
from kiosk.server.errors import ApiError
from kiosk.server.models import Branch, VisitSession
from kiosk.server.services.booths import create_enrollment_code, enroll_booth, quota_status


def test_a_code_enrolls_its_booth_once(session: Session) -> None:
    now = utc_now()
    code = create_enrollment_code(session, branch_code="KDR", booth_number=42, actor="cli", now=now, ttl_s=600)
    assert (code.branch_code, code.booth_number) == ("KDR", 42)
    enrolled = enroll_booth(session, code.code, now=now, ip="127.0.0.1")
    assert enrolled is not None and enrolled.booth_number == 42 and enrolled.device_token.startswith("b_")
    with pytest.raises(ApiError) as caught:
        enroll_booth(session, code.code, now=now, ip="127.0.0.1")
    assert caught.value.code == "code_used"
    assert enroll_booth(session, "ZZZZ-ZZZZ", now=now, ip="127.0.0.1") is None


def test_an_unknown_branch_gets_no_code(session: Session) -> None:
    with pytest.raises(ApiError) as caught:
        create_enrollment_code(session, branch_code="XYZ", booth_number=1, actor="cli", now=utc_now(), ttl_s=600)
    assert (caught.value.status, caught.value.code) == (422, "unknown_branch")


def test_quota_status_counts_todays_walk_ins(session: Session, branch: Branch, visit: VisitSession) -> None:
    today = quota_status(session, branch, utc_now())
    assert today.branch.code == "KDR" and today.walk_in.used >= 1
    assert today.walk_in.cap == branch.walk_in_daily and today.online.used >= 0
