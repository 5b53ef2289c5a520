"""A peer session's recording attachment: one recorder at a time, fed by the remote receivers until stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.video.audio import AudioReceiver
from kiosk.video.peer_recording import RecordingAttachment
from kiosk.video.tracks import VideoReceiver

pytestmark = pytest.mark.asyncio


async def test_one_recorder_at_a_time_and_stopped_once(tmp_path: Path) -> None:
    attachment = RecordingAttachment(VideoReceiver(), AudioReceiver())
    assert await attachment.stop() is None  # nothing recorded yet
    recorder = attachment.start(tmp_path / "a.mkv")
    assert attachment.start(tmp_path / "b.mkv") is recorder  # the running one, not a second file
    assert await attachment.stop() == tmp_path / "a.mkv"
    assert await attachment.stop() is None
    assert not (tmp_path / "b.mkv").exists()
