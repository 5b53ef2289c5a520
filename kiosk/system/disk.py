"""Free disk space where the programs keep their data."""

from __future__ import annotations

import shutil
from pathlib import Path


def free_space(path: Path) -> tuple[Path, int]:
    """Free bytes on the file system holding `path` (or its nearest existing parent), with that parent."""
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return probe, shutil.disk_usage(probe).free
