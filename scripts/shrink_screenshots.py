"""Shrink rendered screenshots before committing them: a 256-colour palette PNG, no dithering.

    .venv/bin/python scripts/shrink_screenshots.py docs/screenshots/booth docs/screenshots/console ...

UI screenshots have few colours; the synthetic camera pictures' noise is what makes a plain PNG large (a console
grid is about 750 KB, about 60 KB after this). Median cut keeps the interface's colours exactly (a light panel
stays distinct from the white around it, which the octree merges); where the camera noise still makes that large,
maximum coverage (colours within a few levels) is used instead. Run it on freshly rendered files: files already in
a palette are left alone, so running it twice changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

#: Above this, a median-cut palette is redone with maximum coverage.
LARGE_BYTES = 200_000


def shrink(path: Path, colours: int = 256) -> tuple[int, int]:
    """Rewrite `path` as a palette PNG; return its size before and after in bytes."""
    before = path.stat().st_size
    with Image.open(path) as image:
        if image.mode == "P":
            return before, before
        rgb = image.convert("RGB")
    for method in (Image.Quantize.MEDIANCUT, Image.Quantize.MAXCOVERAGE):
        rgb.quantize(colors=colours, method=method, dither=Image.Dither.NONE).save(path, optimize=True)
        if path.stat().st_size <= LARGE_BYTES:
            break
    return before, path.stat().st_size


def main(argv: list[str]) -> int:
    """Shrink every PNG under the given files or folders."""
    total_before = total_after = 0
    for arg in argv or ["docs/screenshots"]:
        root = Path(arg)
        for path in sorted([root] if root.is_file() else root.rglob("*.png")):
            before, after = shrink(path)
            total_before, total_after = total_before + before, total_after + after
    print(f"{total_before // 1024} KB -> {total_after // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
