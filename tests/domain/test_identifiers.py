"""NIK, KPJ, NPWP, phone and bank account parsing as a participant types them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.domain.identifiers import (
    PROVINCE_CODES,
    IdentifierKind,
    InvalidIdentifier,
    Nik,
    Sex,
    mask_name,
    normalize_phone,
    parse_nik,
    parse_npwp,
    validate_bank_account,
    validate_kpj,
)

TODAY = date(2026, 11, 21)


def code_of(text: str, **kwargs: object) -> str:
    with pytest.raises(InvalidIdentifier) as info:
        parse_nik(text, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return info.value.code


def test_parses_a_man_from_kediri_city() -> None:
    nik = parse_nik("3571011203850007", today=TODAY)
    assert nik == Nik("35", "71", "01", date(1985, 3, 12), Sex.MALE, 7)


def test_women_have_forty_added_to_the_day() -> None:
    nik = parse_nik("3374025508920012", today=TODAY)
    assert nik.sex is Sex.FEMALE
    assert nik.birth_date == date(1992, 8, 15)


def test_tolerates_spaces_dots_and_dashes() -> None:
    assert parse_nik(" 3518.03-1503 9500 01 ", today=TODAY).regency_code == "18"


def test_two_digit_year_is_the_most_recent_year_not_in_the_future() -> None:
    assert parse_nik("3506010101250001", today=TODAY).birth_date == date(2025, 1, 1)
    # 2026-12-01 would be in the future on 2026-11-21, so it is 1926.
    assert parse_nik("3506010112260001", today=TODAY).birth_date == date(1926, 12, 1)
    assert parse_nik("3506011011260001", today=TODAY).birth_date == date(2026, 11, 10)


def test_29_february_falls_back_to_a_leap_century() -> None:
    # 2000 was a leap year, 1900 was not.
    assert parse_nik("3506012902000001", today=TODAY).birth_date == date(2000, 2, 29)
    assert code_of("3506012902010001") == "invalid_birth_date"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("35710112038500", "wrong_length"),
        ("35710112038500071", "wrong_length"),
        ("3571O11203850007", "not_digits"),
        ("３５７１０１１２０３８５０００７", "not_digits"),
        ("1071011203850007", "unknown_province"),
        ("3500011203850007", "unknown_region"),
        ("3571001203850007", "unknown_region"),
        ("3571013203850007", "invalid_birth_date"),
        ("3571017203850007", "invalid_birth_date"),
        ("3571010003850007", "invalid_birth_date"),
        ("3571014003850007", "invalid_birth_date"),
        ("3571011213850007", "invalid_birth_date"),
        ("3571013102850007", "invalid_birth_date"),
        ("3571011203850000", "zero_serial"),
    ],
)
def test_rejects_what_cannot_be_a_nik(text: str, code: str) -> None:
    assert code_of(text) == code


def test_messages_are_in_indonesian_and_english() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        parse_nik("123", today=TODAY)
    error = info.value
    assert error.kind is IdentifierKind.NIK
    assert isinstance(error, ValueError)
    assert error.message("id") == "NIK harus 16 angka; yang diketik 3 angka."
    assert error.message("en") == "A NIK has 16 digits; you typed 3."


def test_masked_nik_hides_birth_date_and_serial() -> None:
    nik = parse_nik("3571011203850007", today=TODAY)
    assert nik.masked() == "3571**********07"
    assert "120385" not in nik.masked()


# ---- property tests -------------------------------------------------------------------------------------------

provinces = st.sampled_from(sorted(PROVINCE_CODES))
region = st.integers(1, 99).map(lambda n: f"{n:02d}")
birth_dates = st.dates(min_value=date(1927, 1, 1), max_value=TODAY)
sexes = st.sampled_from(Sex)
serials = st.integers(1, 9999)


@given(provinces, region, region, birth_dates, sexes, serials)
def test_every_nik_built_from_valid_parts_parses_back(
    province: str, regency: str, district: str, born: date, sex: Sex, serial: int
) -> None:
    nik = Nik(province, regency, district, born, sex, serial)
    assert parse_nik(nik.digits, today=TODAY) == nik


@given(provinces, region, region, birth_dates, sexes, serials, st.data())
def test_every_breaking_mutation_is_rejected(
    province: str, regency: str, district: str, born: date, sex: Sex, serial: int, data: st.DataObject
) -> None:
    digits = Nik(province, regency, district, born, sex, serial).digits
    mutation = data.draw(st.sampled_from(["drop", "add", "letter", "province", "day", "month", "serial"]))
    if mutation == "drop":
        i = data.draw(st.integers(0, 15))
        broken = digits[:i] + digits[i + 1 :]
    elif mutation == "add":
        broken = digits + data.draw(st.sampled_from("0123456789"))
    elif mutation == "letter":
        i = data.draw(st.integers(0, 15))
        broken = digits[:i] + data.draw(st.sampled_from("OIlSxA")) + digits[i + 1 :]
    elif mutation == "province":
        bad = data.draw(
            st.integers(0, 99).map(lambda n: f"{n:02d}").filter(lambda p: p not in PROVINCE_CODES)
        )
        broken = bad + digits[2:]
    elif mutation == "day":
        bad_day = data.draw(st.sampled_from([0, 32, 40, 72, 99]))
        broken = digits[:6] + f"{bad_day:02d}" + digits[8:]
    elif mutation == "month":
        bad_month = data.draw(st.sampled_from([0, 13, 20, 99]))
        broken = digits[:8] + f"{bad_month:02d}" + digits[10:]
    else:
        broken = digits[:12] + "0000"
    assume(broken != digits)
    with pytest.raises(InvalidIdentifier):
        parse_nik(broken, today=TODAY)


# ---- other identifiers ------------------------------------------------------------------------------------------


def test_kpj_has_the_configured_length() -> None:
    assert validate_kpj("123 4567 8901") == "12345678901"
    assert validate_kpj("1234567890123", length=13) == "1234567890123"
    with pytest.raises(InvalidIdentifier) as info:
        validate_kpj("1234567890")
    assert info.value.code == "wrong_length"
    assert "11" in info.value.message("id")


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 789", "+62812345678 9".replace(" ", "")),
        ("6285712345678", "+6285712345678"),
        ("(0821) 1234 5678", "+6282112345678"),
    ],
)
def test_mobile_numbers_are_normalised(typed: str, normalised: str) -> None:
    assert normalize_phone(typed) == normalised


@pytest.mark.parametrize("typed", ["0354 123456", "021-5551234", "0801234567", "+6591234567", "08123", "abc"])
def test_landlines_and_foreign_numbers_are_refused(typed: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        normalize_phone(typed)
    assert info.value.code == "not_mobile"
    assert "08" in info.value.message("en")


def test_npwp_accepts_16_digits_and_the_legacy_format() -> None:
    assert parse_npwp("3571011203850007").digits == "3571011203850007"
    legacy = parse_npwp("09.254.294.3-407.000")
    assert legacy.legacy
    assert legacy.digits == "092542943407000"
    assert legacy.formatted() == "09.254.294.3-407.000"
    assert parse_npwp("092542943407000") == legacy
    with pytest.raises(InvalidIdentifier):
        parse_npwp("12.345")


def test_bank_account_is_digits_of_bank_specific_length() -> None:
    account = validate_bank_account("0123 4567 89", "002")
    assert account.number == "0123456789"
    assert account.masked() == "******6789"
    for number, code in [("12345", "wrong_length"), ("1" * 21, "wrong_length"), ("12a45678", "not_digits")]:
        with pytest.raises(InvalidIdentifier) as info:
            validate_bank_account(number, "002")
        assert info.value.code == code
    with pytest.raises(InvalidIdentifier) as info:
        validate_bank_account("1234567", "")
    assert info.value.code == "no_bank"


def test_names_are_masked_to_their_first_letters() -> None:
    assert mask_name("Budi Santoso") == "B*** S******"
    assert mask_name("  Siti   Aminah ") == "S*** A*****"
