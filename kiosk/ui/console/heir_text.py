"""An heir's claim in the officer's words: the name line of a tile and of the focus header ("Ahli waris: S***
A**** · alm. B*** S******"), and the Data tab's box with both identities (`kiosk.app.console.heir`).

Module functions and one widget; translation context ``ConsoleHeir``.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.app.console.heir import HeirClaim, heir_claim
from kiosk.app.console.session import Booth, SessionDetail
from kiosk.domain.claim_request import HeirRelation
from kiosk.domain.disclosure import Disclosure, shown_name

#: This module's texts, in the translation context ``ConsoleHeir`` of assets/i18n/console_en.ts.
_T = functools.partial(QCoreApplication.translate, "ConsoleHeir")


def escape(text: str) -> str:
    """`text` safe in the box's rich text (quotes stay quotes: "participant's")."""
    return html.escape(text, quote=False)


def relation_text(relation: HeirRelation | None) -> str:
    """The heir's relation to the participant who died, in words ("" when not known)."""
    texts = {
        HeirRelation.SPOUSE: _T("suami/istri"),
        HeirRelation.CHILD: _T("anak"),
        HeirRelation.PARENT: _T("orang tua"),
        HeirRelation.OTHER: _T("ahli waris lain"),
    }
    return texts.get(relation, "") if relation is not None else ""


def name_line(booth: Booth, disclosure: Disclosure, full_name: str | None) -> str:
    """Who the session is about, as a screen of `disclosure` shows it: the participant's name, or for an heir's
    claim the heir (who is in front of the camera) and the participant who died. `full_name` is the
    participant's full name where the screen knows it."""
    participant = shown_name(disclosure, full_name, booth.masked_name)
    heir = heir_claim(booth)
    if heir is None:
        return participant
    text = _T("Ahli waris: %1").replace("%1", heir.name(disclosure) or _T("(nama belum ada)"))
    if participant:
        # "alm." (almarhum/almarhumah): the usual respectful way to name someone who died.
        text += "  ·  " + _T("alm. %1").replace("%1", participant)
    return text


class HeirBox(QLabel):
    """The Data tab's two identities of an heir's claim; hidden when the participant files for themselves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heirBox")
        self.setWordWrap(True)
        self.hide()

    def show_detail(self, detail: SessionDetail, booth: Booth | None) -> None:
        """Both identities of `booth`'s claim (the detail is the booth's, or a bare one before it is known)."""
        if booth is None:
            booth = Booth(detail.session_id, 0, 0, 0.0)
            booth.detail = detail
        heir = heir_claim(booth)
        self.setVisible(heir is not None)
        if heir is None:
            self.clear()
            return
        self.setText(self._text(detail, heir))
        self.setProperty("level", "bad" if heir.registered is False else "info")
        self.style().unpolish(self)
        self.style().polish(self)

    def _text(self, detail: SessionDetail, heir: HeirClaim) -> str:
        record = detail.record
        deceased = escape(shown_name(Disclosure.VERIFY, record.name if record else None, ""))
        deceased_nik = escape(record.nik if record else str(detail.entries.get("nik") or "—"))
        lines = [
            "<b>" + escape(_T("Klaim ahli waris")) + "</b>",
            escape(_T("Peserta yang meninggal (registri, tabel di bawah): %1 · NIK %2"))
            .replace("%1", f"<b>{deceased or '—'}</b>")
            .replace("%2", deceased_nik),
        ]
        relation = relation_text(heir.relation)
        heir_line = _T("Ahli waris (%1): %2 · NIK %3") if relation else _T("Ahli waris: %2 · NIK %3")
        lines.append(
            escape(heir_line)
            .replace("%1", escape(relation))
            .replace("%2", f"<b>{escape(heir.name(Disclosure.VERIFY)) or '—'}</b>")
            .replace("%3", escape(heir.nik or "—"))
        )
        if heir.registered is True:
            lines.append("= " + escape(_T("NIK ini tercatat di registri sebagai ahli waris peserta.")))
        elif heir.registered is False:
            lines.append(
                "≠ "
                + escape(_T("NIK ini tidak tercatat sebagai ahli waris peserta: periksa bukti hubungan keluarga."))
            )
        return "<br>".join(lines)
