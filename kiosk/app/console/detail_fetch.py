"""What the hub knows of one session, fetched for the workspace: intake, registry record, document stills."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from kiosk.app.console.hub_port import ConsoleHubPort, HubError
from kiosk.app.console.session import DocumentStill, Question, SessionDetail
from kiosk.app.console.verification import questions
from kiosk.domain.claims import ClaimType, ParticipantRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchedDetail:
    """What one fetch learned (None: not learned this time, keep what is known)."""

    entries: dict[str, Any] | None = None
    claim_type: ClaimType | None = None
    reason: str | None = None
    record: ParticipantRecord | None = None
    documents: dict[str, DocumentStill] = field(default_factory=dict)
    questions: list[Question] | None = None


async def fetch_detail(hub: ConsoleHubPort, known: SessionDetail, secret: bytes) -> FetchedDetail:
    """Fetch what is new since `known`: the registry record only once, a still only when it changed.

    A hub that fails part way gives what was fetched until then (the next progress update fetches again).
    """
    session_id = known.session_id
    entries: dict[str, Any] | None = None
    claim_type: ClaimType | None = None
    record: ParticipantRecord | None = None
    documents: dict[str, DocumentStill] = {}
    try:
        data = await hub.get_session(session_id)
        entries = dict(data.get("intake") or {})
        if entries.get("claim_type"):
            claim_type = ClaimType(entries["claim_type"])
        if known.record is None and (entries.get("kpj") or entries.get("nik")):
            with contextlib.suppress(HubError):
                record = await hub.lookup_participant(kpj=entries.get("kpj"), nik=entries.get("nik"))
        for meta in await hub.list_documents(session_id):
            code = str(meta["document_type"])
            still = known.documents.get(code)
            if still is not None and still.document_id == meta["id"] and still.image is not None:
                continue
            image = await hub.get_document(session_id, str(meta["id"]))
            documents[code] = DocumentStill(
                document=code,
                document_id=str(meta["id"]),
                sha256=str(meta.get("sha256", "")),
                sharpness=meta.get("sharpness"),
                glare_ratio=meta.get("glare_ratio"),
                brightness=meta.get("brightness"),
                image=image,
                media_type=str(meta.get("media_type", "image/jpeg")),
            )
    except HubError as exc:
        log.info("session %s: detail not complete (%s)", session_id, exc.kind.value)
    return FetchedDetail(
        entries=entries,
        claim_type=claim_type,
        reason=entries.get("reason") if entries is not None and claim_type is not None else None,
        record=record,
        documents=documents,
        # Drawn when the record is first known (the draw is stable per session); after that they stay as shown.
        questions=questions(record, session_id, secret) if record is not None else None,
    )
