"""A peer session's recording: a `SessionRecorder` fed by the session's remote video and audio receivers, so
the incoming media goes to a Matroska file until it is stopped (off the event loop)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kiosk.video.audio import AudioReceiver
from kiosk.video.recording import SessionRecorder
from kiosk.video.tracks import VideoReceiver


class RecordingAttachment:
    """Attaches at most one recorder at a time to the remote receivers of a session."""

    def __init__(self, video: VideoReceiver, audio: AudioReceiver) -> None:
        self._video = video
        self._audio = audio
        self._recorder: SessionRecorder | None = None

    def start(self, path: str | Path) -> SessionRecorder:
        """Record the incoming video and audio to `path` (the running recorder when there is one)."""
        if self._recorder is not None:
            return self._recorder
        recorder = SessionRecorder(path)
        recorder.start()
        self._video.add_sink(recorder.add_video)
        self._audio.add_sink(recorder.add_audio)
        self._recorder = recorder
        return recorder

    async def stop(self) -> Path | None:
        """Finish the recording file (off the loop) and return its path; None when nothing was recorded."""
        recorder, self._recorder = self._recorder, None
        if recorder is None:
            return None
        self._video.remove_sink(recorder.add_video)
        self._audio.remove_sink(recorder.add_audio)
        await asyncio.to_thread(recorder.stop)
        return recorder.path
