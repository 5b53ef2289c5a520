"""Rules for machine-assisted verification: what a face distance or a read field means to the officer.

The machine points; the officer decides. Nothing here rejects anything: every result is a hint with words the
officer can act on ("look closely"), and the officer's own call (confirm or overrule) is what counts and is
audited. The numbers behind the words are published figures of the models used (see docs/benchmarks.md,
"Assisted verification"), kept here so the console, the demo and the benchmark use one rule.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

#: dlib's ResNet face model (dlib_face_recognition_resnet_model_v1): two faces at a Euclidean distance under
#: 0.6 are the same person by the model's published operating point (99.38 % on the LFW benchmark).
FACE_MATCH_THRESHOLD = 0.6
#: Below this distance the model is far inside its operating point; between it and the threshold the faces
#: are "probably" the same, which still asks the officer for a closer look than a clear match does.
FACE_CLEAR_MATCH = 0.45


class FaceVerdict(enum.Enum):
    """What a face comparison tells the officer."""

    LIKELY_SAME = "likely_same"
    LOOK_CLOSELY = "look_closely"
    LIKELY_DIFFERENT = "likely_different"
    NO_CARD_FACE = "no_card_face"
    NO_LIVE_FACE = "no_live_face"


def face_verdict(distance: float | None, *, card_face: bool = True, live_face: bool = True) -> FaceVerdict:
    """The verdict for a face distance (None when a face was not found on one side)."""
    if not card_face:
        return FaceVerdict.NO_CARD_FACE
    if not live_face or distance is None:
        return FaceVerdict.NO_LIVE_FACE
    if distance < FACE_CLEAR_MATCH:
        return FaceVerdict.LIKELY_SAME
    if distance < FACE_MATCH_THRESHOLD:
        return FaceVerdict.LOOK_CLOSELY
    return FaceVerdict.LIKELY_DIFFERENT


class OfficerCall(enum.Enum):
    """The officer's own call on a machine result: the one that counts."""

    CONFIRMED = "confirmed"
    OVERRULED = "overruled"


class FieldStatus(enum.Enum):
    """How a field read from a document compares with what the participant typed (or the registry holds)."""

    MATCH = "match"
    MISMATCH = "mismatch"
    UNREADABLE = "unreadable"


class CardField(enum.Enum):
    """A field the console reads from a document still."""

    NIK = "nik"
    NAME = "name"
    BIRTH_DATE = "birth_date"
    ACCOUNT_NUMBER = "account_number"
    KPJ = "kpj"


@dataclass(frozen=True)
class FieldComparison:
    """One field: what was expected, what was read, and how they compare."""

    field: CardField
    expected: str
    read: str | None
    status: FieldStatus


# Tesseract's usual confusions in a field that can hold only digits.
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "i": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "G": "6",
        "b": "6",
        "T": "7",
        "g": "9",
        "q": "9",
    }
)
_DIGIT_FIELDS = {CardField.NIK, CardField.ACCOUNT_NUMBER, CardField.KPJ}


def digits_of(text: str) -> str:
    """The digits of a digits-only field as OCR read it, with letter look-alikes mapped to digits."""
    return re.sub(r"\D", "", text.translate(_DIGIT_LOOKALIKES))


def _name_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    return " ".join(re.sub(r"[^A-Z ]", " ", folded).split())


def _date_key(text: str) -> str:
    return "-".join(part.zfill(2) for part in re.findall(r"\d+", text))


def compare_field(field: CardField, expected: str, read: str | None) -> FieldComparison:
    """Compare one read field with the expected value, forgiving what OCR and typing vary in harmlessly
    (spaces, separators, letter case, accents, digit look-alikes), and nothing else."""
    if read is None or not read.strip():
        return FieldComparison(field, expected, read, FieldStatus.UNREADABLE)
    if field in _DIGIT_FIELDS:
        same = digits_of(read) == re.sub(r"\D", "", expected)
    elif field is CardField.BIRTH_DATE:
        same = _date_key(read) == _date_key(expected)
    else:
        same = _name_key(read) == _name_key(expected)
    return FieldComparison(field, expected, read, FieldStatus.MATCH if same else FieldStatus.MISMATCH)


def mismatches(comparisons: list[FieldComparison]) -> list[FieldComparison]:
    """The comparisons the officer should look at (a mismatch; unreadable ones are shown but not flagged)."""
    return [c for c in comparisons if c.status is FieldStatus.MISMATCH]


#: A second face must be seen in at least this many of the last `SECOND_FACE_WINDOW` checks before the
#: officer is warned: one check's false positive (a poster, a pattern on the wall) does not raise it.
SECOND_FACE_HITS = 3
SECOND_FACE_WINDOW = 5


@dataclass
class SecondFaceWatch:
    """Debounces per-frame face counts into one warning per episode of more than one face in the booth."""

    hits: int = SECOND_FACE_HITS
    window: int = SECOND_FACE_WINDOW

    def __post_init__(self) -> None:
        self._recent: list[bool] = []
        self._raised = False

    def observe(self, faces: int) -> bool:
        """Record one check's face count; True exactly when a new warning should be raised."""
        self._recent = [*self._recent[-(self.window - 1) :], faces > 1]
        crowded = sum(self._recent) >= self.hits
        if crowded and not self._raised:
            self._raised = True
            return True
        if not any(self._recent):
            self._raised = False  # the episode ended: a later one warns again
        return False

    @property
    def active(self) -> bool:
        """Whether a warning is standing (raised and the extra face not yet gone for a whole window)."""
        return self._raised
