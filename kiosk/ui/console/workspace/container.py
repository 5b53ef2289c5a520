"""`Workspace`: the three tabs, the rule verdict above them and the action bar below them, for the focused session.

It renders a `SessionDetail` and a `Booth` from the `ConsoleState` and forwards the officer's actions as signals;
what they do is decided in `kiosk.app.console.service`, the rules in `kiosk.app.console.verification`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kiosk.app.console.assist import AssistReport, needs_look
from kiosk.app.console.phrases import ReadyPhrase
from kiosk.app.console.session import APPROVE_REASONS, Booth, Decision, SessionDetail, SubmissionState
from kiosk.app.console.verification import checklist, ready_to_approve, rule_results
from kiosk.ui.console.tile import named, set_prop
from kiosk.ui.console.workspace.actions import ActionBar
from kiosk.ui.console.workspace.assist_panel import AssistPanel
from kiosk.ui.console.workspace.data_tab import DataTab
from kiosk.ui.console.workspace.decision_tab import DecisionTab
from kiosk.ui.console.workspace.documents_tab import DocumentsTab


class Workspace(QWidget):
    """The focused session's record, documents, rules and actions."""

    capture_requested = Signal(str)  # document code
    prompt_requested = Signal(str, str)  # text for the participant; a ready phrase's English words, else ""
    hand_back_requested = Signal(list)  # document codes to capture again
    signature_requested = Signal()
    decided = Signal(object, str, str)  # Decision, reason code, note
    submit_requested = Signal()
    verified_changed = Signal(str, bool)  # document code, verified
    face_still_requested = Signal()
    question_answered = Signal(str, bool)  # question kind, answered correctly
    assist_call = Signal(object, object)  # AssistCheck, OfficerCall: the officer's call on a machine check

    def __init__(self, parent: QWidget | None = None, *, language: str = "id") -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.language = language
        self._detail: SessionDetail | None = None
        self._booth: Booth | None = None
        self._today = date.today()

        self.verdict = named(QLabel(), "verdict")
        self.verdict.setWordWrap(True)
        self.data_tab = DataTab()
        self.documents_tab = DocumentsTab(language=language)
        self.decision_tab = DecisionTab(language=language)
        self.action_bar = ActionBar(language=language)
        self.assist_panel = AssistPanel()
        #: The machine checks' report of a session (set by the window when the checks run).
        self.assist_source: Callable[[str], AssistReport | None] = lambda _session_id: None
        self.tabs = named(QTabWidget(), "workspaceTabs")
        self.tabs.addTab(self.data_tab, "")
        self.tabs.addTab(self.documents_tab, "")
        self.tabs.addTab(self.decision_tab, "")
        self.tabs.addTab(self.assist_panel, "")
        self._expose_parts()
        self._connect_parts()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.verdict)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.action_bar)
        self.retranslate()

    def _expose_parts(self) -> None:
        # The widgets the window's shortcuts, the scripted demo officer and the tests reach for, by their names.
        data, documents, decision, action_bar = self.data_tab, self.documents_tab, self.decision_tab, self.action_bar
        self.record_table, self.mismatch_label = data.record_table, data.mismatch_label
        self.checklist, self.ektp_photo = documents.checklist, documents.ektp_photo
        self.face_photo = documents.face_photo
        self.viewer, self.metrics_label = documents.viewer, documents.metrics_label
        self.rules_list, self.blockers_label, self.decision_label = (
            decision.rules_list, decision.blockers_label, decision.decision_label
        )
        self.reason_box, self.note_edit = decision.reason_box, decision.note_edit
        self.approve_button, self.reject_button = decision.approve_button, decision.reject_button
        self.capture_button, self.prompt_edit = action_bar.capture_button, action_bar.prompt_edit
        self.phrase_box = action_bar.phrase_box
        self.hand_back_button, self.signature_button = action_bar.hand_back_button, action_bar.signature_button
        self.submit_button, self.submission_label = action_bar.submit_button, action_bar.submission_label

    def _connect_parts(self) -> None:
        self.data_tab.question_answered.connect(self.question_answered)
        self.documents_tab.verified_changed.connect(self.verified_changed)
        self.documents_tab.face_still_requested.connect(self.face_still_requested)
        self.assist_panel.call_made.connect(self.assist_call)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.capture_button.clicked.connect(self.request_capture)
        self.action_bar.prompt_button.clicked.connect(self.send_prompt)
        self.phrase_box.activated.connect(self.use_phrase)
        self.prompt_edit.returnPressed.connect(self.send_prompt)
        self.hand_back_button.clicked.connect(self.hand_back)
        self.signature_button.clicked.connect(self.signature_requested)
        self.submit_button.clicked.connect(self.submit)

    # ------------------------------------------------------------------------------------------- texts

    def retranslate(self) -> None:
        """Every fixed text (shortcut keys are part of the labels: the officer learns them by reading)."""
        self.tabs.setTabText(0, self.tr("Data peserta (F2)"))
        self.tabs.setTabText(1, self.tr("Dokumen (F3)"))
        self.tabs.setTabText(2, self.tr("Aturan && keputusan (F4)"))
        self._assist_tab_text()
        for part in (self.data_tab, self.documents_tab, self.decision_tab, self.action_bar, self.assist_panel):
            part.retranslate()
        self.refresh()

    # --------------------------------------------------------------------------------------------- API

    def set_today(self, today: date) -> None:
        """The date the rules are evaluated on (tests and screenshots pin it)."""
        self._today = today
        self.refresh()

    def show_session(self, detail: SessionDetail | None, booth: Booth | None) -> None:
        """Show a session (None: nothing focused)."""
        changed = detail is None or self._detail is None or detail.session_id != self._detail.session_id
        self._detail, self._booth = detail, booth
        if changed:
            self.decision_tab.clear_inputs()
            self.prompt_edit.clear()
            self.tabs.setCurrentIndex(0)
        self.refresh()

    def show_assist(self, report: AssistReport | None) -> None:
        """The machine checks' report of the session shown (its tab title warns when something needs a look)."""
        self._assist = report
        self.assist_panel.show_report(report)
        self._assist_tab_text()

    def _assist_tab_text(self) -> None:
        report = getattr(self, "_assist", None)
        title = self.tr("Pemeriksaan mesin (F12)")
        self.tabs.setTabText(3, ("⚠ " + title) if report is not None and needs_look(report) else title)

    def refresh(self) -> None:
        """Re-render from the session shown."""
        detail, booth = self._detail, self._booth
        self.setEnabled(detail is not None)
        self.documents_tab.show_detail(detail)
        self.show_assist(None if detail is None else self.assist_source(detail.session_id))
        if detail is None:
            self.verdict.setText("")
            return
        self.data_tab.show_detail(detail, booth)
        self._show_rules(detail)
        submitted = booth is not None and booth.submission is not SubmissionState.NONE
        self.decision_tab.show_state(booth, ready_to_approve(detail, self._today), submitted)
        self.action_bar.show_state(booth, submitted)

    def _show_rules(self, detail: SessionDetail) -> None:
        evaluation = rule_results(detail, self._today)
        self.decision_tab.show_rules(evaluation)
        if evaluation is None:
            self.verdict.setText(self.tr("Aturan belum dapat diperiksa: klaim atau data registri belum lengkap."))
            set_prop(self.verdict, "level", "warn")
        elif evaluation.eligible:
            self.verdict.setText(self.tr("✓ Memenuhi syarat menurut aturan"))
            set_prop(self.verdict, "level", "good")
        else:
            blocking = len(evaluation.blocking())
            self.verdict.setText(self.tr("✗ %n hambatan: lihat Aturan & keputusan (F4)", "", blocking))
            set_prop(self.verdict, "level", "bad")

    # ----------------------------------------------------------------------------------------- actions

    def current_document(self) -> str | None:
        """The document selected in the checklist."""
        return self.documents_tab.current_document()

    def request_capture(self) -> None:
        """Ask the booth to capture the selected document."""
        document = self.current_document()
        if document:
            self.capture_requested.emit(document)

    def set_phrases(self, phrases: tuple[ReadyPhrase, ...]) -> None:
        """The branch's ready phrases for the message field."""
        self.action_bar.set_phrases(phrases)

    def use_phrase(self, _index: int = 0) -> None:
        """Put the picked ready phrase in the message field (Enter sends it; editing makes it free text)."""
        index = self.phrase_box.currentData()
        if index is None:
            return
        self.action_bar.chosen_index = int(index)
        self.prompt_edit.setText(self.action_bar.phrases[int(index)].text(self.language))
        self.phrase_box.setCurrentIndex(0)  # the box keeps its title; the field shows the phrase
        self.focus_prompt()

    def send_prompt(self) -> None:
        """Send the typed text to the participant's screen; a ready phrase goes in both languages."""
        text = self.prompt_edit.text().strip()
        if not text:
            return
        phrase = self.action_bar.chosen_phrase()
        if phrase is not None:
            self.prompt_requested.emit(phrase.id, phrase.en)
        else:
            self.prompt_requested.emit(text, "")
        self.prompt_edit.clear()
        self.action_bar.chosen_index = None

    def focus_prompt(self) -> None:
        """Put the cursor in the message field (F6)."""
        self.prompt_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def hand_back(self) -> None:
        """Back to self-service, asking again for the documents not ticked."""
        if self._detail is None:
            return
        documents = [item.document for item in checklist(self._detail) if not item.verified]
        self.hand_back_requested.emit(documents)

    def approve(self) -> None:
        """Approve, when nothing stands in the way."""
        if self._detail is None or not self.approve_button.isEnabled():
            return
        note = self.note_edit.text().strip()
        self.decided.emit(Decision.APPROVED, APPROVE_REASONS[1] if note else APPROVE_REASONS[0], note)

    def reject(self) -> None:
        """Reject with the chosen reason code (required) and the note."""
        if self._detail is None or not self.reject_button.isEnabled():
            return
        code = str(self.reason_box.currentData() or "")
        if not code:
            self.tabs.setCurrentIndex(2)
            # Show where the reason goes and put the cursor there; the officer picks it with the arrow keys.
            self.reason_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            set_prop(self.reason_box, "missing", True)
            return
        set_prop(self.reason_box, "missing", False)
        self.decided.emit(Decision.REJECTED, code, self.note_edit.text().strip())

    def submit(self) -> None:
        """Submit the approved, signed claim."""
        if self.submit_button.isEnabled():
            self.submit_requested.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
