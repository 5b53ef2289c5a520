"""A rejection's reason reaches the participant in plain words, in their language; unknown codes read as "other"."""

from __future__ import annotations

from kiosk.domain.rejection import REJECT_REASON_CODES, REJECT_REASONS, participant_reason, reject_reason


def test_every_reason_has_words_in_both_languages() -> None:
    assert REJECT_REASON_CODES[-1] == "other"
    for reason in REJECT_REASONS:
        assert reason.participant_id and reason.participant_en
        assert reason.participant_id != reason.participant_en
        assert "_" not in reason.participant_text("id") + reason.participant_text("en")  # no codes shown


def test_the_participant_reads_the_reason_in_their_language() -> None:
    assert participant_reason("document_missing", "id") == "Dokumen yang diperlukan belum lengkap."
    assert participant_reason("document_missing", "en") == "Some of the documents the claim needs are missing."


def test_an_unknown_or_missing_code_reads_as_other() -> None:
    assert reject_reason("from_a_newer_console").code == "other"
    assert participant_reason(None, "en") == reject_reason("other").participant_en
