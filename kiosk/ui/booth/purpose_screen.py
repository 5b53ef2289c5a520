"""Whom the claim is for: "for myself" or "as the heir of a participant who died", asked before any number.

The answer decides the words of the identity questions (the deceased is never asked "Is this you?") and the
claims offered (an heir files the death claims only).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.domain.claims import Claimant
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen
from kiosk.ui.widgets.choice_card import ChoiceCard


class PurposeScreen(BoothScreen):
    """Two large cards; touching one chooses it and goes on."""

    step = Step.PURPOSE
    object_name = "purposeScreen"
    #: The participant chose who files.
    chosen = Signal(Claimant)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.self_card = ChoiceCard(card_icon=icon("checkin"), parent=self)
        self.self_card.setObjectName("purposeSelf")
        self.heir_card = ChoiceCard(card_icon=icon("claim-jkm"), parent=self)
        self.heir_card.setObjectName("purposeHeir")
        self.self_card.clicked.connect(lambda: self.chosen.emit(Claimant.PARTICIPANT))
        self.heir_card.clicked.connect(lambda: self.chosen.emit(Claimant.HEIR))
        self.body.addWidget(self.self_card)
        self.body.addWidget(self.heir_card)
        self.body.addStretch(1)
        self.next_button.hide()  # a card is the answer: no Next to find
        self.retranslate()

    def on_enter(self) -> None:
        """The previous answer, if any, is marked."""
        self.self_card.setChecked(self.state.claimant is Claimant.PARTICIPANT)
        self.heir_card.setChecked(self.state.claimant is Claimant.HEIR)
        super().on_enter()

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        self.title.setText(self.tr("Untuk siapa klaim ini?"))
        self.subtitle.setText(self.tr("Pilih salah satu."))
        self.self_card.set_content(
            self.tr("Untuk saya sendiri"),
            self.tr("Saya peserta BPJS Ketenagakerjaan dan mengajukan klaim atas nama saya."),
        )
        self.heir_card.set_content(
            self.tr("Sebagai ahli waris peserta yang meninggal"),
            self.tr("Peserta sudah meninggal dunia. Saya keluarganya (suami/istri, anak, orang tua) dan "
                    "mengajukan santunan kematian atau JHT-nya."),
        )
