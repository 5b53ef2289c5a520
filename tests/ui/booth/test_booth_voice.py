"""Spoken guidance on the booth's window: each screen says its text (and stops the last), listen again, the
language chosen, the volume buttons, the officer chime, large text (grows, nothing cut off, off after the visit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.app.booth.guidance import GuidanceKey
from kiosk.app.booth.state import Problem, Step
from kiosk.app.booth.voice import VoiceGuide
from kiosk.config import BoothSettings, Settings, VideoSettings
from kiosk.system.speech import SpeechEngine
from kiosk.ui.app import AppSpec, create_context
from kiosk.ui.booth.assist_bar import AssistBar
from kiosk.ui.booth.large_text import FACTOR
from kiosk.ui.booth.main import assemble_booth
from kiosk.ui.booth.sound_player import QtSoundPlayer
from kiosk.ui.booth.window import BoothWindow
from tests.ui.booth.harness import Booth

needs_espeak = pytest.mark.skipif(not SpeechEngine().available(), reason="espeak-ng is not installed (./dev setup)")


class RecordingPlayer(QtSoundPlayer):
    """The booth's player as if it had a speaker; it keeps what it was asked to play instead of playing."""

    def __init__(self) -> None:
        super().__init__(available=True)
        self.events: list[str] = []

    def play_speech(self, path: Path, volume: float) -> None:
        self.speech_path = path
        self._volume = volume
        self.events.append("speak")

    def stop_speech(self) -> None:
        self.events.append("stop")

    def play_chime(self, volume: float) -> None:
        self.events.append("chime")


def voiced_booth(
    qtbot: Any, tmp_path: Path, *, language: str = "id", espeak: str = "espeak-ng", inactivity_s: float = 90.0
) -> Booth:
    ctx = create_context(AppSpec(name="booth", theme="booth", catalogs=("booth",), language=language))
    booth = BoothSettings(booth_number=2, speech_cache_dir=tmp_path / "speech", inactivity_timeout_s=inactivity_s)
    settings = Settings(booth=booth, video=VideoSettings())
    hub: Any = object()  # the voice needs no hub: the tests move between screens themselves
    window, view, flows = assemble_booth(hub, settings, ctx.translations, player=RecordingPlayer())
    built = Booth(window, view, flows)
    if espeak != "espeak-ng":
        assert view.voice is not None and view.voice.cache is not None
        view.voice.cache.engine = SpeechEngine(program=espeak)
        view.voice._changed()
    window.allow_close()
    window.resize(1280, 800)
    window.show()
    qtbot.addWidget(window, before_close_func=lambda _w: built.shutdown())
    flows.start()
    return built


def guide_of(booth: Booth) -> VoiceGuide:
    assert booth.view.voice is not None
    return booth.view.voice


def bar(window: BoothWindow) -> AssistBar:
    found = window.current_screen().findChild(AssistBar)
    assert found is not None
    return found


@needs_espeak
def test_each_screen_says_its_guidance_and_stops_the_last(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    booth = voiced_booth(qtbot, tmp_path)
    guide, player = guide_of(booth), booth.view.voice.player  # type: ignore[union-attr]
    assert not guide.said  # the idle welcome screen is quiet
    booth.visit.go(Step.CONSENT)
    qtbot.waitUntil(lambda: len(guide.said) == 1)
    assert guide.said[0].key is GuidanceKey.CONSENT and "Saya setuju" in guide.said[0].text
    booth.visit.go(Step.IDENTITY)
    qtbot.waitUntil(lambda: len(guide.said) == 2)
    assert guide.said[1].key is GuidanceKey.IDENTITY and "NIK" in guide.said[1].text
    assert player.events[-3:] == ["speak", "stop", "speak"]  # type: ignore[attr-defined]
    booth.window.show_problem(Problem.HUB_UNREACHABLE)  # a problem has words of its own
    qtbot.waitUntil(lambda: len(guide.said) == 3)
    assert guide.said[2].key is GuidanceKey.PROBLEM_HUB
    # Listen again: the same words once more (from the cache).
    misses = guide.cache.misses  # type: ignore[union-attr]
    qtbot.mouseClick(bar(booth.window).listen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(guide.said) == 4)
    assert guide.said[3] == guide.said[2] and guide.cache.misses == misses  # type: ignore[union-attr]


@needs_espeak
def test_the_still_there_question_is_said(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    booth = voiced_booth(qtbot, tmp_path, inactivity_s=0.3)
    guide = guide_of(booth)
    booth.visit.go(Step.CONSENT)
    qtbot.waitUntil(lambda: bool(guide.said) and guide.said[-1].key is GuidanceKey.STILL_THERE, timeout=10_000)
    assert booth.window.still_there.isVisible() and "masih di sini" in guide.said[-1].text


@needs_espeak
def test_choosing_english_says_the_screen_in_english(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    booth = voiced_booth(qtbot, tmp_path)
    guide = guide_of(booth)
    qtbot.mouseClick(booth.window.welcome.english_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(guide.said) == 1)
    assert guide.said[0].language == "en" and guide.said[0].text.startswith("Welcome.")
    booth.visit.go(Step.WAITING)
    qtbot.waitUntil(lambda: len(guide.said) == 2)
    assert guide.said[1].text.startswith("Thank you, your details are complete")
    booth.visit.end("finished")  # the next visit is in the booth's language again, and quiet on welcome
    assert guide.current is not None and guide.current.language == "id" and len(guide.said) == 2


def test_volume_buttons_change_the_volume_and_the_bars(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    booth = voiced_booth(qtbot, tmp_path)
    guide, controls = guide_of(booth), booth.window.assist
    booth.visit.go(Step.CONSENT)
    strip = bar(booth.window)
    assert strip.quieter_button.isVisible() and strip.louder_button.isVisible()
    qtbot.mouseClick(strip.louder_button, Qt.MouseButton.LeftButton)
    assert guide.volume == 1.0 and guide.player.volume == 1.0  # type: ignore[attr-defined]
    assert controls.volume_level == 4 and not strip.louder_button.isEnabled()
    for _ in range(4):
        qtbot.mouseClick(strip.quieter_button, Qt.MouseButton.LeftButton)
    assert guide.volume == 0 and controls.volume_level == 0 and not strip.quieter_button.isEnabled()
    booth.visit.end("finished")
    assert controls.volume_level == 3 and guide.volume == 0.75  # the next participant's default


# Qt Multimedia's own notices on a machine without a sound server (CI): not faults of ours.
@pytest.mark.qt_log_ignore(
    r"Couldn.t (load|resolve) ", r"PulseAudioService", r"Using Qt multimedia",
    r"QSoundEffect: playback of this format is not supported",  # the fallback device when no sound server runs
)
def test_the_volume_reaches_the_sound_effect(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    player = QtSoundPlayer(available=True)
    wav = tmp_path / "x.wav"
    from kiosk.app.booth.joined_chime import synthesise_joined_chime

    synthesise_joined_chime(wav)
    player.play_speech(wav, 0.5)
    assert player.effect_volume() == pytest.approx(0.5)
    player.set_volume(0.25)
    assert player.effect_volume() == pytest.approx(0.25)
    player.stop_speech()
    assert player.effect_volume() is None and player.chime_seconds == pytest.approx(0.62, abs=0.01)


def test_the_officer_joining_chimes(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    booth = voiced_booth(qtbot, tmp_path)
    player = booth.view.voice.player  # type: ignore[union-attr]
    booth.visit.go(Step.WAITING)
    assert "chime" not in player.events  # type: ignore[attr-defined]
    booth.call.officer_connected("Rina", lambda: None)
    assert booth.window.current_screen() is booth.window.call
    assert player.events.count("chime") == 1  # type: ignore[attr-defined]


def test_without_espeak_the_listen_button_hides(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    booth = voiced_booth(qtbot, tmp_path, espeak="espeak-ng-missing")
    booth.visit.go(Step.CONSENT)
    strip = bar(booth.window)
    assert not strip.listen_button.isVisible() and strip.louder_button.isVisible()
    assert not guide_of(booth).said
    booth.visit.go(Step.IDENTITY)  # the booth goes on as before
    assert booth.window.current_screen() is booth.window.identity


# ------------------------------------------------------------------------------------------------ large text


def cut_off(window: BoothWindow) -> list[str]:
    """Texts on the screen shown that do not fit their widget (a cut word, a clipped line)."""
    problems = []
    screen = window.current_screen()
    widgets: list[QWidget] = [*screen.findChildren(QLabel), *screen.findChildren(QAbstractButton)]
    for widget in widgets:
        if not widget.isVisibleTo(window) or not widget.text():  # type: ignore[attr-defined]
            continue
        text = widget.text()  # type: ignore[attr-defined]
        metrics = widget.fontMetrics()
        room = widget.contentsRect()
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.heightForWidth(widget.width()) > widget.height() + 1:
                problems.append(f"{widget.objectName() or type(widget).__name__}: {text[:40]!r} too tall")
        else:
            lines = text.split("\n")
            widest = max(metrics.horizontalAdvance(line) for line in lines)
            has_icon = isinstance(widget, QAbstractButton) and not widget.icon().isNull()
            icon = widget.iconSize().width() + 8 if has_icon else 0  # type: ignore[attr-defined]
            if widest + icon > room.width():
                problems.append(f"{widget.objectName() or type(widget).__name__}: {text[:40]!r} too wide")
    return problems


SCREENS = (Step.WELCOME, Step.CHECK_IN, Step.CONSENT, Step.IDENTITY, Step.WAITING, Step.SIGNATURE)


@pytest.mark.parametrize("language", ["id", "en"])
def test_large_text_grows_every_font_and_cuts_nothing_off(
    qtbot: Any, qt_loop: Any, tmp_path: Path, language: str
) -> None:
    booth = voiced_booth(qtbot, tmp_path, language=language)
    window = booth.window
    booth.visit.set_language(language)
    QCoreApplication.processEvents()
    normal = window.consent.title.font().pointSizeF()
    normal_subtitle = window.consent.subtitle.font().pointSizeF()
    body = window.welcome.findChild(QLabel, "welcomeStep1")
    assert body is not None
    normal_body = body.font().pointSizeF()
    labelled = bar(window)
    qtbot.mouseClick(labelled.large_text_button, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()
    assert window.assist.large_text_on and labelled.large_text_button.isChecked()
    assert window.consent.title.font().pointSizeF() == pytest.approx(normal)  # titles are large already
    assert body.font().pointSizeF() == pytest.approx(normal_body * FACTOR, abs=0.6)
    assert window.consent.subtitle.font().pointSizeF() == pytest.approx(normal_subtitle * FACTOR, abs=0.6)
    for step in SCREENS:
        booth.visit.go(step)
        qtbot.wait(30)
        assert window.width() == 1280 and window.height() == 800, step
        assert cut_off(window) == [], step
        assert bar(window).large_text_button.isChecked()  # the same switch on every screen
    booth.visit.end("finished")
    QCoreApplication.processEvents()
    assert not window.assist.large_text_on
    assert window.consent.title.font().pointSizeF() == pytest.approx(normal)


def test_the_bar_is_on_every_screen_but_the_call_and_tall_enough_to_touch(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    booth = voiced_booth(qtbot, tmp_path)
    window = booth.window
    for screen in [*window.screens.values(), window.problem]:
        bars = screen.findChildren(AssistBar)
        assert len(bars) == (0 if screen is window.call else 1), screen.objectName()
    booth.visit.go(Step.IDENTITY)
    qtbot.wait(30)
    strip = bar(window)
    for button in (strip.listen_button, strip.quieter_button, strip.louder_button, strip.large_text_button):
        assert button.height() >= 64 and button.width() >= 64, button.objectName()
    assert strip.listen_button.accessibleName() == "Dengarkan lagi"
    assert bar(window).listen_button.text() == ""  # words on the welcome screen, the icon elsewhere
    booth.visit.go(Step.WELCOME)
    assert bar(window).listen_button.text() == "Dengarkan lagi"


def test_the_scaled_sheet_grows_body_text_and_keeps_large_text() -> None:
    from kiosk.ui.booth.large_text import scaled_stylesheet

    qss = 'QWidget { font-size: 20pt; } QLabel[role="huge"] { font-size: 48pt; } QPushButton { font-size: 24pt; }'
    assert scaled_stylesheet(qss) == (
        'QWidget { font-size: 26pt; } QLabel[role="huge"] { font-size: 48pt; } QPushButton { font-size: 30pt; }'
    )
    top = "/* the bar */ QFrame#topBar QLabel { color: #FFF; font-size: 20pt; }"
    assert scaled_stylesheet(top) == top
