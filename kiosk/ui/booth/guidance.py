"""The spoken guidance texts, one per screen and notable state, translatable (Indonesian source, English in
assets/i18n/booth_en.ts).

Written to be heard, not read: short sentences, plain words, what to do next, the names of the buttons as the
screen shows them. Fixed texts only: never a name, NIK, account or claim number (they are neither spoken nor
cached). Which text belongs to which screen is `kiosk.app.booth.guidance.guidance_key`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.app.booth.guidance import GuidanceKey
from kiosk.app.booth.voice import Utterance


def guidance_text(key: GuidanceKey) -> str:
    """The guidance of `key` in the language installed now."""
    # Each text is a literal inside translate() so that lupdate finds it.
    texts = {
        GuidanceKey.WELCOME: QCoreApplication.translate(
            "Guidance",
            "Selamat datang. Di bilik ini Anda dapat mengajukan klaim BPJS Ketenagakerjaan. "
            "Sentuh tombol Mulai di layar untuk memulai.",
        ),
        GuidanceKey.CHECK_IN: QCoreApplication.translate(
            "Guidance",
            "Bagaimana Anda datang hari ini? Jika Anda punya kode atau QR booking, pilih salah satunya. "
            "Jika tidak, pilih Saya datang langsung.",
        ),
        GuidanceKey.CONSENT: QCoreApplication.translate(
            "Guidance",
            "Petugas akan melihat dan merekam Anda lewat video, untuk memeriksa klaim Anda. "
            "Jika Anda setuju, sentuh Saya setuju. Jika tidak, sentuh Tidak setuju.",
        ),
        GuidanceKey.IDENTITY: QCoreApplication.translate(
            "Guidance",
            "Ketik nomor NIK dari KTP Anda, dan nomor KPJ dari kartu peserta. "
            "Gunakan tombol angka di layar. Lalu sentuh Periksa.",
        ),
        GuidanceKey.PURPOSE: QCoreApplication.translate(
            "Guidance",
            "Untuk siapa klaim ini? Sentuh Untuk saya sendiri, atau Sebagai ahli waris jika Anda mengajukan klaim "
            "untuk peserta yang sudah meninggal.",
        ),
        GuidanceKey.IDENTITY_DECEASED: QCoreApplication.translate(
            "Guidance",
            "Ketik nomor NIK dan nomor KPJ peserta yang meninggal, dari KTP dan kartu pesertanya. "
            "Lalu sentuh Periksa. Data Anda sendiri ditanyakan sesudahnya.",
        ),
        GuidanceKey.HEIR: QCoreApplication.translate(
            "Guidance",
            "Sekarang ketik nomor NIK dari KTP Anda sendiri sebagai ahli waris. Lalu sentuh Periksa.",
        ),
        GuidanceKey.SUMMARY: QCoreApplication.translate(
            "Guidance",
            "Baca ringkasan klaim Anda: jenis klaim, rekening, dan dokumen. Jika benar, sentuh Benar, saya tanda "
            "tangan. Jika ada yang salah, sentuh Kembali ke petugas.",
        ),
        GuidanceKey.SERVICE: QCoreApplication.translate(
            "Guidance",
            "Pilih klaim yang ingin Anda ajukan, dan alasannya. "
            "Lalu isi rekening bank atas nama Anda sendiri untuk menerima dana.",
        ),
        GuidanceKey.DOCUMENTS: QCoreApplication.translate(
            "Guidance",
            "Sekarang kita foto dokumen Anda satu per satu. Pegang dokumen di depan kamera, di dalam bingkai kuning, "
            "dan tahan diam sampai fotonya diambil.",
        ),
        GuidanceKey.WAITING: QCoreApplication.translate(
            "Guidance",
            "Terima kasih, data Anda lengkap. Mohon tetap duduk di depan layar. "
            "Petugas akan segera menyapa Anda lewat video.",
        ),
        GuidanceKey.CALL: QCoreApplication.translate(
            "Guidance",
            "Petugas sudah tersambung. Silakan bicara dengan petugas dan ikuti petunjuknya.",
        ),
        GuidanceKey.SIGNATURE: QCoreApplication.translate(
            "Guidance",
            "Tanda tangani di kotak putih dengan jari Anda. Jika salah, sentuh Hapus. Lalu sentuh Konfirmasi.",
        ),
        GuidanceKey.RESULT_SUBMITTED: QCoreApplication.translate(
            "Guidance",
            "Klaim Anda sudah diajukan. Simpan nomor klaim yang tertulis di layar: "
            "foto layar ini dengan HP Anda. Lalu sentuh Selesai.",
        ),
        GuidanceKey.RESULT_REJECTED: QCoreApplication.translate(
            "Guidance",
            "Klaim Anda belum dapat diajukan hari ini. Alasannya dan dokumen yang perlu dibawa tertulis di layar. "
            "Anda dapat datang lagi kapan saja.",
        ),
        GuidanceKey.RESULT_ENDED: QCoreApplication.translate(
            "Guidance",
            "Sesi ini sudah dihentikan. Silakan mulai lagi, atau tanyakan kepada petugas di kantor cabang.",
        ),
        GuidanceKey.PROBLEM_CAMERA: QCoreApplication.translate(
            "Guidance",
            "Kamera tidak tersambung. Ini bukan kesalahan Anda. Mohon tunggu sebentar, kami mencoba lagi.",
        ),
        GuidanceKey.PROBLEM_HUB: QCoreApplication.translate(
            "Guidance",
            "Sambungan ke kantor terputus. Ini bukan kesalahan Anda. Data Anda aman. "
            "Mohon tunggu sebentar, kami mencoba lagi.",
        ),
        GuidanceKey.PROBLEM_CALL: QCoreApplication.translate(
            "Guidance",
            "Sambungan video dengan petugas terputus. Mohon tetap di sini, kami menyambungkan lagi.",
        ),
        GuidanceKey.STILL_THERE: QCoreApplication.translate(
            "Guidance",
            "Apakah Anda masih di sini? Jika ya, sentuh tombol Ya, saya masih di sini.",
        ),
    }
    return texts[key]


def utterance(key: GuidanceKey, language: str) -> Utterance:
    """`key`'s guidance in `language` (the language whose catalog is installed now)."""
    return Utterance(key, language, guidance_text(key))
