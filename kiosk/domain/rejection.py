"""Why an officer rejects a claim: the reason codes, and what the participant reads for each.

The officer picks one code from `REJECT_REASONS` (the console words it for the officer); the booth shows the
participant `participant_reason(code, language)`, plain words in the participant's language. The officer's own
note ("for the file") is never part of this: it goes to the hub's record only, never to the participant.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RejectReason:
    """A rejection reason code with the participant's words in Indonesian and English."""

    code: str
    participant_id: str
    participant_en: str

    def participant_text(self, language: str) -> str:
        """What the participant reads, in `language` ("en", else Indonesian)."""
        return self.participant_en if language == "en" else self.participant_id


#: The officer's reason list, in the order the console offers it ("other" last).
REJECT_REASONS: tuple[RejectReason, ...] = (
    RejectReason(
        "identity_mismatch",
        "Data diri Anda tidak cocok dengan data peserta BPJS Ketenagakerjaan.",
        "Your personal details do not match the BPJS Ketenagakerjaan participant record.",
    ),
    RejectReason(
        "document_invalid",
        "Salah satu dokumen tidak dapat diterima: tidak jelas, rusak, atau bukan dokumen asli.",
        "One of your documents could not be accepted: unclear, damaged or not the original.",
    ),
    RejectReason(
        "document_missing",
        "Dokumen yang diperlukan belum lengkap.",
        "Some of the documents the claim needs are missing.",
    ),
    RejectReason(
        "not_eligible",
        "Klaim ini belum memenuhi syarat program.",
        "This claim does not meet the programme's conditions yet.",
    ),
    RejectReason(
        "third_party_prompting",
        "Pertanyaan petugas harus dijawab sendiri oleh peserta, tanpa dibantu orang lain.",
        "The participant must answer the officer's questions themselves, without help from anyone else.",
    ),
    RejectReason(
        "poor_quality",
        "Gambar atau suara kurang jelas untuk pemeriksaan.",
        "The picture or sound was not clear enough to check your claim.",
    ),
    RejectReason(
        "participant_withdrew",
        "Anda membatalkan pengajuan klaim.",
        "You withdrew your claim.",
    ),
    RejectReason(
        "other",
        "Petugas tidak dapat menyelesaikan klaim Anda hari ini.",
        "The officer could not complete your claim today.",
    ),
)

REJECT_REASON_CODES: tuple[str, ...] = tuple(reason.code for reason in REJECT_REASONS)

_BY_CODE = {reason.code: reason for reason in REJECT_REASONS}


def reject_reason(code: str | None) -> RejectReason:
    """The reason for `code`; an unknown or missing code (a newer console, an old message) reads as "other"."""
    return _BY_CODE.get(code or "", _BY_CODE["other"])


def participant_reason(code: str | None, language: str) -> str:
    """The participant's words for a rejection reason code, in `language`."""
    return reject_reason(code).participant_text(language)
