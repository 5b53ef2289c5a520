"""The cameras of this PC as sysfs lists them: capture nodes by name, a webcam's metadata node left out."""

from __future__ import annotations

from pathlib import Path

from kiosk.system.cameras import list_cameras


def test_cameras_are_found_by_name(tmp_path: Path) -> None:
    for node, name, index in (("video0", "HD Webcam C615", 0), ("video1", "HD Webcam C615", 1),
                              ("video2", "Integrated Camera", 0)):
        folder = tmp_path / node
        folder.mkdir()
        (folder / "name").write_text(name + "\n")
        (folder / "index").write_text(f"{index}\n")
    cameras = list_cameras(tmp_path, Path("/dev"))
    assert [(c.spec, c.name) for c in cameras] == [
        ("/dev/video0", "HD Webcam C615 (/dev/video0)"),
        ("/dev/video2", "Integrated Camera (/dev/video2)"),
    ]
    assert list_cameras(tmp_path / "missing") == []
