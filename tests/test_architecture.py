"""The import rules of the architecture, checked by import-linter so they cannot rot.

The contracts live in pyproject.toml (`[tool.importlinter]`); `./dev test` runs them, and so does this test. A
second test plants one violation of each contract in a copy of the package and checks that every contract
catches its own violation: a contract that can no longer fail would otherwise go unnoticed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Contract name -> (module file to plant in, the import that breaks it, the module it imports).
PLANTED: dict[str, tuple[str, str]] = {
    "The domain is pure": ("kiosk/domain/session.py", "cv2"),
    "Video, client and server layers never import Qt": ("kiosk/video/stats.py", "PySide6.QtCore"),
    "The video layer and the clients are independent of the server": ("kiosk/client/errors.py", "kiosk.server.models"),
    "Layers:": ("kiosk/protocol/base.py", "kiosk.client.errors"),
    "The application layer never imports Qt": ("kiosk/app/blocking.py", "qasync"),
    "Booth, console and setup apps are independent": ("kiosk/app/console/claim.py", "kiosk.app.booth.state"),
    "Booth, console and setup UIs are independent": ("kiosk/ui/console/sound.py", "kiosk.ui.booth.window"),
    "The server is independent of the app": ("kiosk/server/storage.py", "kiosk.app.blocking"),
    "Image measures are shared": ("kiosk/imaging/quality.py", "kiosk.video.camera"),
    "Hub routes never import each other": ("kiosk/server/api/audit.py", "kiosk.server.api.auth"),
    "The demo uses only public entry points": ("kiosk/demo/report.py", "kiosk.server.repositories.claims"),
}


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run(
        [lint_imports, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300, check=False, env=env
    )


def _details(output: str, name: str, names: list[str]) -> str:
    """The text of `name`'s section in the "Broken contracts" part of lint-imports' report."""
    broken = output[output.index("Broken contracts") :]
    start = broken.index(name) + len(name)
    ends = [broken.find(other, start) for other in names if other != name]
    return broken[start : min([e for e in ends if e >= 0], default=len(broken))]


def _contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def test_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_every_contract_has_a_planted_violation() -> None:
    names = _contract_names()
    unplanted = [n for n in names if not any(n.startswith(prefix) for prefix in PLANTED)]
    assert unplanted == [], "give each new contract a planted violation in PLANTED"


def test_each_contract_catches_its_planted_violation(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for path, module in PLANTED.values():
        target = tmp_path / path
        target.write_text(target.read_text(encoding="utf-8") + f"\nimport {module}  # planted\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "COLUMNS": "400"}
    result = _lint_imports(tmp_path, env)
    statuses = {m.group(1).strip(): m.group(2) for m in re.finditer(r"^(.+?) (KEPT|BROKEN)$", result.stdout, re.M)}
    assert len(statuses) == len(_contract_names()), result.stdout + result.stderr
    for prefix, (path, module) in PLANTED.items():
        name = next(n for n in statuses if n.startswith(prefix))
        assert statuses[name] == "BROKEN", f"{name!r} did not catch `import {module}` in {path}"
        # The report names the planted import under this contract's own heading.
        section = _details(result.stdout, name, list(statuses))
        planted_from = path.removesuffix(".py").replace("/", ".")
        imported = module if module.startswith("kiosk.") else module.split(".")[0]  # external: the package
        assert planted_from in section and imported in section, (name, section[:2000])

@pytest.mark.parametrize("prefix", sorted(PLANTED))
def test_planted_modules_exist(prefix: str) -> None:
    path, _ = PLANTED[prefix]
    assert (ROOT / path).is_file(), f"the planted violation for {prefix!r} names a file that moved: {path}"
