"""Audio inputs and outputs without a sound card: tone, silence, muting, and devices that cannot be opened."""

from __future__ import annotations

import asyncio

import av
import numpy as np
import pytest

from kiosk.video.audio import (
    FRAME_SAMPLES,
    SAMPLE_RATE,
    AudioReceiver,
    DeviceInput,
    DeviceOutput,
    NullInput,
    NullOutput,
    ToneInput,
    dominant_frequency,
    open_audio_input,
    open_audio_output,
    sound_available,
)


def test_factories_follow_the_settings_values() -> None:
    assert isinstance(open_audio_input("tone"), ToneInput)
    assert isinstance(open_audio_input("null"), NullInput)
    assert isinstance(open_audio_input("default"), DeviceInput)
    assert isinstance(open_audio_output("null"), NullOutput)
    assert isinstance(open_audio_output("default"), DeviceOutput)


def test_tone_track_makes_20ms_frames_of_the_tone() -> None:
    async def run() -> np.ndarray:
        track = ToneInput(440.0).track()
        frames = [await track.recv() for _ in range(50)]
        track.stop()
        assert all(f.samples == FRAME_SAMPLES and f.sample_rate == SAMPLE_RATE for f in frames)
        assert [f.pts for f in frames[:3]] == [0, FRAME_SAMPLES, 2 * FRAME_SAMPLES]
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype(np.float32) / 32768

    samples = asyncio.run(run())
    assert dominant_frequency(samples) == pytest.approx(440.0, abs=2.0)


def test_muted_track_sends_nothing_until_unmuted() -> None:
    async def run() -> None:
        muted = True
        track = ToneInput().track(lambda: muted)
        pending = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0.3)  # asserting that nothing happens: a muted track yields no frame
        assert not pending.done()
        muted = False
        frame = await asyncio.wait_for(pending, 5)
        # The timestamps jumped by the pause instead of pretending it did not happen.
        assert frame.pts >= int(0.2 * SAMPLE_RATE)
        track.stop()

    asyncio.run(run())


def test_missing_devices_do_not_crash() -> None:
    async def run() -> None:
        microphone = DeviceInput("kiosk-test-no-such-device")
        microphone.start()
        track = microphone.track()
        frame = await asyncio.wait_for(track.recv(), 5)  # silence while the device is missing
        assert not frame.to_ndarray().any()
        track.stop()
        await asyncio.to_thread(microphone.stop)

        speaker = DeviceOutput("kiosk-test-no-such-device")
        speaker.start()
        for _ in range(30):  # more than the queue holds: play() must never block
            speaker.play(frame)
        await asyncio.to_thread(speaker.stop)

    asyncio.run(run())


def test_sound_probe_answers() -> None:
    assert sound_available("kiosk-test-no-such-device") is False


def test_receiver_keeps_recent_audio_for_a_meter() -> None:
    receiver = AudioReceiver()
    tone = (np.sin(np.arange(FRAME_SAMPLES) * 2 * np.pi * 1000 / SAMPLE_RATE) * 16000).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(tone.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    assert receiver.level() == 0.0
    receiver._recent.append(frame)
    assert receiver.level() == pytest.approx(16000 / 32768 / np.sqrt(2), rel=0.05)
