"""The participant pages' texts: Indonesian first, English beside it. The pages render the chosen language and
their script swaps every text in place when the participant switches (what was typed stays), so both languages are
served together (``/online/texts.json``). Error codes of the API are keys too (``err_<code>``)."""

from __future__ import annotations

from kiosk.server.services.document_quality import PROBLEM_WORDS

#: key -> (Indonesian, English)
TEXTS: dict[str, tuple[str, str]] = {
    "brand": ("BPJS Ketenagakerjaan · Layanan Online", "BPJS Ketenagakerjaan · Online service"),
    "switch": ("English", "Bahasa Indonesia"),
    "start_title": ("Klaim dari rumah", "Claim from home"),
    "start_lead": (
        "Buat janji video call dengan petugas kami, siapkan dokumen dari ponsel, lalu bergabung pada jamnya.",
        "Book a video call with our officer, prepare your documents on your phone, then join at your time.",
    ),
    "start_book": ("Buat janji baru", "Book a new visit"),
    "start_signin": ("Sudah punya kode booking?", "Already have a booking code?"),
    "code": ("Kode booking", "Booking code"),
    "code_hint": ("Contoh: KDR-7F3K9Q", "For example: KDR-7F3K9Q"),
    "nik": ("NIK (16 angka di e-KTP)", "NIK (16 digits on your e-KTP)"),
    "kpj": ("Nomor KPJ (di kartu peserta)", "KPJ number (on your membership card)"),
    "phone": ("Nomor HP", "Mobile number"),
    "signin": ("Masuk", "Sign in"),
    "continue": ("Lanjutkan ke janji Anda", "Continue to your booking"),
    "book_title": ("Buat janji", "Book a visit"),
    "branch": ("Kantor cabang", "Branch"),
    "date": ("Tanggal", "Date"),
    "slot": ("Jam", "Time"),
    "slot_free": ("{n} tempat", "{n} free"),
    "slot_full": ("penuh", "full"),
    "slots_pick": ("Pilih tanggal untuk melihat jam yang tersedia.", "Choose a date to see the free times."),
    "slots_none": ("Tidak ada jam kosong pada tanggal ini.", "No free time on this day."),
    "claim_type": ("Jenis klaim", "Claim type"),
    "book": ("Buat janji", "Book"),
    "next_free": ("Jam kosong berikutnya:", "Next free times:"),
    "booking_title": ("Janji Anda", "Your booking"),
    "your_code": ("Kode booking Anda", "Your booking code"),
    "keep_code": (
        "Simpan kode ini. Anda memerlukannya bersama NIK untuk masuk lagi.",
        "Keep this code. You need it with your NIK to sign in again.",
    ),
    "when": ("{date}, pukul {slot}", "{date} at {slot}"),
    "status_docs": ("Dokumen {done} dari {total}", "Documents {done} of {total}"),
    "status_docs_none": ("Dokumen: belum dipilih", "Documents: not chosen yet"),
    "status_call": ("panggilan Anda pukul {slot}", "your call is at {slot}"),
    "status_cancelled": ("Janji ini sudah dibatalkan.", "This booking was cancelled."),
    "prepare": ("Siapkan dokumen", "Prepare documents"),
    "prepare_later": ("Persiapan dibuka {when}.", "Preparation opens {when}."),
    "join": ("Gabung ke panggilan video", "Join the video call"),
    "join_later": ("Anda dapat bergabung mulai {when}.", "You can join from {when}."),
    "calendar": ("Simpan ke kalender", "Add to calendar"),
    "move": ("Ubah jadwal", "Change the time"),
    "move_save": ("Simpan jadwal baru", "Save the new time"),
    "cancel": ("Batalkan janji", "Cancel the booking"),
    "cancel_confirm": ("Yakin membatalkan janji ini?", "Really cancel this booking?"),
    "signout": ("Keluar", "Sign out"),
    "prepare_title": ("Persiapan", "Preparation"),
    "consent_title": ("Persetujuan", "Consent"),
    "consent_text": (
        "Panggilan video Anda dengan petugas akan direkam. Foto dokumen dan data yang Anda isi hanya dipakai "
        "untuk memproses klaim ini dan disimpan sesuai aturan BPJS Ketenagakerjaan. Anda boleh berhenti kapan saja.",
        "Your video call with the officer is recorded. The photos of your documents and what you enter are used only "
        "to process this claim and kept as BPJS Ketenagakerjaan's rules require. You may stop at any time.",
    ),
    "consent_check": ("Saya setuju", "I agree"),
    "consent_give": ("Lanjut", "Continue"),
    "consent_done": ("Persetujuan diberikan.", "Consent given."),
    "intake_title": ("Data klaim", "Claim details"),
    "last_day": ("Hari terakhir bekerja (lihat surat paklaring)", "Last day of work (see your termination letter)"),
    "last_day_needed": ("Isi hari terakhir Anda bekerja.", "Enter your last day of work."),
    "last_day_future": (
        "Hari terakhir bekerja tidak boleh setelah hari ini.", "The last day of work cannot be after today."
    ),
    "reason": ("Alasan klaim", "Reason for the claim"),
    "bank": ("Bank", "Bank"),
    "account": ("Nomor rekening", "Account number"),
    "save": ("Simpan", "Save"),
    "saved": ("Tersimpan.", "Saved."),
    "docs_title": ("Dokumen", "Documents"),
    "docs_after_intake": (
        "Pilih alasan klaim dulu, lalu daftar dokumen muncul di sini.",
        "Choose the reason first; the documents then appear here.",
    ),
    "take_photo": ("Ambil foto", "Take a photo"),
    "choose_file": ("Pilih file", "Choose a file"),
    "uploading": ("Mengirim…", "Sending…"),
    "uploaded": ("Diterima ✓", "Received ✓"),
    "resuming": ("Koneksi terputus, mencoba lagi…", "Connection lost, trying again…"),
    "hint_dark": ("Terlalu gelap", "Too dark"),
    "hint_bright": ("Terlalu terang", "Too bright"),
    "hint_blurred": ("Buram", "Blurred"),
    "hint_ok": ("Terlihat baik", "Looks good"),
    "back": ("Kembali", "Back"),
    "required": ("Wajib diisi.", "Required."),
    "v_nik": ("NIK harus 16 angka.", "The NIK has 16 digits."),
    "v_kpj": ("Nomor KPJ harus {n} angka.", "The KPJ number has {n} digits."),
    "v_phone": ("Nomor HP diawali 08 dan 10–13 angka.", "A mobile number starts with 08 and has 10–13 digits."),
    "v_slot": ("Pilih jam.", "Choose a time."),
    "err_network": (
        "Tidak ada koneksi. Periksa internet Anda lalu coba lagi.",
        "No connection. Check your internet and try again.",
    ),
    "err_identity_not_matched": (
        "NIK dan nomor KPJ tidak cocok dengan data peserta. Periksa kedua nomor di kartu Anda.",
        "The NIK and KPJ number do not match a member. Check both numbers on your cards.",
    ),
    "err_already_booked": (
        "Anda sudah punya janji online pada hari itu. Masuk dengan kode booking untuk melihatnya.",
        "You already have an online booking that day. Sign in with its code to see it.",
    ),
    "err_slot_full": ("Jam ini sudah penuh.", "This time is fully booked."),
    "err_quota_exhausted": (
        "Kuota online hari itu sudah habis. Pilih hari lain.",
        "That day's online places are all taken. Choose another day.",
    ),
    "err_not_found": ("Kode booking atau NIK salah.", "The booking code or the NIK is wrong."),
    "err_booking_expired": (
        "Janji ini sudah lewat atau dibatalkan. Silakan buat janji baru.",
        "This booking is over or was cancelled. Please book again.",
    ),
    "err_too_many_attempts": (
        "Terlalu banyak percobaan. Tunggu {s} detik lalu coba lagi.",
        "Too many attempts. Wait {s} seconds and try again.",
    ),
    "err_unauthorized": ("Sesi Anda berakhir. Silakan masuk lagi.", "Your session has ended. Please sign in again."),
    "err_date_in_past": ("Tanggal sudah lewat.", "That date has passed."),
    "err_date_too_far": ("Janji paling lambat 90 hari ke depan.", "Bookings open at most 90 days ahead."),
    "err_unsupported_media_type": (
        "Bukan foto atau PDF. Kirim foto (JPG/PNG) atau PDF.",
        "Not an image or PDF. Send a photo (JPG/PNG) or a PDF.",
    ),
    "err_too_large": ("File terlalu besar.", "The file is too large."),
    "err_visit_started": (
        "Kunjungan sudah dimulai; jadwal tidak dapat diubah.",
        "The visit has begun; it cannot be changed.",
    ),
    "err_consent_first": ("Berikan persetujuan dulu.", "Give your consent first."),
    "err_active_content": (
        "PDF ini berisi skrip dan tidak dapat diterima.",
        "This PDF contains scripts and cannot be accepted.",
    ),
    "err_other": ("Maaf, terjadi kesalahan. Coba lagi.", "Sorry, something went wrong. Please try again."),
}


# The hub's verdict on a photo, in the booth's words (one source: the hub's quality check).
TEXTS.update({f"q_{problem.value}": words for problem, words in PROBLEM_WORDS.items()})


def texts(language: str) -> dict[str, str]:
    """Every text in one language (``id`` unless ``en``)."""
    index = 1 if language == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}
