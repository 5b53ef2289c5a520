"""Session recordings on their way to the hub: uploaded when the session ends, or at the next sign-in.

A recording that cannot be uploaded stays on disk (the tile says so) and is tried again after the next login;
once the hub has it, the file is deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Container
from pathlib import Path

from kiosk.app.console.hub_port import ConsoleHubPort, HubError
from kiosk.app.console.session import RecordingState
from kiosk.app.console.state import ConsoleState

log = logging.getLogger(__name__)


async def upload_recording(hub: ConsoleHubPort, state: ConsoleState, session_id: str, path: Path) -> None:
    """Upload a finished session's recording, the tile showing how it went; deleted once the hub has it."""
    state.set_recording(session_id, RecordingState.UPLOADING)
    try:
        await hub.upload_recording(session_id, path)
    except (HubError, OSError) as exc:
        # Kept on disk for a later upload; the tile says it failed. The session still ends.
        reason = exc.kind.value if isinstance(exc, HubError) else type(exc).__name__
        log.warning("session %s: recording not uploaded (%s)", session_id, reason)
        state.set_recording(session_id, RecordingState.FAILED)
    else:
        state.set_recording(session_id, RecordingState.UPLOADED)
        _delete(path)


async def upload_leftovers(hub: ConsoleHubPort, folder: Path, *, busy: Container[str]) -> None:
    """Upload what earlier sessions left in `folder` (not the sessions in `busy`, still being recorded)."""
    for path in recording_files(folder):
        session_id = path.stem
        if session_id in busy:
            continue  # still being recorded
        try:
            await hub.upload_recording(session_id, path)
        except (HubError, OSError) as exc:
            reason = exc.kind.value if isinstance(exc, HubError) else type(exc).__name__
            log.info("session %s: earlier recording still not uploaded (%s)", session_id, reason)
            continue
        _delete(path)


def recording_files(folder: Path) -> list[Path]:
    """The recordings waiting in `folder`, oldest name first."""
    return sorted(folder.glob("*.mkv")) if folder.is_dir() else []


def _delete(path: Path) -> None:
    # Removing one file is quick; a helper keeps the async functions free of direct file calls.
    path.unlink(missing_ok=True)
