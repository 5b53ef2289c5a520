"""The collective pages' and files' words, Indonesian first, then English (``text(key, language)``)."""

from __future__ import annotations

#: A row's status as the employer reads it: (Indonesian, English), in the order of the counts.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "refused": ("Perlu diperbaiki", "Needs a fix"),
    "to_invite": ("Siap dikirimi SMS", "Ready for the SMS"),
    "waiting_confirmation": ("Menunggu konfirmasi pekerja", "Waiting for the worker"),
    "video_requested": ("Pekerja minta panggilan video", "Worker asked for a video call"),
    "confirmed": ("Dikonfirmasi pekerja", "Confirmed by the worker"),
    "approved": ("Disetujui petugas", "Approved by the branch"),
    "rejected": ("Ditolak petugas", "Rejected by the branch"),
    "submitted": ("Klaim diajukan", "Claim filed"),
}

_TEXTS: dict[str, tuple[str, str]] = {
    "status_help.to_invite": ("Data benar. Kirim SMS agar pekerja mengonfirmasi.", "Data correct. Send the SMS so "
                              "the worker confirms."),
    "status_help.waiting_confirmation": ("SMS terkirim; menunggu pekerja mengonfirmasi.", "SMS sent; waiting for "
                                         "the worker to confirm."),
    "status_help.video_requested": ("Petugas cabang akan menghubungi pekerja lewat video.", "The branch will see "
                                    "the worker by video."),
    "status_help.confirmed": ("Pekerja sudah mengonfirmasi; menunggu pemeriksaan petugas.", "The worker confirmed; "
                              "waiting for the branch's check."),
    "status_help.approved": ("Disetujui; klaim segera diajukan.", "Approved; the claim is filed shortly."),
    "status_help.rejected": ("Ditolak oleh petugas.", "Rejected by the branch."),
    "status_help.submitted": ("Klaim sudah diajukan.", "The claim has been filed."),
    "status_help.refused": ("Perbaiki baris ini lalu unggah lagi.", "Fix this row and upload again."),
    "pdf.title": ("Ringkasan pengajuan kolektif", "Collective filing summary"),
    "pdf.batch": ("Pengajuan", "Filing"),
    "pdf.generated": ("Dibuat", "Generated"),
    "pdf.rows": ("Jumlah baris", "Rows"),
    # The employer's page
    "employer.title": ("Pengajuan klaim kolektif", "Collective claim filing"),
    "employer.intro": (
        "Untuk perusahaan yang mengajukan klaim JHT bagi pekerja yang terkena PHK. Setiap pekerja akan "
        "mengonfirmasi sendiri lewat SMS.",
        "For companies filing JHT claims for laid-off workers. Each worker confirms by SMS themselves.",
    ),
    "login.username": ("Nama pengguna", "Username"),
    "login.password": ("Kata sandi", "Password"),
    "login.submit": ("Masuk", "Sign in"),
    "login.failed": ("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "logout": ("Keluar", "Sign out"),
    "step.letters": ("1. Surat kuasa dan surat PHK", "1. Power of attorney and layoff letter"),
    "letter.power_of_attorney": ("Surat kuasa", "Power of attorney"),
    "letter.layoff_letter": ("Surat PHK perusahaan", "Company's layoff letter"),
    "letter.missing": ("belum diunggah", "not uploaded yet"),
    "letter.done": ("sudah diunggah", "uploaded"),
    "upload": ("Unggah", "Upload"),
    "step.roster": ("2. Daftar pekerja", "2. List of workers"),
    "roster.help": (
        "Unduh templat, isi satu baris per pekerja, lalu unggah sebagai CSV atau XLSX. Baris yang sudah benar "
        "tetap tersimpan saat Anda mengunggah perbaikan.",
        "Download the template, fill one row per worker, then upload it as CSV or XLSX. Rows that are already "
        "right are kept when you upload a correction.",
    ),
    "template.csv": ("Templat CSV", "CSV template"),
    "template.xlsx": ("Templat XLSX", "XLSX template"),
    "roster.choose": ("File daftar pekerja", "Roster file"),
    "roster.upload": ("Unggah dan periksa", "Upload and check"),
    "roster.sending": ("Mengunggah…", "Uploading…"),
    "roster.checking": ("Memeriksa setiap baris…", "Checking every row…"),
    "roster.done": ("Selesai diperiksa.", "Checked."),
    "roster.summary": ("Baris benar: {accepted} · Perlu diperbaiki: {refused}", "Rows right: {accepted} · "
                       "Needing a fix: {refused}"),
    "step.documents": ("3. Dokumen pekerja (zip)", "3. Workers' documents (zip)"),
    "documents.help": (
        "Beri nama setiap file NIK_kode.jpg, misalnya 3571011705880001_ektp.jpg (kode: ektp, kpj_card, "
        "family_card, savings_book, selfie_ektp).",
        "Name each file NIK_code.jpg, e.g. 3571011705880001_ektp.jpg (codes: ektp, kpj_card, family_card, "
        "savings_book, selfie_ektp).",
    ),
    "step.invite": ("4. Kirim SMS konfirmasi ke pekerja", "4. Send the confirmation SMS to the workers"),
    "invite.button": ("Kirim SMS", "Send SMS"),
    "invite.sent": ("SMS terkirim ke {n} pekerja.", "SMS sent to {n} workers."),
    "step.results": ("5. Hasil per pekerja", "5. Result per worker"),
    "results.download": ("Unduh hasil:", "Download the result:"),
    "col.line": ("Baris", "Line"),
    "col.name": ("Nama", "Name"),
    "col.status": ("Status", "Status"),
    "col.result": ("Keterangan", "Result"),
    "col.reference": ("Nomor klaim", "Claim reference"),
    "new_batch": ("Mulai pengajuan baru", "Start a new filing"),
    "more": ("Tampilkan lebih banyak", "Show more"),
    "error.generic": ("Terjadi kesalahan. Coba lagi.", "Something went wrong. Try again."),
    "language": ("English", "Bahasa Indonesia"),
    # The worker's confirmation page
    "confirm.title": ("Konfirmasi klaim JHT Anda", "Confirm your JHT claim"),
    "confirm.intro": (
        "Perusahaan Anda mengajukan klaim JHT atas nama Anda. Hanya Anda yang dapat mengonfirmasinya.",
        "Your employer filed a JHT claim in your name. Only you can confirm it.",
    ),
    "confirm.code": ("Kode dari SMS", "Code from the SMS"),
    "confirm.nik": ("NIK (16 angka di e-KTP)", "NIK (16 digits on your e-KTP)"),
    "confirm.show": ("Lihat klaim saya", "Show my claim"),
    "confirm.not_found": (
        "Kode atau NIK tidak cocok, atau kode sudah kedaluwarsa. Periksa SMS Anda dan coba lagi.",
        "The code or the NIK does not match, or the code has expired. Check your SMS and try again.",
    ),
    "confirm.too_many": ("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.",
                         "Too many attempts. Wait a moment and try again."),
    "confirm.employer": ("Diajukan oleh", "Filed by"),
    "confirm.claim": ("Klaim", "Claim"),
    "reason.layoff": ("Terkena PHK", "Laid off"),
    "reason.resignation": ("Mengundurkan diri", "Resigned"),
    "confirm.last_day": ("Tanggal terakhir bekerja", "Last working day"),
    "confirm.account": ("Dibayar ke rekening", "Paid into account"),
    "confirm.yes": ("Ya, data ini benar. Saya mengajukan klaim ini.", "Yes, this is right. I am filing this claim."),
    "confirm.video": ("Saya ingin bicara dengan petugas lewat video dulu", "I want to talk to an officer by video "
                      "first"),
    "confirm.done": ("Terima kasih. Klaim Anda sudah dikonfirmasi. Nomor klaim dikirim setelah diperiksa petugas.",
                     "Thank you. Your claim is confirmed. The claim number follows once the branch has checked it."),
    "confirm.video_done": ("Petugas cabang akan menghubungi Anda untuk panggilan video.",
                           "An officer of the branch will contact you for a video call."),
    "confirm.wrong": (
        "Jika data ini salah atau Anda tidak mengajukan klaim, pilih panggilan video atau hubungi kantor cabang.",
        "If this is wrong or you did not ask for this claim, choose the video call or call the branch.",
    ),
}


def text(key: str, language: str) -> str:
    """The text of `key` in ``"id"`` (the default) or ``"en"``."""
    pair = _TEXTS.get(key) or STATUS_LABELS.get(key) or (key, key)
    return pair[1] if language == "en" else pair[0]


def table(language: str) -> dict[str, str]:
    """Every text in one language (the pages' templates read them by key)."""
    found = {key: text(key, language) for key in _TEXTS}
    found.update({f"status.{key}": pair[1 if language == "en" else 0] for key, pair in STATUS_LABELS.items()})
    return found
