"""REST bodies: the helpers derived from them (no second shape of the same data)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.claims import HeirRelation, ParticipantRecord, ParticipantStatus
from kiosk.protocol.rest import ErrorBody, ParticipantPublic


def test_a_registry_record_becomes_what_the_claim_rules_read() -> None:
    public = ParticipantPublic.model_validate(
        {"nik": "3571031804700009", "kpj": "12345678908", "name": "Agus Salim", "birth_date": "1970-04-18",
         "membership_start": "2004-03-14", "status": "active", "balance": 52_000_000, "contribution_months": 264,
         "employer": "PT Kediri Logistik", "npwp": None, "last_work_day": None, "died_on": "2026-11-01",
         "heirs": [{"nik": "3571034109730010", "name": "Ratna Sari", "relation": "spouse"}]}
    )
    assert public.heirs[0].relation is HeirRelation.SPOUSE
    assert public.to_record() == ParticipantRecord(
        nik="3571031804700009", kpj="12345678908", name="Agus Salim", birth_date=date(1970, 4, 18),
        membership_start=date(2004, 3, 14), status=ParticipantStatus.ACTIVE, balance=52_000_000,
        contribution_months=264, employer="PT Kediri Logistik", npwp=None,
    )


def test_an_error_body_keeps_the_fields_of_its_code() -> None:
    body = ErrorBody.model_validate({"error": "quota_exhausted", "message": "full", "quota": 60})
    assert (body.error, body.model_extra) == ("quota_exhausted", {"quota": 60})


def test_a_login_name_of_spaces_is_invalid_by_the_schema_as_by_the_hub() -> None:
    """A name is stripped like every text and may hold no control character, so the schema says it must have more
    than spaces and no control character (schemathesis sent a name of one space, then one with a control character:
    schema-valid, yet refused)."""
    import re

    import pydantic

    from kiosk.protocol.rest import LoginRequest

    pattern = re.compile(LoginRequest.model_json_schema()["properties"]["username"]["pattern"])
    for name in ("   ", "\u3000", "\x1f", ",\x0fP", "a\x85b", "\u00a0"):
        assert not pattern.search(name), repr(name)
        with pytest.raises(pydantic.ValidationError):
            LoginRequest(username=name, password="x")
    for name in ("cso1", " cso1 ", "Budi Ś", "\u00a0x"):
        assert pattern.search(name), repr(name)
        LoginRequest(username=name, password="x")
    assert LoginRequest(username=" cso1 ", password=" secret ").username == "cso1"
