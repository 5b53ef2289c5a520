"""Indonesian identifiers a participant types at the booth: NIK, KPJ, NPWP, mobile phone, bank account.

Every parser tolerates the spaces, dots and dashes a person types and raises `InvalidIdentifier` with a
stable `code` and a message in Indonesian and in English that a participant can act on.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

#: Province codes (Kemendagri) that exist; the first two digits of every NIK are one of them.
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in range(11, 20)]
    + ["21"]
    + [str(n) for n in range(31, 37)]
    + [str(n) for n in range(51, 54)]
    + [str(n) for n in range(61, 66)]
    + [str(n) for n in range(71, 77)]
    + ["81", "82"]
    + [str(n) for n in range(91, 97)]
)

#: Women have this added to the day of birth in their NIK.
FEMALE_DAY_OFFSET = 40

_SEPARATORS = re.compile(r"[\s.\-/]")


class Sex(enum.Enum):
    """Sex as encoded in the NIK's day of birth."""

    MALE = "male"
    FEMALE = "female"


class IdentifierKind(enum.Enum):
    """Which identifier a validation error is about."""

    NIK = "nik"
    KPJ = "kpj"
    NPWP = "npwp"
    PHONE = "phone"
    BANK_ACCOUNT = "bank_account"


class InvalidIdentifier(ValueError):
    """A typed identifier that cannot be right; `code` is stable, the messages are for people."""

    def __init__(self, kind: IdentifierKind, code: str, message_id: str, message_en: str) -> None:
        super().__init__(f"{kind.value}: {code}: {message_en}")
        self.kind = kind
        self.code = code
        self.message_id = message_id
        self.message_en = message_en

    def message(self, language: str) -> str:
        """The message in ``"id"`` (Indonesian, the default) or ``"en"``."""
        return self.message_en if language == "en" else self.message_id


def _digits(text: str) -> str:
    """Drop the separators a person may type between groups of digits."""
    return _SEPARATORS.sub("", text)


def _require_digits(kind: IdentifierKind, text: str, name_id: str, name_en: str) -> None:
    if not text:
        raise InvalidIdentifier(kind, "empty", f"{name_id} belum diisi.", f"Please enter your {name_en}.")
    if not text.isascii() or not text.isdigit():
        raise InvalidIdentifier(
            kind,
            "not_digits",
            f"{name_id} hanya berisi angka.",
            f"The {name_en} contains digits only.",
        )


@dataclass(frozen=True)
class Nik:
    """A structurally valid national identity number (Nomor Induk Kependudukan)."""

    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: Sex
    serial: int

    @property
    def digits(self) -> str:
        """The 16 digits of the NIK."""
        day = self.birth_date.day + (FEMALE_DAY_OFFSET if self.sex is Sex.FEMALE else 0)
        return (
            f"{self.province_code}{self.regency_code}{self.district_code}"
            f"{day:02d}{self.birth_date.month:02d}{self.birth_date.year % 100:02d}{self.serial:04d}"
        )

    def masked(self) -> str:
        """The NIK with all but the region and the last two digits hidden, for screens and receipts."""
        d = self.digits
        return f"{d[:4]}{'*' * 10}{d[-2:]}"

    def __str__(self) -> str:
        return self.digits


def _birth_date(day: int, month: int, yy: int, today: date) -> date | None:
    """The most recent real date with this day, month and two-digit year that is not in the future."""
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def parse_nik(text: str, today: date | None = None) -> Nik:
    """Parse a typed NIK into its parts, or raise `InvalidIdentifier` saying what is wrong."""
    kind = IdentifierKind.NIK
    digits = _digits(text)
    _require_digits(kind, digits, "NIK", "NIK")
    if len(digits) != 16:
        raise InvalidIdentifier(
            kind,
            "wrong_length",
            f"NIK harus 16 angka; yang diketik {len(digits)} angka.",
            f"A NIK has 16 digits; you typed {len(digits)}.",
        )
    province, regency, district = digits[0:2], digits[2:4], digits[4:6]
    if province not in PROVINCE_CODES:
        raise InvalidIdentifier(
            kind,
            "unknown_province",
            f"Dua angka pertama NIK ({province}) bukan kode provinsi. Periksa lagi e-KTP Anda.",
            f"The first two digits ({province}) are not a province code. Please check your e-KTP.",
        )
    if regency == "00" or district == "00":
        raise InvalidIdentifier(
            kind,
            "unknown_region",
            "Kode kabupaten/kota atau kecamatan pada NIK tidak mungkin 00. Periksa lagi e-KTP Anda.",
            "The regency or district code in a NIK cannot be 00. Please check your e-KTP.",
        )
    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    sex = Sex.FEMALE if raw_day > FEMALE_DAY_OFFSET else Sex.MALE
    day = raw_day - FEMALE_DAY_OFFSET if sex is Sex.FEMALE else raw_day
    born = _birth_date(day, month, yy, today or date.today()) if day >= 1 else None
    if born is None:
        raise InvalidIdentifier(
            kind,
            "invalid_birth_date",
            "Angka ke-7 sampai ke-12 NIK harus tanggal lahir (HHBBTT). Periksa lagi e-KTP Anda.",
            "Digits 7 to 12 of a NIK are the date of birth (DDMMYY). Please check your e-KTP.",
        )
    serial = int(digits[12:16])
    if serial == 0:
        raise InvalidIdentifier(
            kind,
            "zero_serial",
            "Empat angka terakhir NIK tidak mungkin 0000. Periksa lagi e-KTP Anda.",
            "The last four digits of a NIK cannot be 0000. Please check your e-KTP.",
        )
    return Nik(province, regency, district, born, sex, serial)


def validate_kpj(text: str, length: int = 11) -> str:
    """Return the digits of a participant card (KPJ) number of the configured length."""
    kind = IdentifierKind.KPJ
    digits = _digits(text)
    _require_digits(kind, digits, "Nomor KPJ", "KPJ card number")
    if len(digits) != length:
        raise InvalidIdentifier(
            kind,
            "wrong_length",
            f"Nomor KPJ harus {length} angka; yang diketik {len(digits)} angka.",
            f"A KPJ card number has {length} digits; you typed {len(digits)}.",
        )
    return digits


_PHONE = re.compile(r"^(\+62|62|0)(8[1-9][0-9]{6,9})$")


def normalize_phone(text: str) -> str:
    """Normalise an Indonesian mobile number to ``+628...``; landlines and foreign numbers are refused."""
    kind = IdentifierKind.PHONE
    compact = re.sub(r"[\s.\-()]", "", text)
    if not compact:
        raise InvalidIdentifier(kind, "empty", "Nomor HP belum diisi.", "Please enter your mobile number.")
    match = _PHONE.match(compact)
    if match is None:
        raise InvalidIdentifier(
            kind,
            "not_mobile",
            "Masukkan nomor HP Indonesia yang diawali 08 (contoh 0812 3456 7890).",
            "Enter an Indonesian mobile number starting with 08 (e.g. 0812 3456 7890).",
        )
    return f"+62{match.group(2)}"


@dataclass(frozen=True)
class Npwp:
    """A tax number: 16 digits (for residents, the NIK) or the legacy 15-digit form."""

    digits: str

    @property
    def legacy(self) -> bool:
        """True for the old 15-digit format."""
        return len(self.digits) == 15

    def formatted(self) -> str:
        """Legacy numbers as ``XX.XXX.XXX.X-XXX.XXX``; 16-digit ones as they are."""
        d = self.digits
        if self.legacy:
            return f"{d[0:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:15]}"
        return d


def parse_npwp(text: str) -> Npwp:
    """Parse a tax number with or without its legacy punctuation."""
    kind = IdentifierKind.NPWP
    digits = _digits(text)
    _require_digits(kind, digits, "NPWP", "NPWP (tax number)")
    if len(digits) not in (15, 16):
        raise InvalidIdentifier(
            kind,
            "wrong_length",
            f"NPWP berisi 16 angka (atau 15 angka untuk format lama); yang diketik {len(digits)} angka.",
            f"An NPWP has 16 digits (or 15 in the old format); you typed {len(digits)}.",
        )
    return Npwp(digits)


@dataclass(frozen=True)
class BankAccount:
    """A bank account to pay the benefit into: the bank's code and the account number's digits."""

    bank_code: str
    number: str

    def masked(self) -> str:
        """The account number with all but the last four digits hidden."""
        return f"{'*' * (len(self.number) - 4)}{self.number[-4:]}"


def validate_bank_account(
    number: str, bank_code: str, min_length: int = 6, max_length: int = 20
) -> BankAccount:
    """Check an account number (digits only, 6-20 long: lengths differ by bank) and the bank code."""
    kind = IdentifierKind.BANK_ACCOUNT
    if not bank_code.strip():
        raise InvalidIdentifier(kind, "no_bank", "Pilih bank Anda.", "Please choose your bank.")
    digits = _digits(number)
    _require_digits(kind, digits, "Nomor rekening", "account number")
    if not min_length <= len(digits) <= max_length:
        raise InvalidIdentifier(
            kind,
            "wrong_length",
            f"Nomor rekening berisi {min_length} sampai {max_length} angka; yang diketik {len(digits)} angka.",
            f"An account number has {min_length} to {max_length} digits; you typed {len(digits)}.",
        )
    return BankAccount(bank_code.strip(), digits)


def mask_name(name: str) -> str:
    """Show only the first letter of each word ("Budi Santoso" -> "B*** S******") to confirm a person."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())
