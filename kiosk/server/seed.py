"""Demo data for `kiosk server seed-demo`: the Kediri branch, its staff and booths, and a fictional registry.

Everything here is invented. NIKs are structurally valid and use the regions named in the domain notes
(Kediri city 35.71, Kediri regency 35.06, Nganjuk 35.18, Semarang 33.74, Pemalang 33.27). Dates are computed
from *today*, so the cases keep their meaning whenever the demo is loaded: one participant's termination is two
months back (the JHT waiting period has passed), another's ten days back (still waiting).

Demo logins (for demos only; never seed a production hub):

    admin / admin-demo        admin, all branches
    supervisor / super-demo   supervisor, KDR
    cso1 / cso1-demo          CSO "Rina Wulandari", KDR
    cso2 / cso2-demo          CSO "Agus Prasetyo", KDR

Seeding is idempotent: rows that exist (by username, NIK, booth number, booking code) are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kiosk.domain.claims import add_months
from kiosk.domain.identifiers import Nik, Sex
from kiosk.protocol.rest import UserCreate
from kiosk.server.models import Booking, Branch, Heir, Participant
from kiosk.server.repositories import audit, bookings, booths, participants, users
from kiosk.server.repositories.branches import add_branch, find_branch
from kiosk.server.security import hash_password

DEMO_BRANCH = "KDR"
DEMO_BRANCH_NAME = "Kediri"
DEMO_TIMEZONE = "Asia/Jakarta"
DEMO_BOOTHS = 10


@dataclass(frozen=True)
class DemoUser:
    """A demo login."""

    username: str
    password: str
    display_name: str
    role: Literal["cso", "supervisor", "admin"]
    branch: str | None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "admin-demo", "Admin Cabang", "admin", None),
    DemoUser("supervisor", "super-demo", "Siti Rahmawati", "supervisor", DEMO_BRANCH),
    DemoUser("cso1", "cso1-demo", "Rina Wulandari", "cso", DEMO_BRANCH),
    DemoUser("cso2", "cso2-demo", "Agus Prasetyo", "cso", DEMO_BRANCH),
)


@dataclass(frozen=True)
class DemoParticipant:
    """A fictional registry record and why it is in the demo."""

    case: str
    nik: str
    kpj: str
    name: str
    birth_date: date
    membership_start: date
    status: str
    balance: int
    contribution_months: int
    employer: str
    npwp: str | None = None
    last_work_day: date | None = None
    died_on: date | None = None
    heirs: tuple[tuple[str, str, str], ...] = ()


def _nik(region: str, born: date, sex: Sex, serial: int) -> str:
    return Nik(region[:2], region[2:4], region[4:6], born, sex, serial).digits


def demo_participants(today: date) -> list[DemoParticipant]:
    """The demo registry, with dates relative to `today`."""
    male, female = Sex.MALE, Sex.FEMALE

    def years_ago(n: int, month: int = 3, day: int = 14) -> date:
        return date(today.year - n, month, day)

    two_months_ago = add_months(today, -2)
    return [
        DemoParticipant(
            "jht_layoff_eligible",
            _nik("357101", date(1988, 5, 17), male, 1),
            "12345678901",
            "Budi Santoso",
            date(1988, 5, 17),
            years_ago(9),
            "inactive",
            38_500_000,
            108,
            "PT Gudang Garam Tbk",
            last_work_day=two_months_ago,
        ),
        DemoParticipant(
            "jht_resignation_waiting",
            _nik("350612", date(1993, 11, 2), female, 3),
            "12345678902",
            "Dewi Lestari",
            date(1993, 11, 2),
            years_ago(6),
            "inactive",
            21_750_000,
            72,
            "CV Sumber Rejeki",
            last_work_day=today - timedelta(days=10),
        ),
        DemoParticipant(
            "jht_above_npwp_threshold_without_npwp",
            _nik("351805", date(1979, 8, 23), male, 12),
            "12345678903",
            "Hendra Gunawan",
            date(1979, 8, 23),
            years_ago(19),
            "inactive",
            87_250_000,
            228,
            "PT Nganjuk Textile",
            last_work_day=add_months(today, -3),
        ),
        DemoParticipant(
            "jht_above_npwp_threshold_with_npwp",
            _nik("337404", date(1982, 2, 9), female, 7),
            "12345678904",
            "Sri Wahyuni",
            date(1982, 2, 9),
            years_ago(17),
            "inactive",
            64_000_000,
            204,
            "PT Semarang Baja",
            npwp=_nik("337404", date(1982, 2, 9), female, 7),
            last_work_day=add_months(today, -4),
        ),
        DemoParticipant(
            "jht_partial_active_long_member",
            _nik("332701", date(1984, 6, 30), male, 21),
            "12345678905",
            "Joko Susilo",
            date(1984, 6, 30),
            years_ago(14),
            "active",
            46_300_000,
            168,
            "PT Pemalang Mandiri",
        ),
        DemoParticipant(
            "jht_partial_active_short_member",
            _nik("357102", date(1996, 1, 5), female, 2),
            "12345678906",
            "Putri Ayu",
            date(1996, 1, 5),
            years_ago(4),
            "active",
            9_800_000,
            48,
            "PT Kediri Retail",
        ),
        DemoParticipant(
            "closed_already_paid_out",
            _nik("350601", date(1975, 12, 12), male, 5),
            "12345678907",
            "Slamet Riyadi",
            date(1975, 12, 12),
            years_ago(25),
            "closed",
            0,
            300,
            "PT Tebu Manis",
            last_work_day=date(today.year - 2, 6, 30),
        ),
        DemoParticipant(
            "jkm_heir_spouse",
            _nik("357103", date(1970, 4, 18), male, 9),
            "12345678908",
            "Agus Salim",
            date(1970, 4, 18),
            years_ago(22),
            "active",
            52_000_000,
            264,
            "PT Kediri Logistik",
            died_on=today - timedelta(days=20),
            heirs=((_nik("357103", date(1973, 9, 1), female, 10), "Ratna Sari", "spouse"),),
        ),
        DemoParticipant(
            "jp_pension_age_monthly",
            _nik("351801", date(today.year - 60, 7, 7), male, 4),
            "12345678909",
            "Bambang Sutrisno",
            date(today.year - 60, 7, 7),
            years_ago(18),
            "inactive",
            33_000_000,
            216,
            "PT Nganjuk Agro",
            last_work_day=add_months(today, -2),
        ),
        DemoParticipant(
            "jht_retirement_age",
            _nik("337402", date(today.year - 57, 1, 20), female, 15),
            "12345678910",
            "Sulastri",
            date(today.year - 57, 1, 20),
            years_ago(20),
            "inactive",
            44_900_000,
            240,
            "PT Semarang Garmen",
            last_work_day=add_months(today, -1),
        ),
    ]


def seed_demo(
    session: Session,
    now: datetime,
    *,
    today: date | None = None,
    password_hasher: Callable[[str], str] = hash_password,
) -> dict[str, int]:
    """Load the demo branch, users, booths, registry and a few bookings for today; return counts added.

    `password_hasher` lets test fixtures use cheap argon2 parameters (verification reads them from the hash).
    """
    added = {"branches": 0, "users": 0, "booths": 0, "participants": 0, "bookings": 0}
    branch = find_branch(session, DEMO_BRANCH)
    if branch is None:
        branch = add_branch(
            session,
            Branch(
                code=DEMO_BRANCH,
                name=DEMO_BRANCH_NAME,
                timezone=DEMO_TIMEZONE,
                walk_in_daily=60,
                online_daily=87,
                service_start="08:00",
                service_end="15:00",
                slot_minutes=30,
                slot_capacity=7,
            ),
        )
        added["branches"] += 1
    local_today = today or now.astimezone(ZoneInfo(branch.timezone)).date()

    missing = [u for u in DEMO_USERS if users.user_by_username(session, u.username) is None]
    # argon2 is deliberately slow; hash the demo passwords in parallel (it releases the GIL).
    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = list(pool.map(lambda u: password_hasher(u.password), missing))
    for user, password_hash in zip(missing, hashes, strict=True):
        body = UserCreate(
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            branch_code=branch.code if user.branch else None,
            password=user.password,
        )
        users.create_user(session=session, user_create=body, password_hash=password_hash, now=now, actor="seed")
        added["users"] += 1

    existing_booths = booths.booth_numbers(session, branch.id)
    for number in range(1, DEMO_BOOTHS + 1):
        if number not in existing_booths:
            booths.add_booth(session, branch.id, number)
            added["booths"] += 1

    for demo in demo_participants(local_today):
        if participants.nik_known(session, demo.nik):
            continue
        record = Participant(
            nik=demo.nik,
            kpj=demo.kpj,
            name=demo.name,
            birth_date=demo.birth_date,
            membership_start=demo.membership_start,
            status=demo.status,
            balance=demo.balance,
            contribution_months=demo.contribution_months,
            employer=demo.employer,
            npwp=demo.npwp,
            last_work_day=demo.last_work_day,
            died_on=demo.died_on,
        )
        heirs = [Heir(nik=heir_nik, name=heir_name, relation=relation) for heir_nik, heir_name, relation in demo.heirs]
        participants.add_participant(session, record, heirs)
        added["participants"] += 1

    registry = demo_participants(local_today)
    # Bookings for today: KDR-DEMAA2, KDR-DEMAB3, KDR-DEMAC4 (the first three registry cases).
    for index, (slot, demo) in enumerate(zip(("09:00", "09:30", "10:00"), registry[:3], strict=True)):
        code = f"{DEMO_BRANCH}-DEMA{chr(ord('A') + index)}{index + 2}"
        if bookings.code_taken(session, code):
            continue
        bookings.create_booking(
            session,
            Booking(
                code=code,
                branch_id=branch.id,
                visit_date=local_today,
                slot=slot,
                nik=demo.nik,
                kpj=demo.kpj,
                claim_type="JHT",
                status="booked",
                created_at=now,
                created_by="seed",
            ),
            actor="seed",
            now=now,
            audited=False,  # the seed is audited once, below
        )
        added["bookings"] += 1
    session.flush()
    audit.record(
        session,
        at=now,
        actor="cli",
        action="demo.seeded",
        subject_type="branch",
        subject_id=DEMO_BRANCH,
        details=added,
    )
    return added
