"""`kiosk.server.repositories.participants`: one mapping from the registry row, two views of it."""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from kiosk.server.context import utc_now
from kiosk.server.repositories import participants
from kiosk.server.seed import DEMO_TIMEZONE, demo_participants


def _branch_today() -> date:
    """The demo branch's date (the seed dates the registry from it): between 17:00 and 24:00 UTC it is already
    tomorrow in Jakarta, and the registry's dates are a day ahead of UTC's."""
    return utc_now().astimezone(ZoneInfo(DEMO_TIMEZONE)).date()


def test_lookup_by_nik_kpj_or_both(session: Session) -> None:
    demo = demo_participants(_branch_today())[0]
    by_nik = participants.find_participant(session, nik=demo.nik)
    assert by_nik is not None and by_nik.kpj == demo.kpj
    assert participants.find_participant(session, kpj=demo.kpj) is by_nik
    assert participants.find_participant(session, nik=demo.nik, kpj=demo.kpj) is by_nik
    other = demo_participants(_branch_today())[1]
    assert participants.find_participant(session, nik=demo.nik, kpj=other.kpj) is None
    assert participants.name_of(session, demo.nik) == demo.name
    assert participants.nik_known(session, demo.nik) and not participants.nik_known(session, "0" * 16)


@pytest.mark.parametrize("case", ["jht_layoff_eligible", "jkm_heir_spouse"])
def test_the_wire_view_is_the_domain_record_plus_dates_and_heirs(session: Session, case: str) -> None:
    demo = next(d for d in demo_participants(_branch_today()) if d.case == case)
    row = participants.find_participant(session, nik=demo.nik)
    assert row is not None
    record = participants.participant_record(row)
    public = participants.participant_public(row)
    for name, value in dataclasses.asdict(record).items():
        assert getattr(public, name) == value
    assert public.last_work_day == demo.last_work_day and public.died_on == demo.died_on
    assert [(h.nik, h.name, str(h.relation.value)) for h in public.heirs] == list(demo.heirs)
