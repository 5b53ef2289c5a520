"""The shared app bootstrap: theme, translations, language switching."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.tasks import TaskGroup
from kiosk.ui.app import AppSpec, Translations, create_context, icon, load_stylesheet


def test_stylesheet_is_base_then_theme() -> None:
    qss = load_stylesheet("booth")
    assert qss.index("Base theme") < qss.index("booth")


def test_missing_theme_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        load_stylesheet("no-such-theme")


def test_context_names_and_themes_the_app(qapp: QApplication) -> None:
    ctx = create_context(AppSpec(name="booth", theme="booth", catalogs=("booth",), language="id"))
    assert ctx.app is qapp
    assert qapp.applicationName() == "kiosk-booth"
    assert "QPushButton" in qapp.styleSheet()
    assert not qapp.quitOnLastWindowClosed()


def test_language_switch_translates_and_back(qapp: QApplication) -> None:
    translations = Translations(qapp, ("booth",), "id")
    seen: list[str] = []
    translations.language_changed.connect(seen.append)
    assert QCoreApplication.translate("WelcomeScreen", "Mulai") == "Mulai"
    translations.set_language("en")
    assert QCoreApplication.translate("WelcomeScreen", "Mulai") == "Start"
    assert translations.toggle() == "id"
    assert QCoreApplication.translate("WelcomeScreen", "Mulai") == "Mulai"
    assert seen == ["en", "id"]
    with pytest.raises(ValueError, match="unsupported language"):
        translations.set_language("fr")


def test_icons_resolve() -> None:
    assert not icon("claim-jht").isNull()


def test_task_group_runs_blocking_calls_on_the_qasync_loop(qtbot: object, qt_loop: asyncio.AbstractEventLoop) -> None:
    # The app layer's task group and run_blocking, under the loop the apps really run on (qasync, Qt main thread).
    group = TaskGroup()
    results: list[int] = []

    async def slow() -> int:
        await asyncio.sleep(10)
        return 1

    group.start(run_blocking(sum, [1, 2, 3]), on_result=results.append)
    group.start(slow(), on_result=results.append)
    qtbot.waitUntil(lambda: results == [6])  # type: ignore[attr-defined]
    assert len(group) == 1
    group.cancel_all()
    assert len(group) == 0


def test_run_app_runs_start_on_the_qasync_loop_and_returns_the_exit_code(qapp: QApplication) -> None:
    from kiosk.ui.app import AppContext, run_app

    seen: list[str] = []

    async def start(ctx: AppContext) -> None:
        await asyncio.sleep(0.05)  # a real loop runs coroutines
        seen.append(ctx.app.applicationName())
        asyncio.get_running_loop().call_later(0.05, ctx.quit, 7)

    assert run_app(AppSpec(name="booth", theme="booth", catalogs=("booth",)), start) == 7
    assert seen == ["kiosk-booth"]
