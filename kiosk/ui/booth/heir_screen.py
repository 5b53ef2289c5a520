"""The heir's own identity: their NIK on a keypad, then "Is this you?" about the heir (never the deceased).

Shown after the participant who died is confirmed. When the registry knows the heir, their masked name is
shown; when not, the masked NIK and the birth date it holds (the officer checks the heir certificate).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.app.booth.hub_port import IdentityRefusal
from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.booth.identity_parts import confirm_page, entry_page
from kiosk.ui.booth.screen import BoothScreen, PageStack, label
from kiosk.ui.widgets.fields import DigitField
from kiosk.ui.widgets.message_banner import Level, MessageBanner


class HeirScreen(BoothScreen):
    """One field and a keypad; then the heir confirms who they are."""

    step = Step.HEIR
    object_name = "heirScreen"
    #: The heir's NIK is valid and the heir wants it checked.
    lookup_requested = Signal()
    #: The name (or NIK) shown is the heir (True) or not (False).
    confirmed = Signal(bool)

    ENTRY, CONFIRM = range(2)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.pages = PageStack(self)
        self.body.addWidget(self.pages, 1)

        self.deceased_label = label("muted", "heirDeceased")
        self.nik_label = label("body", "heirNikLabel")
        self.nik_input = DigitField(16)
        self.nik_input.setObjectName("heirNikInput")
        self.nik_message = MessageBanner(None, "heirNikMessage")
        entry = entry_page(
            self.pages,
            [(self.deceased_label, self.nik_label, self.nik_input, self.nik_message)],
            keypad_name="heirKeypad",
            message_name="heirMessage",
        )
        self.keypad, self.message = entry.keypad, entry.message
        self.keypad.set_target(self.nik_input)
        self.pages.addWidget(entry.page)

        confirm = confirm_page(
            self.pages,
            names={"question": "heirQuestion", "masked_name": "heirMaskedName", "masked_nik": "heirMaskedNik",
                   "reject": "heirRejectButton", "confirm": "heirConfirmButton"},
        )
        self.question, self.masked_name, self.masked_nik = confirm.question, confirm.masked_name, confirm.masked_nik
        self.reject_button, self.confirm_button = confirm.reject_button, confirm.confirm_button
        self.reject_button.clicked.connect(lambda: self.confirmed.emit(False))
        self.confirm_button.clicked.connect(lambda: self.confirmed.emit(True))
        self.pages.addWidget(confirm.page)

        self._deceased = ""
        self.nik_input.textChanged.connect(self._nik_changed)
        self.next_requested.connect(self._next)
        self.retranslate()

    # ---------------------------------------------------------------------------------------------- input

    def _nik_changed(self, text: str) -> None:
        self.state.heir_nik = text
        self.message.clear()
        check = self.state.check_nik(text)
        level: Level = "ok" if check.valid else ("error" if check.complete else "info")
        self.nik_message.show_message(level, check.message(self.language))
        self.nik_input.set_valid(check.valid if check.complete else None)
        self._update_next()

    def _ready(self) -> bool:
        return self.state.check_nik(self.state.heir_nik).valid

    def _update_next(self) -> None:
        self.next_button.setEnabled(self.pages.currentIndex() == self.CONFIRM or self._ready())

    def _next(self) -> None:
        if self.pages.currentIndex() == self.ENTRY and self._ready():
            self.set_busy(True)
            self.lookup_requested.emit()

    def set_busy(self, busy: bool) -> None:
        """While the hub is asked."""
        self.next_button.setEnabled(not busy and self._ready())
        self.keypad.setEnabled(not busy)
        if busy:
            self.message.show_message("info", self.tr("Sebentar, data Anda sedang dicocokkan…"))
        elif self.message.level() == "info":
            self.message.clear()

    # ---------------------------------------------------------------------------------------------- answers

    def show_match(self) -> None:
        """Ask the heir to confirm the masked name (or NIK and birth date) shown."""
        self.set_busy(False)
        self.pages.setCurrentIndex(self.CONFIRM)
        self.next_button.hide()
        self.back_button.hide()  # "That is not me" is the way back here
        self.refresh()
        self.retranslate()

    def show_refusal(self, reason: IdentityRefusal) -> None:
        """The hub refused the NIK: say what to check."""
        del reason
        self.set_busy(False)
        self.pages.setCurrentIndex(self.ENTRY)
        self.next_button.show()
        self.message.show_message("error", self.tr("NIK ini tidak dapat dipakai. Periksa lagi NIK pada e-KTP Anda."))

    def go_back(self) -> None:
        """From the confirmation back to the NIK; from the NIK back to the participant who died."""
        if self.pages.currentIndex() == self.CONFIRM:
            self.back_to_entry()
        else:
            self.back_requested.emit()

    def back_to_entry(self) -> None:
        """Show the NIK again (after "that is not me")."""
        self.pages.setCurrentIndex(self.ENTRY)
        self.next_button.show()
        self.back_button.show()
        self.retranslate()
        self._update_next()

    # ---------------------------------------------------------------------------------------------- state

    def on_enter(self) -> None:
        """What was typed before (kept in memory while the visit lasts)."""
        state = self.state
        self.pages.setCurrentIndex(self.CONFIRM if state.heir_identity and not state.heir_confirmed else self.ENTRY)
        self.next_button.setVisible(self.pages.currentIndex() == self.ENTRY)
        self.back_button.setVisible(self.pages.currentIndex() == self.ENTRY)
        if self.nik_input.text() != state.heir_nik:
            self.nik_input.setText(state.heir_nik)
        self._nik_changed(state.heir_nik)
        self.nik_input.setFocus()
        self.retranslate()
        super().on_enter()

    def refresh(self) -> None:
        """The deceased's masked name above the field; the heir's masked name or NIK to confirm."""
        state = self.state
        deceased = state.identity.masked_name if state.identity else ""
        self.deceased_label.setVisible(bool(deceased))
        self._deceased = deceased
        self._show_deceased()
        nik = state.parsed_heir_nik()
        match = state.heir_identity
        if match is not None and match.masked_name:
            self.masked_name.setText(match.masked_name)
            self.masked_nik.setText(f"NIK {nik.masked()}" if nik else "")
        else:
            self.masked_name.setText(f"NIK {nik.masked()}" if nik else "")
            self.masked_nik.setText(nik.birth_date.strftime("%d-%m-%Y") if nik else "")

    def _show_deceased(self) -> None:
        self.deceased_label.setText(self.tr("Klaim untuk peserta: %1").replace("%1", self._deceased))

    def retranslate(self) -> None:
        """Texts: every question here is about the heir."""
        super().retranslate()
        if self.pages.currentIndex() == self.CONFIRM:
            self.title.setText(self.tr("Apakah ini Anda, ahli warisnya?"))
            self.subtitle.setText(self.tr("Demi keamanan, hanya huruf pertama nama yang ditampilkan."))
        else:
            self.title.setText(self.tr("Data Anda sebagai ahli waris"))
            self.subtitle.setText(self.tr("Ketik NIK Anda sendiri, yang tertulis di e-KTP Anda."))
        self._show_deceased()
        self.nik_label.setText(self.tr("NIK Anda (16 angka, ada di e-KTP Anda)"))
        match = self.state.heir_identity
        if match is not None and match.masked_name:
            self.question.setText(self.tr("Data ahli waris ditemukan atas nama:"))
        else:
            self.question.setText(self.tr("NIK Anda sudah dicatat. Apakah NIK dan tanggal lahir ini benar?"))
        self.reject_button.setText(self.tr("Bukan saya"))
        self.confirm_button.setText(self.tr("Ya, ini saya"))
        self.next_button.setText(self.tr("Periksa  ›"))
        if hasattr(self, "nik_input") and self.isVisible():
            self._nik_changed(self.state.heir_nik)
