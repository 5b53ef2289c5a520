"""The claim catalog: claim types, reasons, documents and the figures of the rules, loaded from data.

The catalog is data (assets/catalog/claims.toml): no figure of a regulation lives in this code. A catalog that
names a document it does not define, or breaks a bound, is refused at load time with a `CatalogError`.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.paths import asset


class ClaimType(enum.Enum):
    """The benefit programmes a participant may claim."""

    JHT = "JHT"
    JKM = "JKM"
    JKK = "JKK"
    JP = "JP"
    JKP = "JKP"


class Claimant(enum.Enum):
    """Who files a claim of a given reason."""

    PARTICIPANT = "participant"
    HEIR = "heir"


class Condition(enum.Enum):
    """When a conditional document is required."""

    BALANCE_ABOVE_NPWP_THRESHOLD = "balance_above_npwp_threshold"
    HEIR_IS_SPOUSE = "heir_is_spouse"
    ROAD_ACCIDENT = "road_accident"


class DocumentShape(enum.Enum):
    """Which frame guide the booth draws for a document."""

    CARD = "card"
    PAGE = "page"
    SELFIE = "selfie"
    SIGNATURE = "signature"


class CatalogError(ValueError):
    """The catalog file is malformed or refers to something it does not define."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentType(_Frozen):
    """A document the booth asks for, with its names and capture instruction in both languages."""

    code: str
    shape: DocumentShape
    name_id: str
    name_en: str
    instruction_id: str
    instruction_en: str

    def name(self, language: str) -> str:
        """The document's name in ``"id"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_id

    def instruction(self, language: str) -> str:
        """How to hold the document up, in ``"id"`` or ``"en"``."""
        return self.instruction_en if language == "en" else self.instruction_id


class ConditionalDocument(_Frozen):
    """A document required only when a condition holds."""

    document: str
    when: Condition


class Reason(_Frozen):
    """Why a claim of a type is made; decides documents and rules."""

    code: str
    claimant: Claimant
    name_id: str
    name_en: str
    documents: tuple[str, ...]
    conditional: tuple[ConditionalDocument, ...] = ()
    waiting_period: bool = False
    min_age: Literal["jht_retirement_age", "pension_age"] | None = None
    min_membership: Literal["partial_min_membership_years"] | None = None
    requires_active: bool = False

    def name(self, language: str) -> str:
        """The reason's name in ``"id"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_id


class ClaimTypeEntry(_Frozen):
    """One benefit programme of the catalog."""

    code: ClaimType
    icon: str
    served_at_booth: bool
    name_id: str
    name_en: str
    summary_id: str
    summary_en: str
    reasons: tuple[Reason, ...] = ()
    other_channel_id: str | None = None
    other_channel_en: str | None = None

    def name(self, language: str) -> str:
        """The claim type's name in ``"id"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_id

    def summary(self, language: str) -> str:
        """A one-line explanation in ``"id"`` or ``"en"``."""
        return self.summary_en if language == "en" else self.summary_id

    def reason(self, code: str) -> Reason:
        """The reason with this code, or `CatalogError`."""
        for reason in self.reasons:
            if reason.code == code:
                return reason
        raise CatalogError(f"{self.code.value} has no reason {code!r}")


class Rules(_Frozen):
    """Thresholds and periods of the rules."""

    npwp_balance_threshold: int = Field(ge=0)
    jht_waiting_period_months: int = Field(ge=0)
    jht_retirement_age: int = Field(gt=0)
    partial_min_membership_years: int = Field(ge=0)
    jp_min_contribution_years_monthly: int = Field(ge=0)


class PensionAgeSchedule(_Frozen):
    """Pension age by year: `base_age` in `base_year`, +1 every `step_years`, at most `max_age`."""

    base_year: int
    base_age: int
    step_years: int = Field(gt=0)
    max_age: int

    def age_in(self, year: int) -> int:
        """The pension age in force in `year`."""
        steps = max(0, (year - self.base_year) // self.step_years)
        return min(self.max_age, self.base_age + steps)


class JkmBenefit(_Frozen):
    """The JKM death benefit breakdown (Rupiah)."""

    lump_sum: int
    periodic_total: int
    periodic_months: int = Field(gt=0)
    funeral: int

    @property
    def total(self) -> int:
        """All three parts together."""
        return self.lump_sum + self.periodic_total + self.funeral

    @property
    def monthly(self) -> int:
        """The periodic part paid each month."""
        return self.periodic_total // self.periodic_months


class Bank(_Frozen):
    """A bank the benefit can be paid into."""

    code: str
    name: str


class Catalog(_Frozen):
    """The whole claim catalog, validated: every reason names only documents the catalog defines."""

    version: int
    rules: Rules
    pension_age: PensionAgeSchedule
    jkm_benefit: JkmBenefit
    banks: tuple[Bank, ...]
    documents: dict[str, DocumentType]
    claim_types: tuple[ClaimTypeEntry, ...]

    @model_validator(mode="before")
    @classmethod
    def _documents_know_their_code(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            data = dict(data)
            data["documents"] = {
                code: {"code": code, **doc} if isinstance(doc, dict) else doc
                for code, doc in data["documents"].items()
            }
        return data

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        for entry in self.claim_types:
            for reason in entry.reasons:
                named = list(reason.documents) + [c.document for c in reason.conditional]
                unknown = [d for d in named if d not in self.documents]
                if unknown:
                    raise ValueError(f"{entry.code.value}/{reason.code} names unknown documents {unknown}")
        return self

    def claim_type(self, code: ClaimType | str) -> ClaimTypeEntry:
        """The catalog entry of a claim type, or `CatalogError`."""
        wanted = ClaimType(code) if isinstance(code, str) else code
        for entry in self.claim_types:
            if entry.code is wanted:
                return entry
        raise CatalogError(f"the catalog has no claim type {wanted.value}")

    def document(self, code: str) -> DocumentType:
        """The document type with this code, or `CatalogError`."""
        try:
            return self.documents[code]
        except KeyError:
            raise CatalogError(f"the catalog has no document {code!r}") from None

    @classmethod
    def from_toml(cls, text: str) -> Catalog:
        """Parse and validate catalog TOML; any mistake is a `CatalogError` that says where."""
        try:
            return cls.model_validate(tomllib.loads(text))
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise CatalogError(f"invalid claim catalog: {exc}") from exc


DEFAULT_CATALOG_PATH: Path = asset("catalog", "claims.toml")


@functools.cache
def default_catalog() -> Catalog:
    """The catalog shipped in assets/ (read once)."""
    return Catalog.from_toml(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
