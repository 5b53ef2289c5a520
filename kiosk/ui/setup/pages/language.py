"""Step 1 of the setup wizard: the language of the wizard (and of the booth)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QPushButton,
    QWidget,
)

from kiosk.app.setup.model import (
    SetupResult,
)
from kiosk.ui.app import Translations
from kiosk.ui.setup.pages.step import StepPage


class LanguagePage(StepPage):
    """Bahasa Indonesia or English; switches the wizard at once."""

    def __init__(self, result: SetupResult, translations: Translations | None, parent: QWidget | None = None) -> None:
        super().__init__(result, parent)
        self._translations = translations
        self.indonesian = QPushButton("Bahasa Indonesia", self)
        self.english = QPushButton("English", self)
        self.indonesian.setObjectName("languageId")
        self.english.setObjectName("languageEn")
        group = QButtonGroup(self)
        for button in (self.indonesian, self.english):
            button.setCheckable(True)
            button.setProperty("choice", True)
            button.setMinimumHeight(90)
            group.addButton(button)
            self.body.addWidget(button)
        self.body.addStretch(1)
        (self.english if result.language == "en" else self.indonesian).setChecked(True)
        self.indonesian.clicked.connect(lambda: self._choose("id"))
        self.english.clicked.connect(lambda: self._choose("en"))
        self.retranslate()

    def _choose(self, language: str) -> None:
        self.result.language = language
        if self._translations is not None:
            self._translations.set_language(language)

    def step_name(self) -> str:
        return self.tr("Bahasa")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Selamat datang"))
        self.intro.setText(
            self.tr("Wizard ini menyiapkan PC booth dalam beberapa menit: hub cabang, pendaftaran booth, kamera, "
                    "suara dan PIN admin. Pilih bahasa.")
        )


# -- 2. hub ---------------------------------------------------------------------------------------------------
