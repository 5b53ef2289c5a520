"""The part of `ConsoleState` that holds each session's detail: what the hub told, the stills, the officer's ticks.

A session's `SessionDetail` lives on its `Booth` while the session is assigned, and goes with it: nothing
personal is kept longer. Kept in a module of its own so the state's module stays readable.
"""

from __future__ import annotations

from kiosk.app.console.session import Booth, DocumentStill, Question, SessionDetail
from kiosk.domain.claims import ClaimType, ParticipantRecord


class DetailMixin:
    """Session detail queries and updates over `ConsoleState.booths`; changes are announced as `Change.DETAIL`."""

    booths: dict[str, Booth]

    def _detail_changed(self, session_id: str) -> None:
        raise NotImplementedError  # ConsoleState announces it to its listeners

    def detail(self, session_id: str) -> SessionDetail | None:
        """The detail of an assigned session (None once it has left: nothing personal is kept longer)."""
        booth = self.booths.get(session_id)
        return None if booth is None else booth.detail

    def set_detail(self, detail: SessionDetail, questions: list[Question] | None = None) -> None:
        """Replace a session's whole detail (screenshots and tests build one by hand)."""
        booth = self.booths.get(detail.session_id)
        if booth is None:
            return
        if questions is not None:
            detail.questions = list(questions)
        booth.detail = detail
        self._detail_changed(detail.session_id)

    def update_detail(
        self,
        session_id: str,
        *,
        entries: dict[str, object] | None = None,
        claim_type: ClaimType | None = None,
        reason: str | None = None,
        record: ParticipantRecord | None = None,
        documents: dict[str, DocumentStill] | None = None,
        questions: list[Question] | None = None,
    ) -> None:
        """What the service learned from the hub; the officer's ticks and face still are left as they are."""
        detail = self.detail(session_id)
        if detail is None:
            return
        if entries is not None:
            detail.entries = dict(entries)
        if claim_type is not None:
            detail.claim_type, detail.reason = claim_type, reason
        if record is not None:
            detail.record = record
        if documents:
            detail.documents.update(documents)
        if questions is not None:
            detail.questions = list(questions)
        self._detail_changed(session_id)

    def add_still(self, session_id: str, still: DocumentStill) -> None:
        """A new still of a document arrived: it needs a new look, so its tick goes."""
        detail = self.detail(session_id)
        if detail is None:
            return
        detail.documents[still.document] = still
        detail.verified.discard(still.document)
        self._detail_changed(session_id)

    def set_verified(self, session_id: str, document: str, verified: bool) -> None:
        """The officer ticked (or unticked) a document as checked against the original."""
        detail = self.detail(session_id)
        if detail is None or (document in detail.verified) == verified:
            return
        if verified:
            detail.verified.add(document)
        else:
            detail.verified.discard(document)
        self._detail_changed(session_id)

    def set_face_still(self, session_id: str, image: bytes) -> None:
        """A still of the live face, shown beside the e-KTP photo."""
        detail = self.detail(session_id)
        if detail is None:
            return
        detail.face_still = image
        self._detail_changed(session_id)
