"""Check-in: a booking code typed on a keypad, the booking QR shown to the camera, or a walk-in ticket.

Every refusal of the hub (unknown or used code, another date or branch, the day's walk-in quota full) is
explained in plain words with what the participant can do instead.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.app.booth.hub_port import CheckInRefusal, CheckInRefused
from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen, PageStack, button, label
from kiosk.ui.booth.screen import show_page as show_stack_page
from kiosk.ui.widgets.camera_preview import CameraPreview
from kiosk.ui.widgets.choice_card import ChoiceCard
from kiosk.ui.widgets.fields import DigitField
from kiosk.ui.widgets.keypad import CodeKeypad
from kiosk.ui.widgets.message_banner import MessageBanner
from kiosk.ui.widgets.video_view import FrameSource

BOOKING_CODE_MAX = 16


class CheckInScreen(BoothScreen):
    """Three ways in; the choice page, the code page and the QR page share one message banner."""

    step = Step.CHECK_IN
    object_name = "checkInScreen"
    booking_code_submitted = Signal(str)
    walk_in_requested = Signal()
    #: True when the QR page is shown (the check-in flow reads QR codes from the camera meanwhile).
    qr_scanning = Signal(bool)

    CHOICES, CODE, QR = range(3)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.pages = PageStack(self)
        self.body.addWidget(self.pages, 1)

        choices = QWidget(self.pages)
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.code_card = ChoiceCard(card_icon=icon("keypad"), parent=choices)
        self.code_card.setObjectName("bookingCodeButton")
        self.code_card.setCheckable(False)
        self.qr_card = ChoiceCard(card_icon=icon("qr"), parent=choices)
        self.qr_card.setObjectName("bookingQrButton")
        self.qr_card.setCheckable(False)
        self.walk_in_card = ChoiceCard(card_icon=icon("walk-in"), parent=choices)
        self.walk_in_card.setObjectName("walkInButton")
        self.walk_in_card.setCheckable(False)
        for card in (self.code_card, self.qr_card, self.walk_in_card):
            column.addWidget(card)
        column.addStretch(1)
        self.code_card.clicked.connect(lambda: self.show_page(self.CODE))
        self.qr_card.clicked.connect(lambda: self.show_page(self.QR))
        self.walk_in_card.clicked.connect(self._walk_in)
        self.pages.addWidget(choices)

        code_page = QWidget(self.pages)
        code_layout = QGridLayout(code_page)
        code_layout.setContentsMargins(0, 0, 0, 0)
        code_layout.setHorizontalSpacing(32)
        self.code_hint = label("body", "bookingCodeHint", code_page)
        self.code_input = DigitField(BOOKING_CODE_MAX, code_page, letters=True)
        self.code_input.setObjectName("bookingCodeInput")
        self.code_input.textChanged.connect(self._code_changed)
        self.code_input.returnPressed.connect(self._submit_code)
        self.check_button = button("checkInButton", "primary", code_page)
        self.check_button.clicked.connect(self._submit_code)
        self.keypad = CodeKeypad(code_page)
        self.keypad.setObjectName("codeKeypad")
        self.keypad.set_target(self.code_input)
        left = QVBoxLayout()
        left.addWidget(self.code_hint)
        left.addWidget(self.code_input)
        left.addWidget(self.check_button)
        left.addStretch(1)
        code_layout.addLayout(left, 0, 0)
        code_layout.addWidget(self.keypad, 0, 1)
        code_layout.setColumnStretch(0, 2)
        code_layout.setColumnStretch(1, 5)
        self.pages.addWidget(code_page)

        qr_page = QWidget(self.pages)
        qr_layout = QHBoxLayout(qr_page)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        self.preview = CameraPreview(qr_page)
        self.preview.setObjectName("qrPreview")
        from kiosk.domain.claims import DocumentShape  # the card guide is the right size for a phone held up

        self.preview.set_shape(DocumentShape.CARD)
        self.qr_hint = label("body", "qrHint", qr_page)
        qr_layout.addWidget(self.qr_hint, 2)
        qr_layout.addWidget(self.preview, 5)
        self.pages.addWidget(qr_page)

        # No reserved space: the keypad page needs every line, and a refusal replaces the keypad's spare room.
        self.message = MessageBanner(self, "checkInMessage", retain_space=False)
        self.body.addWidget(self.message)
        self.next_button.hide()
        self.retranslate()

    # ---------------------------------------------------------------------------------------------- pages

    def show_page(self, page: int) -> None:
        """Show the choices, the code keypad or the QR reader."""
        self.message.clear()
        was_qr = self.pages.currentIndex() == self.QR
        show_stack_page(self.pages, page)
        if page == self.CODE:
            self.code_input.setFocus()
        if (page == self.QR) != was_qr:
            self.qr_scanning.emit(page == self.QR)
        self.retranslate()

    def go_back(self) -> None:
        """From the code or QR page back to the choices; from the choices back to the welcome screen."""
        if self.pages.currentIndex() != self.CHOICES:
            self.show_page(self.CHOICES)
        else:
            self.back_requested.emit()

    def is_on_choices(self) -> bool:
        """True when the three choices are shown (Back then leaves the screen)."""
        return self.pages.currentIndex() == self.CHOICES

    def scanning_qr(self) -> bool:
        """True while the QR page is shown (the camera reads booking codes)."""
        return self.pages.currentIndex() == self.QR

    def set_camera(self, source: FrameSource | None) -> None:
        """Frames for the QR reader's preview."""
        self.preview.set_source(source)

    def _code_changed(self, text: str) -> None:
        self.check_button.setEnabled(len(text) >= 4)
        if self.message.level() == "error":
            self.message.clear()

    def _submit_code(self) -> None:
        code = self.code_input.text().strip()
        if len(code) >= 4:
            self.set_busy(True)
            self.booking_code_submitted.emit(code)

    def _walk_in(self) -> None:
        self.set_busy(True)
        self.walk_in_requested.emit()

    def set_busy(self, busy: bool) -> None:
        """While the hub is asked: buttons off and a "please wait" line."""
        for widget in (self.check_button, self.walk_in_card, self.code_card, self.qr_card, self.keypad):
            widget.setEnabled(not busy)
        if busy:
            self.message.show_message("info", self.tr("Sebentar, sedang diperiksa…"))
        elif self.message.level() == "info":
            self.message.clear()

    # ---------------------------------------------------------------------------------------------- refusals

    def show_refusal(self, refusal: CheckInRefused) -> None:
        """Explain why the hub refused the check-in, and what to do instead."""
        self.set_busy(False)
        self.message.show_message("error", self.refusal_text(refusal))

    def refusal_text(self, refusal: CheckInRefused) -> str:
        """The participant-facing explanation of a refusal."""
        reason = refusal.reason
        if reason is CheckInRefusal.UNKNOWN_CODE:
            return self.tr(
                "Kode booking ini tidak ditemukan. Periksa lagi kode pada pesan booking Anda, huruf demi huruf."
            )
        if reason is CheckInRefusal.USED_CODE:
            return self.tr(
                "Kode booking ini sudah pernah dipakai. Satu kode hanya berlaku untuk satu kali kunjungan. "
                "Anda dapat antre langsung hari ini."
            )
        if reason is CheckInRefusal.WRONG_DATE:
            when = refusal.booking_date.strftime("%d-%m-%Y") if refusal.booking_date else ""
            if when:
                return self.tr(
                    "Kode booking ini untuk tanggal %1, bukan hari ini. Silakan datang pada tanggal itu, "
                    "atau antre langsung hari ini."
                ).replace("%1", when)
            return self.tr(
                "Kode booking ini bukan untuk hari ini. Silakan datang pada tanggal booking Anda, "
                "atau antre langsung hari ini."
            )
        if reason is CheckInRefusal.WRONG_BRANCH:
            return self.tr(
                "Kode booking ini untuk kantor cabang lain. Silakan datang ke kantor cabang yang Anda pilih "
                "saat booking, atau antre langsung di sini."
            )
        if reason is CheckInRefusal.QUOTA_FULL:
            cap = str(refusal.cap) if refusal.cap else ""
            reset = refusal.resets_at or "00:00"
            return (
                self.tr(
                    "Maaf, kuota %1 antrean langsung hari ini sudah habis. Kuota baru dibuka besok pukul %2. "
                    "Anda juga dapat booking online untuk hari lain."
                )
                .replace("%1", cap)
                .replace("%2", reset)
                .replace("  ", " ")
            )
        return self.tr("Check-in belum berhasil. Silakan coba sekali lagi.")

    # ---------------------------------------------------------------------------------------------- texts

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        page = self.pages.currentIndex()
        if page == self.CODE:
            self.title.setText(self.tr("Ketik kode booking"))
            self.subtitle.setText(self.tr("Kode ada di pesan konfirmasi booking online Anda."))
        elif page == self.QR:
            self.title.setText(self.tr("Tunjukkan QR booking ke kamera"))
            self.subtitle.setText(self.tr("Pegang layar HP Anda di dalam bingkai kuning."))
        else:
            self.title.setText(self.tr("Bagaimana Anda datang hari ini?"))
            self.subtitle.setText(self.tr("Pilih salah satu."))
        self.code_card.set_content(
            self.tr("Saya punya kode booking"), self.tr("Ketik kode booking online Anda."), icon("keypad")
        )
        self.qr_card.set_content(
            self.tr("Saya punya QR booking"), self.tr("Tunjukkan QR di HP Anda ke kamera."), icon("qr")
        )
        self.walk_in_card.set_content(
            self.tr("Saya datang langsung"), self.tr("Tanpa booking, selama kuota hari ini masih ada."),
            icon("walk-in"),
        )
        self.code_hint.setText(self.tr("Kode booking"))
        self.check_button.setText(self.tr("Periksa kode"))
        self.qr_hint.setText(
            self.tr("Buka pesan booking di HP Anda, lalu dekatkan QR-nya ke kamera. Kode dibaca otomatis.")
        )
        self.back_button.setVisible(True)

    def refresh(self) -> None:
        """A fresh visit starts at the choices."""
        self.set_busy(False)

    def on_enter(self) -> None:
        """Start at the three choices with an empty code."""
        self.code_input.clear()
        self.check_button.setEnabled(False)
        self.show_page(self.CHOICES)
        super().on_enter()

    def on_leave(self) -> None:
        """Stop the QR reader."""
        if self.pages.currentIndex() == self.QR:
            self.qr_scanning.emit(False)
        self.set_camera(None)
