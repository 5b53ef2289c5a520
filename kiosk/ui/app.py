"""Qt application bootstrap shared by the booth and the console: QApplication, theme, translations, qasync.

One asyncio loop runs on the Qt main thread through qasync, so coroutines and widgets live side by side and
nothing needs locks; blocking work (HTTP requests, camera reads) goes to executors and threads.

Usage from a command module::

    spec = AppSpec(name="booth", theme="booth", catalogs=("booth",), language=settings.booth.language)

    async def start(ctx: AppContext) -> None:
        window = BoothWindow(ctx, ...)
        window.show()

    return run_app(spec, start)

`run_app` returns when `AppContext.quit` is called (or the last window closes, when the spec allows it).
Theme: assets/theme/base.qss followed by assets/theme/<theme>.qss; icons are reachable from QSS and code as
``icons:<file>.svg``. Translations: assets/i18n/<catalog>_<language>.qm for every catalog; the source strings
are Indonesian, so Indonesian needs no catalog.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QObject, QTranslator, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from kiosk.paths import ASSETS_DIR

log = logging.getLogger(__name__)
# qasync logs every executor result at DEBUG, and results may be personal data (a session's intake): never.
logging.getLogger("qasync").setLevel(logging.WARNING)

THEME_DIR = ASSETS_DIR / "theme"
ICONS_DIR = ASSETS_DIR / "icons"
I18N_DIR = ASSETS_DIR / "i18n"

#: The language every source string is written in.
SOURCE_LANGUAGE = "id"
#: Languages the apps offer, in the order a language switch cycles through them.
LANGUAGES: tuple[str, ...] = ("id", "en")


@dataclass(frozen=True)
class AppSpec:
    """What distinguishes one app (booth, console, setup) from another at start-up."""

    name: str
    theme: str
    catalogs: tuple[str, ...] = ()
    language: str = SOURCE_LANGUAGE
    display_name: str = ""
    quit_on_last_window_closed: bool = False

    @property
    def application_name(self) -> str:
        """The QApplication's name, e.g. ``kiosk-booth``."""
        return f"kiosk-{self.name}"


def register_search_paths() -> None:
    """Make ``icons:`` and ``theme:`` file prefixes resolve to assets/ (QSS ``url(icons:x.svg)``, QIcon)."""
    QDir.setSearchPaths("icons", [str(ICONS_DIR)])
    QDir.setSearchPaths("theme", [str(THEME_DIR)])


def icon(name: str) -> QIcon:
    """An icon from assets/icons by file name (``"claim-jht.svg"``) or stem (``"claim-jht"``)."""
    file_name = name if name.endswith(".svg") else f"{name}.svg"
    return QIcon(str(ICONS_DIR / file_name))


def load_stylesheet(theme: str, theme_dir: Path = THEME_DIR) -> str:
    """The QSS of a theme: base.qss (when present) followed by ``<theme>.qss``."""
    parts = []
    for name in ("base", theme):
        path = theme_dir / f"{name}.qss"
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
        elif name == theme:
            raise FileNotFoundError(f"theme {theme!r} has no stylesheet at {path}")
    return "\n".join(parts)


class Translations(QObject):
    """Installs the apps' translation catalogs and switches language at run time.

    Switching installs new QTranslators; Qt then sends every widget a LanguageChange event, on which
    widgets re-read their texts (see `kiosk.ui.widgets.base.retranslatable`).
    """

    language_changed = Signal(str)

    def __init__(
        self,
        app: QCoreApplication,
        catalogs: Sequence[str],
        language: str = SOURCE_LANGUAGE,
        i18n_dir: Path = I18N_DIR,
    ) -> None:
        super().__init__(app)
        self._app = app
        self._catalogs = tuple(catalogs)
        self._dir = i18n_dir
        self._installed: list[QTranslator] = []
        self._language = SOURCE_LANGUAGE
        self.set_language(language)

    @property
    def language(self) -> str:
        """The language now shown (``"id"`` or ``"en"``)."""
        return self._language

    @property
    def catalogs(self) -> tuple[str, ...]:
        """The catalog base names this object installs."""
        return self._catalogs

    def set_language(self, language: str) -> None:
        """Show every translatable string in `language`; unknown catalogs fall back to the source strings."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; choose one of {', '.join(LANGUAGES)}")
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        if language != SOURCE_LANGUAGE:
            for catalog in self._catalogs:
                translator = QTranslator(self)
                if translator.load(f"{catalog}_{language}", str(self._dir)):
                    self._app.installTranslator(translator)
                    self._installed.append(translator)
                else:
                    log.warning("translation catalog %s_%s.qm is missing in %s", catalog, language, self._dir)
        changed = language != self._language
        self._language = language
        if changed:
            self.language_changed.emit(language)

    def toggle(self) -> str:
        """Switch to the next language of `LANGUAGES` and return it."""
        index = (LANGUAGES.index(self._language) + 1) % len(LANGUAGES)
        self.set_language(LANGUAGES[index])
        return self._language


def ensure_application(spec: AppSpec, argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication (created when there is none), named and themed for `spec`."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName(spec.application_name)
    app.setOrganizationName("kiosk")
    if spec.display_name:
        QGuiApplication.setApplicationDisplayName(spec.display_name)
    app.setQuitOnLastWindowClosed(spec.quit_on_last_window_closed)
    register_search_paths()
    app.setStyleSheet(load_stylesheet(spec.theme))
    return app


@dataclass
class AppContext:
    """What an app's start function gets: the application, its translations and a way to quit."""

    app: QApplication
    spec: AppSpec
    translations: Translations
    _done: asyncio.Future[int] | None = field(default=None, repr=False)

    def quit(self, code: int = 0) -> None:
        """End the app with exit code `code` (the first call wins)."""
        if self._done is not None and not self._done.done():
            self._done.set_result(code)


def create_context(spec: AppSpec, argv: Sequence[str] | None = None) -> AppContext:
    """Application, theme and translations for `spec`, without starting a loop (tests and screenshots)."""
    app = ensure_application(spec, argv)
    existing = app.findChild(Translations)
    translations = existing if isinstance(existing, Translations) else None
    if translations is None or translations.catalogs != spec.catalogs:
        translations = Translations(app, spec.catalogs, spec.language)
    else:
        translations.set_language(spec.language)
    return AppContext(app=app, spec=spec, translations=translations)


StartFunction = Callable[[AppContext], Awaitable[None] | None]


def run_app(spec: AppSpec, start: StartFunction, argv: Sequence[str] | None = None) -> int:
    """Create the app for `spec`, run `start(ctx)` on the qasync loop, and block until `ctx.quit(code)`."""
    import qasync  # imported here: tests drive the loop themselves and never need qasync.run

    ctx = create_context(spec, argv)

    async def main() -> int:
        loop = asyncio.get_running_loop()
        ctx._done = loop.create_future()
        if spec.quit_on_last_window_closed:
            ctx.app.lastWindowClosed.connect(lambda: ctx.quit(0))
        result = start(ctx)
        if result is not None:
            await result
        return await ctx._done

    code: int = qasync.run(main())
    return code
