"""Step 2 of the setup wizard: the hub's address and a connection test (version, TLS)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.app.setup.model import (
    HubProbe,
    HubProblem,
    SetupResult,
    probe_hub,
)
from kiosk.ui.setup.pages.step import StepPage, run_in_thread


class HubPage(StepPage):
    """The hub's address and a connection test showing its version and TLS state."""

    def __init__(self, result: SetupResult, initial_url: str, parent: QWidget | None = None) -> None:
        super().__init__(result, parent)
        self.url = QLineEdit(initial_url, self)
        self.url.setObjectName("hubUrl")
        self.url.setPlaceholderText("https://hub.cabang.local:8600")
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("hubTest")
        self.test_button.setProperty("kind", "primary")
        self.status = QLabel(self)
        self.status.setObjectName("hubStatus")
        self.status.setWordWrap(True)
        self.label = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.test_button)
        self.body.addWidget(self.label)
        self.body.addLayout(row)
        self.body.addWidget(self.status)
        self.body.addStretch(1)
        self.probe: HubProbe | None = None
        self._testing = False
        self.test_button.clicked.connect(self.test)
        self.url.returnPressed.connect(self.test)
        self.url.textChanged.connect(self._edited)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("Hub")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Hub cabang"))
        self.intro.setText(self.tr("Alamat hub cabang, seperti yang diberikan admin TI. Tekan Uji koneksi."))
        self.label.setText(self.tr("Alamat hub"))
        self.test_button.setText(self.tr("Menguji...") if self._testing else self.tr("Uji koneksi"))
        if self.probe is not None:
            self._show(self.probe)

    def is_complete(self) -> bool:
        return self.probe is not None and self.probe.ok and not self._testing

    def _edited(self) -> None:
        if self.probe is not None:
            self.probe = None
            self.status.clear()
            self.banner.clear()
            self.complete_changed.emit()

    def test(self) -> None:
        """Test the connection in the background."""
        if self._testing:
            return
        self._testing = True
        self.probe = None
        self.banner.show_message("info", self.tr("Menghubungi hub..."))
        self.retranslate()
        self.test_button.setEnabled(False)
        self.complete_changed.emit()
        text = self.url.text()
        run_in_thread(self, lambda: probe_hub(text), self._tested)

    def _tested(self, probe: object) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self.probe = probe if isinstance(probe, HubProbe) else HubProbe(self.url.text(), False,
                                                                       problem=HubProblem.UNREACHABLE)
        if self.probe.ok:
            self.result.hub_url = self.probe.url
            if self.url.text().strip() != self.probe.url:
                self.url.blockSignals(True)
                self.url.setText(self.probe.url)
                self.url.blockSignals(False)
        self.retranslate()
        self.complete_changed.emit()

    def _show(self, probe: HubProbe) -> None:
        if probe.ok:
            if probe.tls:
                tls = self.tr("TLS aktif (%1), sertifikat dipercaya.").replace("%1", probe.tls_version or "TLS")
            else:
                tls = self.tr("Tanpa TLS: hanya untuk hub di PC ini atau jaringan uji.")
            self.status.setText(self.tr("Hub versi %1.").replace("%1", probe.version) + " " + tls)
            self.banner.show_message("ok" if probe.tls else "warning", self.tr("Koneksi berhasil.") + " " + tls)
            return
        self.status.clear()
        messages = {
            HubProblem.BAD_URL: self.tr("Alamat ini tidak bisa dipakai. Tulis seperti https://hub.cabang.local:8600"),
            HubProblem.UNREACHABLE: self.tr(
                "Hub tidak terjangkau. Periksa kabel jaringan dan alamatnya, dan pastikan hub menyala."
            ),
            HubProblem.TLS: self.tr(
                "Sertifikat hub tidak dipercaya PC ini. Pasang sertifikat CA cabang (lihat panduan pemasangan)."
            ),
            HubProblem.NOT_A_HUB: self.tr("Alamat ini menjawab, tetapi bukan hub kiosk. Periksa alamat dan port."),
            HubProblem.DATABASE: self.tr("Hub menjawab tetapi basis datanya bermasalah. Hubungi admin hub."),
        }
        assert probe.problem is not None
        self.banner.show_message("error", messages[probe.problem])


# -- 3. enrollment --------------------------------------------------------------------------------------------
