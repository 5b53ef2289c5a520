"""A capture time burnt into the picture as a strip of black and white blocks, read back after the codec.

Glass-to-glass latency is the time from the camera taking a picture to the receiver having it decoded. Only the
picture itself survives the whole path (capture, scaling, encoding, the network, decoding), so the synthetic
camera writes its capture time into the frame and the receiver reads it back.

The code is one row of `BLOCKS` square blocks across the top of the frame, each as wide as 1/`BLOCKS` of the
frame: two sync blocks (white, black), 32 bits of wall-clock milliseconds (modulo 2**32), six check bits. Blocks
scale with the frame, so the code is read at any quality level as long as the aspect ratio is kept (the tracks
keep it). At 320 pixels wide a block is 8x8 pixels, large enough to survive VP8 at a few hundred kbit/s.
"""

from __future__ import annotations

import time

import numpy as np

BLOCKS = 40
_DATA_BITS = 32
_CHECK_BITS = 6
_SYNC = (1, 0)
_MOD = 1 << _DATA_BITS


def now_ms() -> int:
    """The wall clock in milliseconds, as written into frames (modulo 2**32)."""
    return int(time.time() * 1000) % _MOD


def _check(value: int) -> int:
    # A weighted sum rather than plain parity: a decoded code with two flipped bits still fails the check.
    total = sum((i + 1) * ((value >> i) & 1) for i in range(_DATA_BITS))
    return total % (1 << _CHECK_BITS)


def _bits(value: int) -> list[int]:
    data = [(value >> (_DATA_BITS - 1 - i)) & 1 for i in range(_DATA_BITS)]
    check = _check(value)
    tail = [(check >> (_CHECK_BITS - 1 - i)) & 1 for i in range(_CHECK_BITS)]
    return [*_SYNC, *data, *tail]


def block_size(width: int) -> int:
    """Side of one block in a frame `width` pixels wide."""
    return max(1, width // BLOCKS)


def burn_timecode(image: np.ndarray, value_ms: int | None = None) -> int:
    """Draw the code for `value_ms` (default: now) over the top rows of `image` in place; return the value."""
    value = now_ms() if value_ms is None else value_ms % _MOD
    side = block_size(image.shape[1])
    strip = image[:side, : side * BLOCKS]
    for i, bit in enumerate(_bits(value)):
        strip[:, i * side : (i + 1) * side] = 255 if bit else 0
    return value


def read_timecode(luma: np.ndarray) -> int | None:
    """The value burnt into a frame, from its luma (or grey) plane; None when there is no valid code."""
    height, width = luma.shape[:2]
    side = block_size(width)
    if side < 2 or height < side:
        return None
    # Sample the middle half of each block: the edges are smeared by scaling and the codec.
    lo, hi = side // 4, side - side // 4
    rows = luma[lo:hi, : side * BLOCKS].astype(np.float32)
    means = rows.reshape(rows.shape[0], BLOCKS, side)[:, :, lo:hi].mean(axis=(0, 2))
    bits = [1 if m >= 128 else 0 for m in means]
    if tuple(bits[:2]) != _SYNC:
        return None
    value = 0
    for bit in bits[2 : 2 + _DATA_BITS]:
        value = (value << 1) | bit
    check = 0
    for bit in bits[2 + _DATA_BITS :]:
        check = (check << 1) | bit
    return value if check == _check(value) else None


def age_ms(value_ms: int, now: int | None = None) -> int:
    """How long ago (milliseconds) a burnt-in value was written, allowing for wrap-around of the counter."""
    current = now_ms() if now is None else now
    return (current - value_ms) % _MOD
