"""`kiosk server seed-demo`, `create-user` and `enroll-booth` end to end, as an admin types them: the commands
write the hub's database, a hub started on it lets the new user in, and the enrollment code, read back from the
QR code drawn in the terminal, enrolls a booth."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.app.setup.model import clean_code
from kiosk.client.hub_api import HubError
from kiosk.video.stills import read_qr
from tests.support.hub import running_hub

#: How segno's compact terminal output draws two rows of modules per line (the block is the light colour).
_HALF_BLOCKS = {"█": (255, 255), "▀": (255, 0), "▄": (0, 255), " ": (0, 0)}


def kiosk(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "server", *args],
        input=stdin, capture_output=True, text=True, timeout=120, env=env, check=False,
    )


def terminal_qr_image(lines: list[str]) -> np.ndarray:
    """The picture a camera would see of the QR drawn in the terminal."""
    rows: list[list[int]] = []
    for line in lines:
        top, bottom = zip(*(_HALF_BLOCKS[ch] for ch in line), strict=True)
        rows += [list(top), list(bottom)]
    image = np.array(rows, np.uint8)
    image = cv2.resize(image, None, fx=10, fy=10, interpolation=cv2.INTER_NEAREST)
    return cv2.copyMakeBorder(image, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)


@pytest.mark.slow
def test_admin_commands_end_to_end(tmp_path: Path) -> None:
    data = tmp_path / "hub"
    config = tmp_path / "hub.toml"
    config.write_text(f'[server]\ndata_dir = "{data}"\n')

    seeded = kiosk(config, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "10 booths" in seeded.stdout
    again = kiosk(config, "seed-demo")  # idempotent
    assert again.returncode == 0 and "0 booths" in again.stdout

    created = kiosk(config, "create-user", "--username", "dewi", "--display-name", "Dewi Lestari", "--role",
                    "supervisor", "--branch", "kdr", "--password-stdin", stdin="dewi-pass-2026\n")
    assert created.returncode == 0, created.stderr
    assert "dewi-pass-2026" not in created.stdout + created.stderr
    taken = kiosk(config, "create-user", "--username", "dewi", "--role", "cso", "--branch", "KDR",
                  "--password-stdin", stdin="another-pass\n")
    assert taken.returncode == 1 and "exists" in taken.stderr
    no_branch = kiosk(config, "create-user", "--username", "eko", "--role", "cso", "--password-stdin",
                      stdin="eko-pass-2026\n")
    assert no_branch.returncode == 2 and "--branch" in no_branch.stderr

    enrolled = kiosk(config, "enroll-booth", "--branch", "KDR", "--booth", "4")
    assert enrolled.returncode == 0, enrolled.stderr
    lines = enrolled.stdout.splitlines()
    code = lines[0].rsplit(": ", 1)[1]
    qr_lines = [line for line in lines if line and set(line) <= set(_HALF_BLOCKS)]
    assert len(qr_lines) >= 10, enrolled.stdout
    scanned = read_qr(terminal_qr_image(qr_lines))
    assert scanned is not None and clean_code(scanned) == code
    unknown = kiosk(config, "enroll-booth", "--branch", "XYZ", "--booth", "1")
    assert unknown.returncode == 1 and "XYZ" in unknown.stderr

    with running_hub(data_dir=data, seed=False) as hub:
        me = hub.client()
        login = me.login("dewi", "dewi-pass-2026")
        assert (login.user.role.value, login.user.branch_code, login.user.display_name) == ("supervisor", "KDR",
                                                                                     "Dewi Lestari")
        booth = hub.client()
        enrollment = booth.enroll(clean_code(scanned))
        assert (enrollment.branch_code, enrollment.booth_number) == ("KDR", 4)
        assert booth.booth_me().number == 4
        with pytest.raises(HubError) as used:
            hub.client().enroll(code)
        assert used.value.code == "code_used"
