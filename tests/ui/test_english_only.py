"""In English mode no screen of the booth, the console or the setup wizard shows Indonesian words.

The render scripts walk every screen and state they know (scripts/render_*_screenshots.py: add new screens there
and this test reads them too) and save each screen's visible texts (`tests.support.visible_texts`). This test
runs them in English and looks for words of an Indonesian stop-list: common words that English never uses. A
failure names the app, the screen, the widget and the word, e.g.

    setup 10-admin-menu: QPlainTextEdit (adminOutput < overlayCard < adminMenu): 'kosong' in '# device_token_...'

Official names stay as they are (`ALLOWED`): BPJS Ketenagakerjaan, e-KTP, NIK, KPJ, the programme abbreviations,
the documents' own Indonesian names in brackets after their English name ("Family card (Kartu Keluarga)").
Addresses, paths and URLs are not prose and are skipped (hub.cabang.local is a host name).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from kiosk.paths import ASSETS_DIR

ROOT = ASSETS_DIR.parent

#: Words an English text never contains but Indonesian ones nearly always do (function words and the booth's
#: own vocabulary). Words that are English too (data, menu, status, bank, video, level, admin) are not here.
STOP_WORDS = frozenset(
    """
    dan yang untuk tidak silakan berkas dengan anda ini itu akan sudah belum atau dari ke di pada kami sedang
    lagi bisa dapat harus mohon kosong disembunyikan tekan sentuh periksa tunggu petugas peserta kamera layar
    nomor foto tanggal bulan hari menit detik lahir rekening klaim alasan kartu buku tabungan surat waris
    keluarga masuk keluar kembali lanjut batal simpan ulangi ambil bantuan selesai menunggu berhasil gagal
    bilik cabang perlu saat oleh jika agar juga tanpa semua baru lain sebelum setelah kerja berhenti meninggal
    kehilangan pekerjaan mikrofon suara pilih ya terima kasih sini sana lewat tertulis gambar beku langkah
    penyiapan pendaftaran kode salah benar dokumen asli wajah tanda tangan catatan keputusan aturan setuju
    menolak ditolak disetujui terkirim dikirim antrean jam
    """.split()  # noqa: SIM905 - a word list reads better as words
)

#: Official names and proper nouns that are Indonesian on purpose; removed before the words are looked at.
ALLOWED = (
    "BPJS Ketenagakerjaan",
    "Kartu Keluarga",
    "Buku Tabungan",
    "Surat Keterangan",
    "Jaminan Hari Tua",
    "Jaminan Kematian",
    "Jaminan Kecelakaan Kerja",
    "Jaminan Pensiun",
    "Jaminan Kehilangan Pekerjaan",
    "e-KTP",
)

#: Host names, paths, URLs, e-mail addresses and file names: not prose.
NOT_PROSE = re.compile(r"\S*[./:@_\\]\S*")

#: (app, script, arguments, screens it renders at least): the scripts write their texts with --texts.
APPS = (
    ("booth", "render_booth_screenshots.py", ["--lang", "en"], 38),
    ("console", "render_console_screenshots.py", ["--lang", "en"], 7),
    ("setup", "render_setup_screenshots.py", ["--lang", "en"], 14),
)


def indonesian_words(text: str) -> list[str]:
    """The stop-list words in `text` after the allowed names and the addresses are taken out."""
    for name in ALLOWED:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    text = NOT_PROSE.sub(" ", text)
    return sorted({w for w in re.findall(r"[a-zA-Z]+", text.lower()) if w in STOP_WORDS})


def test_the_stop_list_finds_indonesian_and_spares_english_and_official_names() -> None:
    assert indonesian_words("Silakan tunggu, petugas akan segera datang.") == ["akan", "petugas", "silakan", "tunggu"]
    assert indonesian_words("Family card (Kartu Keluarga) · BPJS Ketenagakerjaan") == []
    assert indonesian_words("hub_url = https://hub.cabang.local:8600") == []
    assert indonesian_words("Please wait: an officer will come soon.") == []


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[list[str]]]]:
    """Every app's screens rendered in English: app -> screen -> [[where, text]]."""
    out = tmp_path_factory.mktemp("english")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    running = []
    for app, script, args, _ in APPS:
        texts = out / f"{app}.json"
        command = [sys.executable, str(ROOT / "scripts" / script), "--out", str(out / app), "--texts", str(texts)]
        command += args
        running.append((app, texts, subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                                     stderr=subprocess.STDOUT, text=True)))
    result = {}
    for app, texts, process in running:
        log, _ = process.communicate(timeout=600)
        # The booth's script says 1 when a screen does not fit its size: another test's business, texts are there.
        assert process.returncode in (0, 1), f"{app}: the render script failed:\n{log[-3000:]}"
        assert texts.exists(), f"{app}: the render script wrote no texts:\n{log[-3000:]}"
        result[app] = json.loads(texts.read_text(encoding="utf-8"))
    return result


@pytest.mark.slow
@pytest.mark.timeout(900)  # the first one renders all three apps (in parallel): about 80 s on a loaded machine
@pytest.mark.parametrize(("app", "least"), [(app, least) for app, _, _, least in APPS])
def test_no_screen_shows_indonesian_in_english_mode(
    rendered: dict[str, dict[str, list[list[str]]]], app: str, least: int
) -> None:
    screens = rendered[app]
    assert len(screens) >= least, f"{app}: only {len(screens)} screens rendered: {sorted(screens)}"
    found = []
    for screen, texts in screens.items():
        for where, text in texts:
            words = indonesian_words(text)
            if words:
                shown = text if len(text) < 90 else text[:87] + "..."
                found.append(f"{app} {screen}: {where}: {', '.join(map(repr, words))} in {shown!r}")
    assert found == [], "Indonesian in English mode (translate it, or allow an official name):\n" + "\n".join(found)
