"""The dashboard's list of participants waiting for help: which booth, why (in words), which documents they do
not have, and since when. Read from `repositories.help_requests` (calls not acknowledged by an officer yet)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from kiosk.domain.claims import default_catalog
from kiosk.server.repositories.help_requests import PendingHelp, pending_help

HELP_TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Permintaan bantuan",
        "none": "Tidak ada peserta yang menunggu bantuan.",
        "booth": "Bilik",
        "reason": "Alasan",
        "since": "Sejak",
        "needs_help": "Minta bantuan",
        "missing_document": "Tidak punya dokumen",
        "cannot_hear": "Tidak bisa mendengar",
        "problem": "Ada gangguan di bilik",
        "minutes": "{m} mnt",
    },
    "en": {
        "title": "Help requests",
        "none": "No participant is waiting for help.",
        "booth": "Booth",
        "reason": "Reason",
        "since": "Since",
        "needs_help": "Asks for help",
        "missing_document": "Does not have a document",
        "cannot_hear": "Cannot hear",
        "problem": "A fault at the booth",
        "minutes": "{m} min",
    },
}


def collect_help(session: Session, branch_id: int, zone: ZoneInfo) -> tuple[PendingHelp, ...]:
    """The branch's calls for help not acknowledged yet, their times in the branch's zone."""
    return tuple(
        PendingHelp(p.session_id, p.booth_number, p.reasons, p.documents, p.since.astimezone(zone))
        for p in pending_help(session, branch_id)
    )


def reason_words(item: PendingHelp, language: str) -> str:
    """Why the participant asked, in words, with the names of the documents they do not have."""
    texts = HELP_TEXTS.get(language, HELP_TEXTS["id"])
    catalog = default_catalog().documents
    words = []
    for reason in item.reasons or ("needs_help",):
        text = texts.get(reason, reason)
        if reason == "missing_document" and item.documents:
            text += ": " + ", ".join(catalog[c].name(language) if c in catalog else c for c in item.documents)
        words.append(text)
    return " · ".join(words)


def render_help(items: tuple[PendingHelp, ...], language: str, now: datetime) -> Markup:
    """The dashboard card of pending help requests (an HTML fragment; every value escaped)."""
    texts = HELP_TEXTS.get(language, HELP_TEXTS["id"])
    rows = []
    for item in items:
        minutes = max(0, int((now - item.since).total_seconds() // 60))
        rows.append(
            f'<tr class="help" id="help-{escape(item.booth_number)}"><td class="num">{escape(item.booth_number)}</td>'
            f"<td>{escape(reason_words(item, language))}</td>"
            f'<td>{escape(item.since.strftime("%H:%M"))} <span class="muted">'
            f"({escape(texts['minutes'].format(m=minutes))})</span></td></tr>"
        )
    if rows:
        body = (
            f'<table class="help" id="pending-help"><thead><tr><th>{escape(texts["booth"])}</th>'
            f"<th>{escape(texts['reason'])}</th><th>{escape(texts['since'])}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    else:
        body = f'<p class="muted" id="pending-help">{escape(texts["none"])}</p>'
    return Markup(f'<section class="card" id="help-requests"><h2>{escape(texts["title"])}</h2>{body}</section>')
