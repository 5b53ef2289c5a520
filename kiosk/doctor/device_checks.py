"""The doctor's checks of the booth's devices: the camera (resolution and real frame rate), the microphone, the
speaker and echo cancellation on the sound server."""

from __future__ import annotations

from kiosk.doctor.context import DoctorContext
from kiosk.doctor.report import CheckResult, Status
from kiosk.system.cameras import measure_camera, quiet_opencv
from kiosk.system.sound import SoundServerState

#: A camera delivering less than these shares of the configured frame rate is a warning / a failure.
FPS_WARN_SHARE = 0.8
FPS_FAIL_SHARE = 0.5


class DeviceChecks(DoctorContext):
    """Checks `camera`, `microphone`, `speaker` and `echo_cancel` (mixed into `kiosk.doctor.checks.Doctor`)."""

    def check_camera(self) -> CheckResult:
        """The camera opens and delivers the configured resolution at (close to) the configured frame rate."""
        booth = self.settings.booth
        title = self._t("Kamera", "Camera")
        want = f"{booth.camera_width}×{booth.camera_height} @ {booth.camera_fps} fps"
        if self.camera is not None:
            measurement = measure_camera(self.camera, self.camera_seconds)
        else:
            from kiosk.video.camera import open_camera

            # The table says what is wrong; OpenCV's own warnings (one per reopen attempt) would only bury it.
            with quiet_opencv():
                camera = open_camera(booth.camera, booth.camera_width, booth.camera_height, booth.camera_fps)
                camera.start()
                try:
                    measurement = measure_camera(camera, self.camera_seconds)
                finally:
                    camera.stop()
        if not measurement.opened:
            return CheckResult(
                "camera", title, Status.FAIL,
                self._t(f"Kamera \"{booth.camera}\" tidak memberi gambar.",
                        f"Camera \"{booth.camera}\" gives no picture."),
                self._t("Periksa kabel USB kamera, lalu `ls /dev/video*`; pengguna booth harus anggota grup video. "
                        "Pilih kamera lain dengan `kiosk setup`.",
                        "Check the camera's USB cable, then `ls /dev/video*`; the booth user must be in the video "
                        "group. Choose another camera with `kiosk setup`."))
        got = f"{measurement.width}×{measurement.height} @ {measurement.fps:.1f} fps"
        detail = self._t(f"\"{booth.camera}\": {got} (diminta {want}).", f"\"{booth.camera}\": {got} (asked {want}).")
        if (measurement.width, measurement.height) != (booth.camera_width, booth.camera_height):
            return CheckResult(
                "camera", title, Status.FAIL, detail,
                self._t(f"Kamera tidak mendukung {booth.camera_width}×{booth.camera_height}. Atur camera_width dan "
                        "camera_height sesuai kamera, atau pakai kamera yang mendukungnya.",
                        f"The camera does not do {booth.camera_width}×{booth.camera_height}. Set camera_width and "
                        "camera_height to what it does, or use a camera that does."))
        share = measurement.fps / booth.camera_fps
        light = self._t("Banyak webcam menurunkan laju gambar saat ruangan gelap: tambah cahaya di booth, atau "
                        "turunkan camera_fps.",
                        "Many webcams lower their frame rate in a dark room: add light in the booth, or lower "
                        "camera_fps.")
        if share < FPS_FAIL_SHARE:
            return CheckResult("camera", title, Status.FAIL, detail, light)
        if share < FPS_WARN_SHARE:
            return CheckResult("camera", title, Status.WARN, detail, light)
        return CheckResult("camera", title, Status.PASS, detail)

    def _sound(self) -> SoundServerState:
        return self.sound()

    def check_microphone(self) -> CheckResult:
        """The configured microphone exists on the sound server (or is a test tone)."""
        title = self._t("Mikrofon", "Microphone")
        name = self.settings.booth.microphone
        if name == "tone":
            return CheckResult("microphone", title, Status.PASS,
                               self._t("Nada uji (tanpa perangkat).", "Test tone (no device)."))
        if name == "null":
            return CheckResult("microphone", title, Status.FAIL,
                               self._t("Mikrofon dimatikan di konfigurasi (\"null\").",
                                       "The microphone is switched off in the settings (\"null\")."),
                               self._t("Petugas tidak akan mendengar peserta. Pilih mikrofon dengan `kiosk setup`.",
                                       "The officer will not hear the participant. Choose one with `kiosk setup`."))
        state = self._sound()
        no_mic = self._t("Tidak ada mikrofon.", "No microphone.")
        plug = self._t("Colokkan mikrofon atau webcam dengan mikrofon, lalu periksa `pactl list short sources`.",
                       "Plug in a microphone or a webcam with one, then check `pactl list short sources`.")
        if not state.available:
            return CheckResult("microphone", title, Status.FAIL,
                               self._t(f"Server suara tidak menjawab: {state.error}",
                                       f"The sound server does not answer: {state.error}"),
                               self._t("Pasang dan jalankan PipeWire atau PulseAudio untuk pengguna booth "
                                       "(docs/deployment.md).",
                                       "Install and run PipeWire or PulseAudio for the booth user "
                                       "(docs/deployment.md)."))
        microphones = state.microphones
        if not microphones:
            return CheckResult("microphone", title, Status.FAIL, no_mic, plug)
        if name != "default" and name not in {m.name for m in microphones}:
            return CheckResult("microphone", title, Status.FAIL,
                               self._t(f"Mikrofon \"{name}\" tidak ada.", f"Microphone \"{name}\" is not there."), plug)
        chosen = state.default_source if name == "default" else name
        description = next((m.description for m in microphones if m.name == chosen), chosen)
        return CheckResult("microphone", title, Status.PASS, description)

    def check_speaker(self) -> CheckResult:
        """The configured speaker exists on the sound server."""
        title = self._t("Speaker", "Speaker")
        name = self.settings.booth.speaker
        if name == "null":
            return CheckResult("speaker", title, Status.FAIL,
                               self._t("Speaker dimatikan di konfigurasi (\"null\").",
                                       "The speaker is switched off in the settings (\"null\")."),
                               self._t("Peserta tidak akan mendengar petugas. Pilih speaker dengan `kiosk setup`.",
                                       "The participant will not hear the officer. Choose one with `kiosk setup`."))
        state = self._sound()
        if not state.available:
            return CheckResult("speaker", title, Status.FAIL,
                               self._t(f"Server suara tidak menjawab: {state.error}",
                                       f"The sound server does not answer: {state.error}"),
                               self._t("Pasang dan jalankan PipeWire atau PulseAudio untuk pengguna booth.",
                                       "Install and run PipeWire or PulseAudio for the booth user."))
        if not state.sinks or (name != "default" and name not in {s.name for s in state.sinks}):
            return CheckResult("speaker", title, Status.FAIL,
                               self._t("Tidak ada speaker.", "No speaker."),
                               self._t("Colokkan speaker atau headset dan periksa volume.",
                                       "Plug in a speaker or headset and check the volume."))
        chosen = state.default_sink if name == "default" else name
        description = next((s.description for s in state.sinks if s.name == chosen), chosen)
        return CheckResult("speaker", title, Status.PASS, description)

    def check_echo_cancel(self) -> CheckResult:
        """An echo-cancelling source is loaded and is the default microphone."""
        title = self._t("Peredam gema", "Echo cancellation")
        if self.settings.booth.microphone in ("tone", "null"):
            return CheckResult("echo_cancel", title, Status.SKIP,
                               self._t("Tanpa mikrofon sungguhan.", "No real microphone."))
        state = self._sound()
        if not state.available:
            return CheckResult("echo_cancel", title, Status.SKIP,
                               self._t("Server suara tidak menjawab.", "The sound server does not answer."))
        hint = self._t(
            "Tanpa peredam gema petugas mendengar suaranya sendiri. Salin deploy/pulseaudio/99-echo-cancel.conf "
            "(PipeWire) atau echo-cancel.pa (PulseAudio) sesuai docs/deployment.md, lalu pilih \"Echo-Cancel "
            "Source\" sebagai mikrofon bawaan.",
            "Without echo cancellation the officer hears their own voice. Copy deploy/pulseaudio/99-echo-cancel.conf "
            "(PipeWire) or echo-cancel.pa (PulseAudio) as docs/deployment.md says, then make \"Echo-Cancel Source\" "
            "the default microphone.")
        source = state.echo_cancel_source
        if source is None:
            return CheckResult("echo_cancel", title, Status.WARN,
                               self._t("Tidak aktif.", "Not active."), hint)
        if self.settings.booth.microphone not in ("default", source.name) or not state.echo_cancel_active:
            return CheckResult("echo_cancel", title, Status.WARN,
                               self._t(f"\"{source.description}\" ada tetapi tidak dipakai booth.",
                                       f"\"{source.description}\" exists but the booth does not record from it."),
                               hint)
        return CheckResult("echo_cancel", title, Status.PASS,
                           self._t(f"Aktif: {source.description}.", f"Active: {source.description}."))
