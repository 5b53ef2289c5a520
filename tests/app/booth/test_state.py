"""The visit state without Qt: live validation words, service rules, document planning, wipe."""

from __future__ import annotations

from datetime import date

from kiosk.app.booth.hub_port import IdentityMatch, UploadedDocument
from kiosk.app.booth.state import VisitState
from kiosk.domain.claims import ClaimType

TODAY = date(2026, 11, 21)


def flow() -> VisitState:
    return VisitState(today=lambda: TODAY)


def test_nik_messages_while_typing_and_when_wrong() -> None:
    f = flow()
    assert "16 angka" in f.check_nik("").message("id")
    assert f.check_nik("3571").message("en") == "12 more digits to go."
    bad = f.check_nik("9971034509880002")
    assert bad.complete and not bad.valid and "province" in bad.message("en")
    good = f.check_nik("3571034509880002")
    assert good.valid and "05-09-1988" in good.message("id")


def test_kpj_uses_configured_length() -> None:
    f = VisitState(kpj_length=8, today=lambda: TODAY)
    assert f.check_kpj("1234567").message("en") == "1 more digit to go."
    assert f.check_kpj("12345678").valid


def test_waiting_period_blocks_with_the_date() -> None:
    f = flow()
    f.nik = "3571034509880002"
    f.choose_claim_type(ClaimType.JHT)
    f.reason = "layoff"
    assert f.needs_termination_date
    f.termination_date = date(2026, 11, 10)
    blocking = f.blocking_findings()
    assert [b.code for b in blocking] == ["waiting_period"]
    assert "10-12-2026" in blocking[0].message("id")
    f.termination_date = date(2026, 9, 1)
    assert not f.blocking_findings()


def test_jkp_is_explained_not_served() -> None:
    f = flow()
    f.choose_claim_type(ClaimType.JKP)
    assert not f.served_here()
    assert "SIAPkerja" in f.service_findings()[0].message("en")


def test_documents_plan_recapture_and_wipe() -> None:
    f = flow()
    f.nik, f.kpj = "3571034509880002", "12345678901"
    f.identity = IdentityMatch("S*** R*******", balance_above_npwp_threshold=True)
    f.choose_claim_type(ClaimType.JHT)
    f.reason = "layoff"
    codes = [r.document.code for r in f.plan_documents()]
    assert codes[-2:] == ["npwp_card", "selfie_ektp"]
    for code in codes:
        f.record_upload(code, UploadedDocument("d-" + code, "0" * 64))
    assert f.documents_done
    f.request_recapture(["ektp"])
    assert f.current_document() is not None and f.current_document().document.code == "ektp"  # type: ignore[union-attr]
    seen: list[str] = []
    f.subscribe(lambda fl: seen.append(fl.nik))
    f.wipe()
    assert (f.nik, f.kpj, f.identity, f.captured, f.documents) == ("", "", None, {}, [])
    assert seen == [""]


def test_officer_can_ask_for_a_document_the_booth_did_not_plan() -> None:
    f = flow()
    f.choose_claim_type(ClaimType.JHT)
    f.reason = "layoff"
    f.plan_documents()
    for r in f.documents:
        f.record_upload(r.document.code, UploadedDocument("d", "0" * 64))
    assert f.documents_done
    f.request_recapture(["npwp_card", "no_such_document", "signature"])
    current = f.current_document()
    assert current is not None and current.document.code == "npwp_card"
    assert f.document_position() == (7, 7)
