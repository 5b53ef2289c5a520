"""The hub client against a real hub (tests/support/hub.py): typed results and typed errors."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from typing import Any

import pytest

from kiosk.client.errors import HubErrorKind
from kiosk.client.hub_api import HubClient, HubError, HubUnreachable
from kiosk.domain.access import Role
from kiosk.domain.assist import CardField
from kiosk.domain.claims import ClaimType, HeirRelation, add_months
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import AssistCheck, AssistEventCreate, ClaimPublic, Intake, ParticipantPublic, SessionPublic
from kiosk.server.seed import demo_participants
from tests.support import samples
from tests.support.hub import RunningHub

JPEG = samples.jpeg()


def test_health_and_me(hub: RunningHub) -> None:
    health = hub.client().health()
    assert health.status == "ok" and health.backend == "sqlite"
    me = hub.client(hub.cso_token("cso2")).me()
    assert me.role is Role.CSO and me.branch_code == "KDR"
    assert hub.client().ws_url == hub.ws_url


def test_errors_are_typed(hub: RunningHub) -> None:
    with pytest.raises(HubError) as refused:
        hub.client().login("cso1", "wrong")
    assert refused.value.status == 401 and refused.value.code == "unauthorized"
    assert refused.value.kind is HubErrorKind.UNAUTHORIZED
    with pytest.raises(HubError) as missing:
        hub.client(hub.cso_token()).get_claim("JHT-KDR-20000101-0001")
    assert missing.value.status == 404
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(HubUnreachable):
        HubClient(f"http://127.0.0.1:{port}", timeout=1).health()


def test_enroll_check_in_upload_and_state_changes(hub: RunningHub) -> None:
    admin = hub.client(hub.admin_token())
    code = admin.create_enrollment_code("KDR", 7)
    booth = hub.client()
    enrollment = booth.enroll(code.code)
    assert booth.token == enrollment.device_token and enrollment.booth_number == 7
    assert booth.booth_me().number == 7
    assert booth.current_session() is None
    session = booth.check_in(walk_in=True, language="en")
    assert isinstance(session, SessionPublic) and session.state is SessionState.CHECKED_IN
    with pytest.raises(HubError) as busy:
        booth.check_in(walk_in=True)
    assert busy.value.code == "booth_busy" and busy.value.details["session_id"] == session.id
    assert booth.set_state(session.id, SessionState.SELF_SERVICE).state is SessionState.SELF_SERVICE
    with pytest.raises(HubError) as invalid:
        booth.set_state(session.id, "checked_in")
    assert invalid.value.status in (403, 409)
    updated = booth.put_intake(session.id, Intake(kpj="12345678901", claim_type=ClaimType.JHT, reason="layoff"))
    assert updated.intake is not None and updated.intake.claim_type is ClaimType.JHT
    doc = booth.upload_document(session.id, "ektp", JPEG, filename="ektp.jpg", sharpness=200.0)
    assert doc.media_type == "image/jpeg" and doc.sharpness == 200.0
    assert [d.id for d in booth.list_documents(session.id)] == [doc.id]
    with pytest.raises(HubError) as bad_type:
        booth.upload_document(session.id, "ektp", b"GIF89a-not-an-image")
    assert bad_type.value.status == 415
    assert booth.current_session() == booth.get_session(session.id)
    quota = booth.branch_today("KDR")
    assert quota.walk_in.cap == 60 and quota.walk_in.used >= 1
    booth.set_state(session.id, SessionState.ABANDONED, reason="test over")


def test_bookings_and_participants(hub: RunningHub) -> None:
    officer = hub.client(hub.cso_token())
    booking = officer.create_booking(
        "KDR", date.today() + timedelta(days=5), "13:00", "3571011705880001", "12345678901", "JHT"
    )
    assert booking.claim_type is ClaimType.JHT and officer.get_booking(booking.qr_payload) == booking
    person = officer.lookup_participant(kpj="12345678908")
    assert isinstance(person, ParticipantPublic)
    assert person.died_on is not None and person.heirs[0].relation is HeirRelation.SPOUSE
    with pytest.raises(HubError) as invalid:
        officer.lookup_participant(nik="12")
    assert invalid.value.code == "invalid_nik"


def test_claim_submitted_exactly_once(hub: RunningHub) -> None:
    officer = hub.client(hub.cso_token("cso2"))
    today = date.today()
    p = next(x for x in demo_participants(today) if x.case == "jht_layoff_eligible")
    body = {
        "branch_code": "KDR",
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": add_months(today, -2).isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": p.name},
        "documents": ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"],
    }
    first = officer.submit_claim(body, "client-test-1")
    again = officer.submit_claim(body, "client-test-1")
    assert isinstance(first.value, ClaimPublic) and not first.replayed and again.replayed
    assert again.value == first.value
    assert officer.get_claim(first.value.reference) == first.value
    with pytest.raises(HubError) as reused:
        officer.submit_claim({**body, "reason": "resignation"}, "client-test-1")
    assert reused.value.status == 409
    with pytest.raises(HubError) as ineligible:
        officer.submit_claim({**body, "termination_date": today.isoformat()}, "client-test-2")
    assert ineligible.value.status == 422
    assert [f["code"] for f in ineligible.value.details["findings"]] == ["waiting_period"]


def test_recording_verification_events_and_audit_events(hub: RunningHub) -> None:
    from sqlalchemy import create_engine, select, update

    from kiosk.server.models import User, VisitSession

    visit = hub.client(hub.booth_token(9)).check_in(walk_in=True)
    engine = create_engine(hub.database_url)
    with engine.begin() as connection:
        cso2 = connection.execute(select(User.id).where(User.username == "cso2")).scalar_one()
        connection.execute(update(VisitSession).where(VisitSession.id == visit.id).values(assigned_user_id=cso2))
    engine.dispose()
    officer = hub.client(hub.cso_token("cso2"))
    mkv = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 4
    first = officer.upload_recording(visit.id, mkv, filename="s.mkv")
    again = officer.upload_recording(visit.id, mkv, filename="s.mkv")
    assert not first.replayed and again.replayed and again.value.id == first.value.id
    stored = first.value
    assert stored.media_type == "video/x-matroska" and stored.size == len(mkv) and stored.expires_at > stored.created_at
    with pytest.raises(HubError) as not_media:
        officer.upload_recording(visit.id, JPEG)
    assert not_media.value.status == 415
    asked = officer.record_verification(visit.id, "birth_year", False)
    assert asked.kind == "birth_year" and asked.matched is False and asked.asked_by == f"user:{cso2}"
    events = hub.client(hub.supervisor_token()).audit_events(subject_id=visit.id, limit=50)
    verification = [e for e in events if e.action == "verification.asked"]
    expected = [(f"user:{cso2}", {"kind": "birth_year", "matched": False})]
    assert [(e.actor, dict(e.details)) for e in verification] == expected
    officer.record_assist(
        visit.id,
        AssistEventCreate(check=AssistCheck.CARD_READING, verdict="mismatch", fields=[CardField.NIK]),
    )
    officer.record_assist(
        visit.id,
        AssistEventCreate(check=AssistCheck.FACE_MATCH, verdict="likely_same", score=0.41, officer_call="overruled"),
    )
    events = hub.client(hub.supervisor_token()).audit_events(subject_id=visit.id, limit=50)
    assisted = [(e.action, dict(e.details)) for e in events if e.action.startswith("assist.")]
    assert sorted(assisted, key=lambda a: a[0]) == [
        ("assist.card_reading", {"verdict": "mismatch", "score": None, "fields": ["nik"], "officer_call": None}),
        ("assist.face_match", {"verdict": "likely_same", "score": 0.41, "fields": [], "officer_call": "overruled"}),
    ]


def test_a_large_recording_is_streamed_from_its_file(hub: RunningHub, tmp_path: Any) -> None:
    import hashlib

    from sqlalchemy import create_engine, select, update

    from kiosk.client.transport import MultipartFile
    from kiosk.server.models import User, VisitSession

    content = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * (12 * 1024)  # 3 MB
    path = tmp_path / "session.mkv"
    path.write_bytes(content)
    with path.open("rb") as handle:
        body = MultipartFile(handle, "session.mkv", "video/x-matroska")
        streamed = b"".join(iter(lambda: body.read(8192), b""))
    assert len(streamed) == len(body) and content in streamed

    visit = hub.client(hub.booth_token(10)).check_in(walk_in=True)
    engine = create_engine(hub.database_url)
    with engine.begin() as connection:
        cso1 = connection.execute(select(User.id).where(User.username == "cso1")).scalar_one()
        connection.execute(update(VisitSession).where(VisitSession.id == visit.id).values(assigned_user_id=cso1))
    engine.dispose()
    with path.open("rb") as handle:
        stored = hub.client(hub.cso_token("cso1")).upload_recording(visit.id, handle, filename="s ü.mkv").value
    assert stored.size == len(content) and stored.sha256 == hashlib.sha256(content).hexdigest()
