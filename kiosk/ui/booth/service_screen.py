"""Service: which benefit, why (with the last day of work for JHT after resignation or layoff), and the bank
account the money goes to. Three pages on one screen, stepped through with Back / Next.

Names, one-line explanations and icons of claim types come from the catalog (its _id/_en fields); the rules
(waiting period, age) from `kiosk.domain.claims.evaluate` through the state. JKP is not filed here: the screen
says where to go instead and offers JHT.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.booth.state import Step, VisitState
from kiosk.domain.claims import ClaimType, HeirRelation, Severity
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen, PageStack, button, label
from kiosk.ui.booth.screen import show_page as show_stack_page
from kiosk.ui.widgets.choice_card import ChoiceCard
from kiosk.ui.widgets.date_stepper import DateStepper
from kiosk.ui.widgets.fields import DigitField
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.message_banner import Level, MessageBanner


class ServiceScreen(BoothScreen):
    """Claim type, reason and date, bank account."""

    step = Step.SERVICE
    object_name = "serviceScreen"
    #: Everything is chosen and valid: save it and go on to the documents.
    completed = Signal()

    TYPE, REASON, BANK = range(3)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.pages = PageStack(self)
        self.body.addWidget(self.pages, 1)
        self._build_type_page()
        self._build_reason_page()
        self._build_bank_page()
        self.message = MessageBanner(self, "serviceMessage", retain_space=False)
        self.body.addWidget(self.message)
        self.next_requested.connect(self._next)
        self.retranslate()
        self._update()

    # ---------------------------------------------------------------------------------------------- pages

    def _build_type_page(self) -> None:
        page = QWidget(self.pages)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        self.type_cards: dict[ClaimType, ChoiceCard] = {}
        self.type_group = QButtonGroup(self)
        self.type_grid = grid
        for entry in self.state.catalog.claim_types:
            slim = not entry.served_at_booth
            card = ChoiceCard(card_icon=icon(entry.icon), parent=page, icon_size=48 if slim else 64)
            card.setObjectName(f"claimType_{entry.code.value}")
            card.clicked.connect(lambda _c=False, code=entry.code: self._choose_type(code))
            self.type_group.addButton(card)
            self.type_cards[entry.code] = card
        self._lay_out_types()
        self.use_jht_button = button("useJhtButton", parent=self)
        self.use_jht_button.clicked.connect(lambda: self._choose_type(ClaimType.JHT))
        self.use_jht_button.hide()
        self.nav.insertWidget(2, self.use_jht_button)
        self.pages.addWidget(page)

    def _lay_out_types(self) -> None:
        """The cards of the claim types offered to this claimant (an heir: the death claims only), two a row."""
        grid = self.type_grid
        for card in self.type_cards.values():
            grid.removeWidget(card)
            card.hide()
        offered = self.state.claim_types()
        served = [e for e in offered if e.served_at_booth]
        elsewhere = [e for e in offered if not e.served_at_booth]
        for index, entry in enumerate(served):
            grid.addWidget(self.type_cards[entry.code], index // 2, index % 2)
        for index, entry in enumerate(elsewhere):
            # Types filed elsewhere (JKP) get a slim card under the others: people look for them, and touching
            # one explains where to go; they need no room for an explanation of what they pay.
            grid.addWidget(self.type_cards[entry.code], (len(served) + 1) // 2 + index, 0, 1, 2)
        for entry in offered:
            self.type_cards[entry.code].show()
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        grid.setRowStretch(grid.rowCount(), 1)

    def _build_reason_page(self) -> None:
        page = QWidget(self.pages)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(32)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        self.reason_holder = QWidget()
        self.reason_layout = QVBoxLayout(self.reason_holder)
        self.reason_layout.setSpacing(10)
        scroll.setWidget(self.reason_holder)
        self.reason_group = QButtonGroup(self)
        self.reason_cards: dict[str, ChoiceCard] = {}
        left = QVBoxLayout()
        left.addWidget(scroll, 1)
        # What the rules say about this reason (e.g. from which date JHT can be claimed) stays in view under the
        # list, whatever the right column holds.
        self.rule_message = MessageBanner(page, "ruleMessage", retain_space=False)
        left.addWidget(self.rule_message)
        row.addLayout(left, 3)

        side = QVBoxLayout()
        self.date_label = label("body", "terminationDateLabel", page)
        today = self.state.today()
        self.date_stepper = DateStepper(today - timedelta(days=365 * 15), today, page)
        self.date_stepper.setObjectName("terminationDate")
        self.date_stepper.date_changed.connect(self._date_changed)
        side.addWidget(self.date_label)
        side.addWidget(self.date_stepper)
        self.heir_label = label("body", "heirRelationLabel", page)
        side.addWidget(self.heir_label)
        self.heir_group = QButtonGroup(self)
        self.heir_buttons: dict[HeirRelation, QPushButton] = {}
        heir_grid = QGridLayout()
        for index, relation in enumerate(HeirRelation):
            widget = button(f"heir_{relation.value}", parent=page)
            widget.setCheckable(True)
            widget.clicked.connect(lambda _c=False, r=relation: self._choose_heir(r))
            self.heir_group.addButton(widget)
            self.heir_buttons[relation] = widget
            widget.setProperty("scale", "compact")
            heir_grid.addWidget(widget, index // 2, index % 2)
        side.addLayout(heir_grid)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.pages.addWidget(page)

    def _build_bank_page(self) -> None:
        page = QWidget(self.pages)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(40)
        left = QVBoxLayout()
        self.bank_label = label("body", "bankLabel", page)
        left.addWidget(self.bank_label)
        banks = QGridLayout()
        banks.setSpacing(10)
        self.bank_group = QButtonGroup(self)
        self.bank_buttons: dict[str, QPushButton] = {}
        for index, bank in enumerate(self.state.catalog.banks):
            widget = button(f"bank_{bank.code}", parent=page)
            widget.setText(bank.name)  # a bank's name is a name: the same in every language
            widget.setCheckable(True)
            widget.clicked.connect(lambda _c=False, code=bank.code: self._choose_bank(code))
            self.bank_group.addButton(widget)
            self.bank_buttons[bank.code] = widget
            banks.addWidget(widget, index // 3, index % 3)
        left.addLayout(banks)
        self.account_label = label("body", "accountLabel", page)
        self.account_input = DigitField(20, page)
        self.account_input.setObjectName("accountInput")
        self.account_input.textChanged.connect(self._account_changed)
        self.account_message = MessageBanner(page, "accountMessage")
        left.addWidget(self.account_label)
        left.addWidget(self.account_input)
        left.addWidget(self.account_message)
        left.addStretch(1)
        self.keypad = NumericKeypad(page)
        self.keypad.setObjectName("accountKeypad")
        self.keypad.set_target(self.account_input)
        grid.addLayout(left, 0, 0)
        grid.addWidget(self.keypad, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.pages.addWidget(page)

    # ---------------------------------------------------------------------------------------------- touches

    def _choose_type(self, code: ClaimType) -> None:
        self.state.choose_claim_type(code)
        self.type_cards[code].setChecked(True)
        self._rebuild_reasons()
        self._update()

    def _rebuild_reasons(self) -> None:
        while self.reason_layout.count():
            item = self.reason_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if isinstance(widget, ChoiceCard):
                self.reason_group.removeButton(widget)
                widget.deleteLater()
        self.reason_cards.clear()
        entry = self.state.claim_entry()
        if entry is None:
            return
        for reason in self.state.reasons(entry):
            card = ChoiceCard(reason.name(self.language), parent=self.reason_holder)
            card.setObjectName(f"reason_{reason.code}")
            card.clicked.connect(lambda _c=False, code=reason.code: self._choose_reason(code))
            card.setChecked(reason.code == self.state.reason)
            self.reason_group.addButton(card)
            self.reason_layout.insertWidget(self.reason_layout.count(), card)
            self.reason_cards[reason.code] = card
        self.reason_layout.addStretch(1)

    def _choose_reason(self, code: str) -> None:
        self.state.reason = code
        if not self.state.needs_termination_date:
            self.state.termination_date = None
        if not self.state.needs_heir_relation:
            self.state.heir_relation = None
        self._update()

    def _date_changed(self, value: object) -> None:
        self.state.termination_date = value  # type: ignore[assignment]
        self._update()

    def _choose_heir(self, relation: HeirRelation) -> None:
        self.state.heir_relation = relation
        self._update()

    def _choose_bank(self, code: str) -> None:
        self.state.bank_code = code
        self._account_changed(self.account_input.text())

    def _account_changed(self, text: str) -> None:
        self.state.account_number = text
        check = self.state.check_account()
        level: Level = "ok" if check.valid else ("error" if check.complete else "info")
        self.account_message.show_message(level, check.message(self.language))
        self.account_input.set_valid(check.valid if check.complete else None)
        self._update()

    def go_back(self) -> None:
        """Step back through the pages, then to the previous screen."""
        page = self.pages.currentIndex()
        if page == self.TYPE:
            self.back_requested.emit()
        else:
            self.show_page(page - 1)

    def _next(self) -> None:
        page = self.pages.currentIndex()
        if page == self.TYPE and self.state.claim_type and self.state.served_here():
            self.show_page(self.REASON)
        elif page == self.REASON and self._reason_page_done():
            self.show_page(self.BANK)
        elif page == self.BANK and self.state.service_ready:
            self.completed.emit()

    def show_page(self, page: int) -> None:
        """Show one of the three pages."""
        show_stack_page(self.pages, page)
        if page == self.BANK:
            self.account_input.setFocus()
        self.retranslate()
        self.subtitle.setVisible(bool(self.subtitle.text()))
        self._update()

    def current_page(self) -> int:
        """TYPE, REASON or BANK."""
        return self.pages.currentIndex()

    # ---------------------------------------------------------------------------------------------- state

    def _reason_page_done(self) -> bool:
        state = self.state
        if state.reason is None:
            return False
        if state.needs_termination_date and state.termination_date is None:
            return False
        if state.needs_heir_relation and state.heir_relation is None:
            return False
        return not state.blocking_findings()

    def _update(self) -> None:
        """Enable Next, show the date and heir questions when needed, and what the rules say."""
        state = self.state
        page = self.pages.currentIndex()
        entry = state.claim_entry()
        self.use_jht_button.setVisible(page == self.TYPE and entry is not None and not entry.served_at_booth)
        self.date_label.setVisible(state.needs_termination_date)
        self.date_stepper.setVisible(state.needs_termination_date)
        self.heir_label.setVisible(state.needs_heir_relation)
        for widget in self.heir_buttons.values():
            widget.setVisible(state.needs_heir_relation)
        if page == self.TYPE:
            self.next_button.setEnabled(bool(entry and entry.served_at_booth))
        elif page == self.REASON:
            self.next_button.setEnabled(self._reason_page_done())
        else:
            self.next_button.setEnabled(state.service_ready)
        self._show_findings(page)

    def _show_findings(self, page: int) -> None:
        banner = self.rule_message if page == self.REASON else self.message
        (self.message if page == self.REASON else self.rule_message).clear()
        if page == self.BANK:
            self.message.clear()
            return
        findings = self.state.service_findings()
        if page == self.TYPE:
            findings = [f for f in findings if f.code == "use_other_channel"]
        if not findings:
            banner.clear()
            return
        blocking = [f for f in findings if f.severity is Severity.BLOCKING]
        shown = blocking or findings
        text = "\n".join(f.message(self.language) for f in shown)
        level: Level = "warning" if blocking else "info"
        banner.show_message(level, text)

    def on_enter(self) -> None:
        """Show the state's choices (kept while the visit lasts)."""
        self._lay_out_types()
        _check_only(self.type_group, {card: code is self.state.claim_type for code, card in self.type_cards.items()})
        self._rebuild_reasons()
        self.date_stepper.set_value(self.state.termination_date)
        _check_only(self.heir_group,
                    {w: relation is self.state.heir_relation for relation, w in self.heir_buttons.items()})
        _check_only(self.bank_group, {w: code == self.state.bank_code for code, w in self.bank_buttons.items()})
        if self.account_input.text() != self.state.account_number:
            self.account_input.setText(self.state.account_number)
        show_stack_page(self.pages, self.TYPE)
        self.retranslate()
        self._update()
        super().on_enter()

    def retranslate(self) -> None:
        """Texts, and catalog names in the current language."""
        super().retranslate()
        page = self.pages.currentIndex()
        if page == self.REASON:
            # No subtitle here: the room goes to the date and what the rules say about it.
            self.title.setText(self.tr("Pilih alasan klaim Anda"))
            self.subtitle.setText("")
        elif page == self.BANK:
            self.title.setText(self.tr("Rekening untuk menerima dana"))
            self.subtitle.setText(self.tr("Rekening harus atas nama Anda sendiri, sesuai buku tabungan."))
        elif self.state.is_heir:
            self.title.setText(self.tr("Klaim apa yang Anda ajukan sebagai ahli waris?"))
            self.subtitle.setText("")
        else:
            self.title.setText(self.tr("Apa yang ingin Anda ajukan?"))
            self.subtitle.setText("")
        for claim in self.state.catalog.claim_types:
            summary = claim.summary(self.language) if claim.served_at_booth else ""
            self.type_cards[claim.code].set_content(claim.name(self.language), summary)
        chosen = self.state.claim_entry()
        if chosen is not None:
            for reason in self.state.reasons(chosen):
                card = self.reason_cards.get(reason.code)
                if card is not None:
                    card.set_content(reason.name(self.language))
        self.use_jht_button.setText(self.tr("Pilih JHT"))
        self.date_label.setText(self.tr("Tanggal terakhir Anda bekerja"))
        self.heir_label.setText(self.tr("Hubungan Anda dengan peserta yang meninggal"))
        heir_texts = {
            HeirRelation.SPOUSE: self.tr("Suami / istri"),
            HeirRelation.CHILD: self.tr("Anak"),
            HeirRelation.PARENT: self.tr("Orang tua"),
            HeirRelation.OTHER: self.tr("Lainnya"),
        }
        for relation, widget in self.heir_buttons.items():
            widget.setText(heir_texts[relation])
        self.bank_label.setText(self.tr("Bank Anda"))
        self.account_label.setText(self.tr("Nomor rekening"))
        if self.isVisible():
            self._update()
            if page == self.BANK:
                self._account_changed(self.account_input.text())


def _check_only(group: QButtonGroup, checked: dict[Any, bool]) -> None:
    """Check exactly the buttons marked True. An exclusive group ignores unchecking its checked button, so the
    next visitor saw the last one's claim type, relation and bank still chosen: exclusivity is lifted meanwhile."""
    group.setExclusive(False)
    for widget, on in checked.items():
        widget.setChecked(on)
    group.setExclusive(True)
