"""The workspace's words for codes the application layer gives: record fields, statuses, questions, reasons.

Module functions (translation context ``ConsoleTexts``), shared by the workspace's tabs and action bar.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.app.console.session import Booth, DocumentStill, SubmissionState
from kiosk.app.console.still_quality import Glare, Light, Sharpness, judge
from kiosk.app.console.verification import Field
from kiosk.config import VideoSettings


def field_text(widget: QWidget, fld: Field) -> str:
    """A record field's name."""
    texts = {
        Field.NAME: QCoreApplication.translate("ConsoleTexts", "Nama"),
        Field.NIK: QCoreApplication.translate("ConsoleTexts", "NIK"),
        Field.KPJ: QCoreApplication.translate("ConsoleTexts", "Nomor KPJ"),
        Field.BIRTH_DATE: QCoreApplication.translate("ConsoleTexts", "Tanggal lahir"),
        Field.EMPLOYER: QCoreApplication.translate("ConsoleTexts", "Perusahaan terakhir"),
        Field.MEMBERSHIP_START: QCoreApplication.translate("ConsoleTexts", "Mulai kepesertaan"),
        Field.BALANCE: QCoreApplication.translate("ConsoleTexts", "Saldo JHT"),
        Field.STATUS: QCoreApplication.translate("ConsoleTexts", "Status kepesertaan"),
        Field.NPWP: QCoreApplication.translate("ConsoleTexts", "NPWP"),
        Field.LAST_WORK_DAY: QCoreApplication.translate("ConsoleTexts", "Hari terakhir bekerja"),
    }
    return texts[fld]


def status_text(status: str) -> str:
    """A membership status from the registry in words."""
    texts = {
        "active": QCoreApplication.translate("ConsoleTexts", "aktif (masih bekerja)"),
        "inactive": QCoreApplication.translate("ConsoleTexts", "tidak aktif (berhenti bekerja)"),
        "closed": QCoreApplication.translate("ConsoleTexts", "ditutup (saldo sudah dicairkan)"),
    }
    return texts.get(status, status)


def question_text(widget: QWidget, kind: str) -> str:
    """A verification question, worded for the officer to ask aloud."""
    texts = {
        "last_employer": QCoreApplication.translate("ConsoleTexts", "Di perusahaan mana Anda terakhir bekerja?"),
        "year_joined": QCoreApplication.translate("ConsoleTexts", "Tahun berapa Anda mulai menjadi peserta?"),
        "birth_day_month": QCoreApplication.translate("ConsoleTexts", "Tanggal dan bulan berapa Anda lahir?"),
        "kpj_last_digits": QCoreApplication.translate("ConsoleTexts", "Sebutkan empat angka terakhir nomor KPJ Anda."),
        "birth_year": QCoreApplication.translate("ConsoleTexts", "Tahun berapa Anda lahir?"),
        "months_of_contributions": QCoreApplication.translate(
            "ConsoleTexts", "Kira-kira berapa tahun Anda membayar iuran?"
        ),
        "npwp_last_digits": QCoreApplication.translate("ConsoleTexts", "Sebutkan empat angka terakhir NPWP Anda."),
    }
    return texts.get(kind, kind)


def reject_reason_text(widget: QWidget, code: str) -> str:
    """A rejection reason's words."""
    texts = {
        "identity_mismatch": QCoreApplication.translate("ConsoleTexts", "Identitas tidak cocok"),
        "document_invalid": QCoreApplication.translate("ConsoleTexts", "Dokumen tidak sah atau rusak"),
        "document_missing": QCoreApplication.translate("ConsoleTexts", "Dokumen tidak lengkap"),
        "not_eligible": QCoreApplication.translate("ConsoleTexts", "Tidak memenuhi syarat"),
        "third_party_prompting": QCoreApplication.translate("ConsoleTexts", "Peserta didikte orang lain"),
        "poor_quality": QCoreApplication.translate("ConsoleTexts", "Gambar atau suara terlalu buruk"),
        "participant_withdrew": QCoreApplication.translate("ConsoleTexts", "Peserta membatalkan"),
        "other": QCoreApplication.translate("ConsoleTexts", "Lainnya (lihat catatan)"),
    }
    return texts.get(code, code)


def approve_reason_text(widget: QWidget, code: str) -> str:
    """An approval reason's words."""
    texts = {
        "verified": QCoreApplication.translate("ConsoleTexts", "Terverifikasi"),
        "verified_with_note": QCoreApplication.translate("ConsoleTexts", "Terverifikasi, dengan catatan"),
    }
    return texts.get(code, code)


def blocker_text(widget: QWidget, code: str) -> str:
    """Why a claim cannot be approved yet."""
    texts = {
        "no_record": QCoreApplication.translate("ConsoleTexts", "data registri belum ada"),
        "no_claim": QCoreApplication.translate("ConsoleTexts", "jenis dan alasan klaim belum dipilih"),
        "rules_block": QCoreApplication.translate("ConsoleTexts", "ada aturan yang belum terpenuhi"),
        "unverified_documents": QCoreApplication.translate("ConsoleTexts", "belum semua dokumen dicentang"),
        "membership_closed": QCoreApplication.translate("ConsoleTexts", "kepesertaan sudah ditutup"),
    }
    return texts.get(code, code)


def metrics_text(widget: QWidget, still: DocumentStill, limits: VideoSettings | None = None) -> str:
    """A still's quality in words, with what to ask of the participant when it falls short."""

    def t(text: str) -> str:
        return QCoreApplication.translate("ConsoleTexts", text)

    verdict = judge(still, limits)
    sharpness = {
        Sharpness.SHARP: t("Tajam"),
        Sharpness.ENOUGH: t("Cukup tajam"),
        Sharpness.BLURRY: t("Buram: minta peserta menahan dokumen diam"),
    }
    glare = {
        Glare.LITTLE: t("hampir tanpa silau"),
        Glare.SOME: t("sedikit silau"),
        Glare.HEAVY: t("silau: minta peserta memiringkan dokumen"),
    }
    light = {
        Light.GOOD: "",
        Light.DARK: t("terlalu gelap: minta peserta mendekat ke lampu"),
        Light.BRIGHT: t("terlalu terang: minta peserta menjauh dari lampu"),
    }
    parts = [
        sharpness[verdict.sharpness] if verdict.sharpness else "",
        glare[verdict.glare] if verdict.glare else "",
        light[verdict.light] if verdict.light else "",
    ]
    text = ", ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def metrics_figures(still: DocumentStill) -> str:
    """The raw figures behind the words (a tooltip, for whoever tunes the limits)."""
    figures = [
        f"sharpness {still.sharpness:.0f}" if still.sharpness is not None else "",
        f"glare {still.glare_ratio * 100:.1f}%" if still.glare_ratio is not None else "",
        f"brightness {still.brightness:.0f}" if still.brightness is not None else "",
    ]
    return " · ".join(f for f in figures if f)


def submission_text(widget: QWidget, booth: Booth) -> str:
    """The claim's delivery state in words."""
    if booth.submission is SubmissionState.PENDING:
        return QCoreApplication.translate(
            "ConsoleTexts", "Klaim tersimpan di antrean kirim dan akan terkirim otomatis. %1"
        ).replace("%1", booth.submission_detail)
    if booth.submission is SubmissionState.DELIVERED:
        return QCoreApplication.translate("ConsoleTexts", "Klaim terkirim. Nomor referensi: %1").replace(
            "%1", booth.submission_detail
        )
    if booth.submission is SubmissionState.REFUSED:
        return QCoreApplication.translate("ConsoleTexts", "Klaim ditolak server: %1").replace(
            "%1", booth.submission_detail
        )
    return ""
