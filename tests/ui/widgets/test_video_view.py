"""VideoView: pulls the newest frame, never repaints for nothing, shows a stopped stream as frozen."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.video_view import VideoView, frame_to_qimage


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _frame(value: int, shape: tuple[int, ...] = (90, 160, 3)) -> np.ndarray:
    return np.full(shape, value, dtype=np.uint8)


def test_frame_to_qimage_shares_memory_and_reads_bgr() -> None:
    frame = np.zeros((2, 3, 3), dtype=np.uint8)
    frame[0, 0] = (255, 0, 0)  # pure blue in BGR
    image = frame_to_qimage(frame, "bgr")
    assert (image.width(), image.height()) == (3, 2)
    assert image.pixelColor(0, 0).blue() == 255
    assert image.pixelColor(0, 0).red() == 0


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.float32), np.zeros((4, 4, 4), np.uint8)])
def test_frame_to_qimage_refuses_other_formats(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="frames must"):
        frame_to_qimage(bad)


def test_pull_source_shows_each_new_frame_once(qtbot: QtBot) -> None:
    clock = FakeClock()
    view = VideoView(fps=100, clock=clock)
    qtbot.addWidget(view)
    current = {"frame": _frame(10)}
    view.set_source(lambda: current["frame"])
    with qtbot.wait_signal(view.frame_shown, timeout=1000):
        pass
    assert view.has_frame()
    # The same object again is not a new frame: nothing more is shown.
    with qtbot.assert_not_emitted(view.frame_shown, wait=100):
        pass
    current["frame"] = _frame(20)
    with qtbot.wait_signal(view.frame_shown, timeout=1000):
        pass
    frame = view.current_frame()
    assert frame is not None
    assert int(frame[0, 0, 0]) == 20


def test_push_from_another_thread_keeps_only_the_newest(qtbot: QtBot) -> None:
    view = VideoView(fps=50)
    qtbot.addWidget(view)
    view.set_source(lambda: None)

    def producer() -> None:
        for value in range(1, 31):
            view.push_frame(_frame(value))

    thread = threading.Thread(target=producer)
    thread.start()
    thread.join()
    qtbot.wait_until(lambda: view.current_frame() is not None and int(view.current_frame()[0, 0, 0]) == 30)


def test_stream_that_stops_becomes_frozen_and_thaws(qtbot: QtBot) -> None:
    clock = FakeClock()
    view = VideoView(fps=100, frozen_after_s=2.0, clock=clock)
    qtbot.addWidget(view)
    view.resize(320, 180)
    view.show()
    current = {"frame": _frame(1)}
    view.set_source(lambda: current["frame"])
    qtbot.wait_until(view.has_frame)
    assert not view.is_frozen()
    with qtbot.wait_signal(view.frozen_changed, timeout=1000) as blocker:
        clock.now += 2.5
    assert blocker.args == [True]
    assert view.is_frozen()
    view.grab()  # paints the frozen marking without error
    clock.now += 1021.5  # a stream stopped for 17 minutes reads as m:ss, not "1024 dtk"
    assert view.frozen_text() == "Gambar beku · 17:04"
    with qtbot.wait_signal(view.frozen_changed, timeout=1000) as blocker:
        current["frame"] = _frame(2)
    assert blocker.args == [False]


def test_clear_forgets_the_picture(qtbot: QtBot) -> None:
    view = VideoView(fps=100)
    qtbot.addWidget(view)
    view.push_frame(_frame(5))
    qtbot.wait_until(view.has_frame)
    view.clear()
    assert not view.has_frame()
    assert view.current_frame() is None


def test_paints_every_mode(qtbot: QtBot) -> None:
    view = VideoView(fps=100)
    qtbot.addWidget(view)
    view.resize(200, 200)
    view.grab()  # placeholder before any frame
    view.push_frame(_frame(7, (90, 160)))
    qtbot.wait_until(view.has_frame)
    for fit in ("contain", "cover"):
        view.set_fit(fit)  # type: ignore[arg-type]
        view.set_mirrored(True)
        view.set_overlay_text("Tunggu sebentar")
        assert not view.grab().isNull()


def test_click_is_forwarded(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    view = VideoView()
    qtbot.addWidget(view)
    view.show()
    with qtbot.wait_signal(view.clicked, timeout=1000):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
