"""Who comes to the demo branch: a varied mix of participants drawn from the hub's seeded demo registry.

Every visitor is one of the `CASES` below, each a real situation from the domain notes: a JHT claim after a
layoff (who first asks for JKP and is sent to JHT), a death benefit claimed by the widow, a pension, work and
commute accidents, a resignation with an NPWP, a retirement, a partial withdrawal, a layoff whose balance needs
an NPWP the registry does not have (the officer rejects it), and a resignation still inside the waiting period
(the booth explains the date, and the participant walks away). Some come with an online booking, most walk in.

The cases cycle in this order, so any ten consecutive visitors hold one rejection and one walk-away, and any
four hold every claim type the booth serves. No Qt and no network here: plain data the orchestrator sends to
the booths.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from kiosk.server.seed import DemoParticipant, demo_participants


class Arrival(enum.Enum):
    """How a visitor checks in."""

    BOOKING = "booking"
    WALK_IN = "walk_in"


class Expected(enum.Enum):
    """How the visit should end if everyone does their job."""

    SUBMITTED = "submitted"
    REJECTED = "rejected"
    ABANDONED = "abandoned"


@dataclass(frozen=True)
class Case:
    """One kind of visitor: whose record they bring, what they claim and how they behave."""

    key: str
    label: str
    registry_case: str
    claim_type: str
    reason: str
    arrival: Arrival
    expected: Expected
    #: The claim type touched first, before the one claimed (JKP: the booth explains and offers JHT).
    first_choice: str | None = None
    #: The heir's relation to the participant who died (JKM, JHT death).
    heir_relation: str | None = None
    #: The participant reads the booth in English.
    english: bool = False
    bank_code: str = "002"
    #: The e-KTP held up prints a NIK other than the registry's (two digits swapped): the console flags it.
    card_nik_differs: bool = False
    #: Someone stands behind the participant during the call: the console warns of a second face.
    second_person: bool = False


CASES: tuple[Case, ...] = (
    Case("jht_layoff", "JHT after a layoff, asked for JKP first", "jht_layoff_eligible", "JHT", "layoff",
         Arrival.BOOKING, Expected.SUBMITTED, first_choice="JKP"),
    Case("jkm_heir", "JKM death benefit, claimed by the widow", "jkm_heir_spouse", "JKM", "death",
         Arrival.WALK_IN, Expected.SUBMITTED, heir_relation="spouse", bank_code="009"),
    Case("jkk_work_accident", "JKK accident at work", "jht_partial_active_long_member", "JKK", "work_accident",
         Arrival.WALK_IN, Expected.SUBMITTED, english=True, bank_code="008", second_person=True),
    Case("jp_pension", "JP pension at pension age", "jp_pension_age_monthly", "JP", "pension_age",
         Arrival.BOOKING, Expected.SUBMITTED, bank_code="014"),
    Case("jht_resignation_npwp", "JHT after resigning, balance above the NPWP threshold",
         "jht_above_npwp_threshold_with_npwp", "JHT", "resignation", Arrival.WALK_IN, Expected.SUBMITTED,
         bank_code="451"),
    Case("jht_retirement", "JHT at age 56", "jht_retirement_age", "JHT", "retirement_age",
         Arrival.WALK_IN, Expected.SUBMITTED, bank_code="200"),
    Case("jht_layoff_no_npwp", "JHT after a layoff, NPWP needed but missing", "jht_above_npwp_threshold_without_npwp",
         "JHT", "layoff", Arrival.BOOKING, Expected.REJECTED, card_nik_differs=True),
    Case("jkk_commute_accident", "JKK accident on the way to work", "jht_partial_active_short_member", "JKK",
         "commute_accident", Arrival.WALK_IN, Expected.SUBMITTED, english=True),
    Case("jht_partial", "JHT partial withdrawal (10%)", "jht_partial_active_long_member", "JHT", "partial_10",
         Arrival.WALK_IN, Expected.SUBMITTED, bank_code="008"),
    Case("jht_too_early", "JHT after resigning ten days ago: told to wait, walks away", "jht_resignation_waiting",
         "JHT", "resignation", Arrival.BOOKING, Expected.ABANDONED),
)

CASES_BY_KEY: dict[str, Case] = {case.key: case for case in CASES}

#: Who joins online (`kiosk demo --online N`): one visitor per registry member, since a member has at most one
#: online booking a day; claims a participant prepares alone at home (no heir, nothing the officer must refuse).
ONLINE_CASES: tuple[str, ...] = ("jht_resignation_npwp", "jp_pension", "jht_retirement", "jht_layoff")

#: The four claim types the booth serves, one visitor each (the end-to-end tests' cast).
EVERY_CLAIM_TYPE: tuple[str, ...] = ("jht_layoff", "jkm_heir", "jkk_work_accident", "jp_pension")


@dataclass(frozen=True)
class Visitor:
    """One participant of a demo run, with everything the simulated participant types and chooses.

    This is fictional demo data (the seeded registry), sent only to the booth that plays the visitor; the
    report and the logs name visitors by number and case, never by these identifiers.
    """

    number: int
    case: str
    label: str
    claim_type: str
    reason: str
    arrival: str
    expected: str
    nik: str
    kpj: str
    first_choice: str | None
    heir_relation: str | None
    termination_date: str | None
    language: str
    bank_code: str
    account_number: str
    booking_code: str | None = None
    #: What the booth's synthetic camera shows (photos in assets/faces; the e-KTP is a specimen).
    face: str = "obama2"
    card_portrait: str = "obama"
    card_nik: str = ""
    card_name: str = ""
    card_birth_date: str = ""
    second_person: str | None = None
    #: The heir's own NIK (an heir's claim: the registry's heir of the participant who died).
    heir_nik: str | None = None
    #: `booth` (comes to a booth of the branch) or `online` (books, prepares and joins from a browser).
    channel: str = "booth"

    def to_json(self) -> dict[str, Any]:
        """For the booth process."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Visitor:
        """From the orchestrator's message."""
        return cls(**data)


def choose_cases(count: int, keys: tuple[str, ...] | None = None) -> list[Case]:
    """`count` cases in the cycling order (or cycling through `keys` when given)."""
    pool = [CASES_BY_KEY[k] for k in keys] if keys else list(CASES)
    if not pool:
        raise ValueError("no cases to choose from")
    return [pool[i % len(pool)] for i in range(count)]


def unknown_cases(keys: tuple[str, ...]) -> list[str]:
    """The keys that name no case."""
    return [k for k in keys if k not in CASES_BY_KEY]


def make_visitors(cases: list[Case], today: date, *, first: int = 1, channel: str = "booth") -> list[Visitor]:
    """Visitors for `cases` with their registry numbers (dates relative to `today`, as the hub seeded them),
    numbered from `first`, coming through `channel`.

    Booking codes are filled in later, when the orchestrator books the visits on the hub (online visitors book
    themselves, on the online pages).
    """
    registry: dict[str, DemoParticipant] = {p.case: p for p in demo_participants(today)}
    visitors = []
    for number, case in enumerate(cases, start=first):
        record = registry[case.registry_case]
        termination = record.last_work_day.isoformat() if case.reason in ("layoff", "resignation") and (
            record.last_work_day is not None
        ) else None
        visitors.append(
            Visitor(
                number=number,
                case=case.key,
                label=case.label,
                claim_type=case.claim_type,
                reason=case.reason,
                arrival=Arrival.BOOKING.value if channel == "online" else case.arrival.value,
                expected=case.expected.value,
                nik=record.nik,
                kpj=record.kpj,
                first_choice=case.first_choice,
                heir_relation=case.heir_relation,
                termination_date=termination,
                language="en" if case.english else "id",
                bank_code=case.bank_code,
                # Fictional: ten digits derived from the visitor's number, valid for every bank of the catalog.
                account_number=f"{7_000_000_000 + number * 7919:010d}",
                heir_nik=record.heirs[0][0] if case.heir_relation and record.heirs else None,
                channel=channel,
                **_appearance(number, case, record),
            )
        )
    return visitors


#: (live face, the e-KTP's portrait): two photos of one man, or one photo of the other (assets/faces).
_FACES: tuple[tuple[str, str], ...] = (("obama2", "obama"), ("biden", "biden"), ("obama3", "obama2"))


def _swap_two_digits(nik: str) -> str:
    """The NIK with two serial digits swapped (or the last one changed): a plausible misprint or another card."""
    if nik[13] != nik[14]:
        return nik[:13] + nik[14] + nik[13] + nik[15:]
    return nik[:15] + str((int(nik[15]) + 1) % 10)


def _appearance(number: int, case: Case, record: DemoParticipant) -> dict[str, Any]:
    """How the visitor looks to the booth's camera, and what their (specimen) e-KTP prints."""
    face, portrait = _FACES[number % len(_FACES)]
    return {
        "face": face,
        "card_portrait": portrait,
        "card_nik": _swap_two_digits(record.nik) if case.card_nik_differs else record.nik,
        "card_name": record.name.upper(),
        "card_birth_date": record.birth_date.strftime("%d-%m-%Y"),
        "second_person": ("biden" if face != "biden" else "obama") if case.second_person else None,
    }
