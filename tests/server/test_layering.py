"""The hub's own layering: routes are thin and independent, SQL lives in the repositories only."""

from __future__ import annotations

import ast
from pathlib import Path

import kiosk.server

SERVER = Path(kiosk.server.__file__).parent


def _modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (SERVER / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_routes_never_import_routes() -> None:
    for path in _modules("api"):
        others = {m for m in _imports(path) if m.startswith("kiosk.server.api.")}
        assert not others, f"{path.name} imports {others}"


def test_no_sql_outside_the_repositories() -> None:
    for path in _modules("api", "signaling", "dashboard", "services"):
        text = path.read_text(encoding="utf-8")
        assert "select(" not in text and "sqlalchemy import select" not in text, path
    for path in (SERVER / "command.py", SERVER / "seed.py", SERVER / "retention.py"):
        assert "select(" not in path.read_text(encoding="utf-8"), path


def test_the_repositories_know_nothing_of_http_or_signaling() -> None:
    for path in _modules("repositories"):
        imported = _imports(path)
        assert not {m for m in imported if m.startswith(("fastapi", "starlette", "kiosk.server.signaling"))}, path
        assert not {m for m in imported if m.startswith(("kiosk.server.api", "kiosk.server.services"))}, path


def test_modules_stay_small() -> None:
    for path in SERVER.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 500 or "migrations" in path.parts, f"{path} has {lines} lines"
