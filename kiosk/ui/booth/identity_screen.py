"""Identity: NIK and KPJ on a numeric keypad with live, friendly validation; then the registry's masked name.

Validation comes from `kiosk.domain.identifiers` (through `VisitState.check_nik/check_kpj`); its messages exist
in Indonesian and English and are shown in the participant's language.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.app.booth.hub_port import IdentityRefusal
from kiosk.app.booth.state import FieldCheck, Step, VisitState
from kiosk.ui.booth.identity_parts import confirm_page, entry_page
from kiosk.ui.booth.screen import BoothScreen, PageStack, label
from kiosk.ui.widgets.fields import DigitField
from kiosk.ui.widgets.message_banner import Level, MessageBanner


class IdentityScreen(BoothScreen):
    """Two fields and one keypad; a touch on a field makes the keypad type into it."""

    step = Step.IDENTITY
    object_name = "identityScreen"
    #: Both numbers are valid and the participant wants them checked.
    lookup_requested = Signal()
    #: The masked name is the participant (True) or not (False).
    confirmed = Signal(bool)

    ENTRY, CONFIRM = range(2)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.pages = PageStack(self)
        self.body.addWidget(self.pages, 1)

        self.nik_label = label("body", "nikLabel")
        self.nik_input = DigitField(16)
        self.nik_input.setObjectName("nikInput")
        self.nik_message = MessageBanner(None, "nikMessage")
        self.kpj_label = label("body", "kpjLabel")
        self.kpj_input = DigitField(state.kpj_length)
        self.kpj_input.setObjectName("kpjInput")
        self.kpj_message = MessageBanner(None, "kpjMessage")
        entry = entry_page(
            self.pages,
            [(self.nik_label, self.nik_input, self.nik_message), (self.kpj_label, self.kpj_input, self.kpj_message)],
            keypad_name="numericKeypad",
            message_name="identityMessage",
        )
        self.keypad, self.message = entry.keypad, entry.message
        self.pages.addWidget(entry.page)

        confirm = confirm_page(
            self.pages,
            names={"question": "identityQuestion", "masked_name": "maskedNameLabel", "masked_nik": "maskedNikLabel",
                   "reject": "identityRejectButton", "confirm": "identityConfirmButton"},
        )
        self.question, self.masked_name, self.masked_nik = confirm.question, confirm.masked_name, confirm.masked_nik
        self.reject_button, self.confirm_button = confirm.reject_button, confirm.confirm_button
        self.reject_button.clicked.connect(lambda: self.confirmed.emit(False))
        self.confirm_button.clicked.connect(lambda: self.confirmed.emit(True))
        self.pages.addWidget(confirm.page)


        self.nik_input.installEventFilter(self)
        self.kpj_input.installEventFilter(self)
        self.nik_input.textChanged.connect(self._nik_changed)
        self.kpj_input.textChanged.connect(self._kpj_changed)
        self.keypad.set_target(self.nik_input)
        self.next_requested.connect(self._next)
        self.retranslate()

    # ---------------------------------------------------------------------------------------------- input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A touch on a field points the keypad at it."""
        if event.type() == QEvent.Type.FocusIn and watched in (self.nik_input, self.kpj_input):
            self.keypad.set_target(watched)
        return False

    def _show_check(self, banner: MessageBanner, field: DigitField, check: FieldCheck) -> None:
        level: Level = "ok" if check.valid else ("error" if check.complete else "info")
        banner.show_message(level, check.message(self.language))
        field.set_valid(check.valid if check.complete else None)

    def _nik_changed(self, text: str) -> None:
        self.state.nik = text
        self.message.clear()
        check = self.state.check_nik()
        self._show_check(self.nik_message, self.nik_input, check)
        if check.valid and not self.state.check_kpj().valid and self.kpj_input.text() == "":
            self.kpj_input.setFocus()  # 16 digits done: move on to the KPJ by itself
            self.keypad.set_target(self.kpj_input)
        self._update_next()

    def _kpj_changed(self, text: str) -> None:
        self.state.kpj = text
        self.message.clear()
        self._show_check(self.kpj_message, self.kpj_input, self.state.check_kpj())
        self._update_next()

    def _update_next(self) -> None:
        self.next_button.setEnabled(self.pages.currentIndex() == self.CONFIRM or self.state.identity_ready)

    def _next(self) -> None:
        if self.pages.currentIndex() == self.ENTRY and self.state.identity_ready:
            self.set_busy(True)
            self.lookup_requested.emit()

    def set_busy(self, busy: bool) -> None:
        """While the registry is asked."""
        self.next_button.setEnabled(not busy and self.state.identity_ready)
        self.keypad.setEnabled(not busy)
        if busy:
            self.message.show_message("info", self.tr("Sebentar, data Anda sedang dicocokkan…"))
        elif self.message.level() == "info":
            self.message.clear()

    # ---------------------------------------------------------------------------------------------- answers

    def show_match(self) -> None:
        """Ask the participant to confirm the masked name the registry found."""
        self.set_busy(False)
        self.pages.setCurrentIndex(self.CONFIRM)
        self.next_button.hide()
        self.back_button.hide()  # "That is not me" is the way back here; two back buttons confuse
        self.refresh()
        self.retranslate()

    def show_refusal(self, reason: IdentityRefusal) -> None:
        """Nobody matches: say so, and what to check."""
        self.set_busy(False)
        self.pages.setCurrentIndex(self.ENTRY)
        self.next_button.show()
        if reason is IdentityRefusal.MISMATCH:
            text = self.tr(
                "NIK dan nomor KPJ ini bukan milik orang yang sama. Periksa lagi kedua nomor pada e-KTP dan "
                "kartu peserta."
            )
        elif self.state.is_heir:
            text = self.tr(
                "Data ini tidak ditemukan. Periksa lagi NIK pada e-KTP dan nomor KPJ pada kartu peserta "
                "yang meninggal."
            )
        else:
            text = self.tr(
                "Data ini tidak ditemukan. Periksa lagi NIK pada e-KTP dan nomor KPJ pada kartu peserta. "
                "Ahli waris: masukkan NIK dan KPJ peserta yang meninggal."
            )
        self.message.show_message("error", text)

    def go_back(self) -> None:
        """From the confirmation back to the numbers; from the numbers back to the previous screen."""
        if self.pages.currentIndex() == self.CONFIRM:
            self.back_to_entry()
        else:
            self.back_requested.emit()

    def back_to_entry(self) -> None:
        """Show the numbers again (after "that is not me")."""
        self.pages.setCurrentIndex(self.ENTRY)
        self.next_button.show()
        self.back_button.show()
        self.retranslate()
        self._update_next()

    # ---------------------------------------------------------------------------------------------- state

    def on_enter(self) -> None:
        """Show what was typed before (kept in memory while the visit lasts)."""
        self.pages.setCurrentIndex(self.CONFIRM if self.state.identity and not self.state.identity_confirmed
                                   else self.ENTRY)
        self.next_button.setVisible(self.pages.currentIndex() == self.ENTRY)
        self.back_button.setVisible(self.pages.currentIndex() == self.ENTRY)
        if self.nik_input.text() != self.state.nik:
            self.nik_input.setText(self.state.nik)
        if self.kpj_input.text() != self.state.kpj:
            self.kpj_input.setText(self.state.kpj)
        self._nik_changed(self.state.nik)
        self._kpj_changed(self.state.kpj)
        self.nik_input.setFocus()
        self.keypad.set_target(self.nik_input)
        self.retranslate()
        super().on_enter()

    def refresh(self) -> None:
        """The masked name and NIK."""
        match = self.state.identity
        nik = self.state.parsed_nik()
        if match is not None and match.masked_name:
            self.masked_name.setText(match.masked_name)
            self.masked_nik.setText(f"NIK {nik.masked()}" if nik else "")
        else:
            # No name from the registry: confirm the numbers instead (the officer checks the person).
            self.masked_name.setText(f"NIK {nik.masked()}" if nik else "")
            kpj = self.state.kpj
            self.masked_nik.setText(f"KPJ {kpj[:3]}{'*' * max(0, len(kpj) - 5)}{kpj[-2:]}")

    def retranslate(self) -> None:
        """Texts, and the validation messages again in the new language."""
        super().retranslate()
        heir = self.state.is_heir  # an heir types and confirms the participant who died, never "you"
        if self.pages.currentIndex() == self.CONFIRM:
            self.title.setText(
                self.tr("Apakah ini peserta yang Anda klaim?") if heir else self.tr("Apakah ini Anda?")
            )
            self.subtitle.setText(self.tr("Demi keamanan, hanya huruf pertama nama yang ditampilkan."))
        elif heir:
            self.title.setText(self.tr("Data peserta yang meninggal"))
            self.subtitle.setText(self.tr("Ketik NIK dan nomor KPJ almarhum atau almarhumah. Data Anda sendiri "
                                          "ditanyakan sesudahnya."))
        else:
            self.title.setText(self.tr("Data peserta"))
            self.subtitle.setText(self.tr("Sentuh kotak, lalu ketik angkanya dengan tombol di kanan."))
        if heir:
            self.nik_label.setText(self.tr("NIK peserta yang meninggal (ada di e-KTP-nya)"))
            self.kpj_label.setText(self.tr("Nomor KPJ peserta yang meninggal (ada di kartu pesertanya)"))
        else:
            self.nik_label.setText(self.tr("NIK (16 angka, ada di e-KTP)"))
            self.kpj_label.setText(self.tr("Nomor KPJ (ada di kartu peserta)"))
        if self.state.identity is not None and not self.state.identity.masked_name:
            self.question.setText(
                self.tr("Nomor peserta sudah dicatat. Apakah nomor ini benar?") if heir
                else self.tr("Nomor Anda sudah dicatat. Apakah nomor ini benar?")
            )
        else:
            self.question.setText(self.tr("Data peserta ditemukan atas nama:"))
        self.reject_button.setText(self.tr("Bukan, salah orang") if heir else self.tr("Bukan saya"))
        self.confirm_button.setText(self.tr("Ya, benar"))
        self.next_button.setText(self.tr("Periksa  ›"))
        if hasattr(self, "nik_input") and self.isVisible():
            self._show_check(self.nik_message, self.nik_input, self.state.check_nik())
            self._show_check(self.kpj_message, self.kpj_input, self.state.check_kpj())
