"""The booth's call volume: the officer's voice louder or quieter, clipped rather than wrapped."""

from __future__ import annotations

import av
import numpy as np

from kiosk.video.audio import AudioOutput, with_gain


def frame(value: int) -> av.AudioFrame:
    samples = np.full((1, 960 * 2), value, np.int16)
    out = av.AudioFrame.from_ndarray(samples, format="s16", layout="stereo")
    out.sample_rate = 48000
    return out


def test_gain_scales_and_clips() -> None:
    loud = with_gain(frame(1000), 2.0).to_ndarray()
    assert loud.dtype == np.int16 and int(loud.max()) == 2000
    quiet = with_gain(frame(1000), 0.5)
    assert int(quiet.to_ndarray().max()) == 500 and quiet.sample_rate == 48000
    assert int(with_gain(frame(30000), 2.0).to_ndarray().max()) == 32767  # no wrap to a loud crack
    same = frame(1000)
    assert with_gain(same, 1.0) is same
    assert AudioOutput().volume == 1.0
