"""Ready phrases: the messages an officer sends most, one click each, in the participant's language.

The list is per branch: `ConsoleSettings.phrases_file`, else the packaged ``assets/catalog/phrases.toml``. Each
phrase carries its Indonesian and English words; the console sends both and the booth shows the participant's
(`PromptPayload.text` / `text_en`). Free text stays beside the list for everything else.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import asset

log = logging.getLogger(__name__)

#: The longest text a prompt carries (`PromptPayload.text`).
MAX_PHRASE = 500
DEFAULT_PHRASES: Path = asset("catalog", "phrases.toml")


class PhrasesError(ValueError):
    """A phrases file that cannot be used, saying where and why."""


@dataclass(frozen=True)
class ReadyPhrase:
    """One ready phrase in both languages."""

    id: str
    en: str

    def text(self, language: str) -> str:
        """The phrase in `language` ("en", else Indonesian)."""
        return self.en if language == "en" else self.id


def parse_phrases(text: str, source: str = "phrases") -> tuple[ReadyPhrase, ...]:
    """Phrases from TOML text (``[[phrase]]`` tables with ``id`` and ``en``), or `PhrasesError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PhrasesError(f"{source}: not valid TOML ({exc})") from None
    entries = data.get("phrase", [])
    if not isinstance(entries, list):
        raise PhrasesError(f"{source}: 'phrase' must be a list of [[phrase]] tables")
    phrases: list[ReadyPhrase] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise PhrasesError(f"{source}: phrase {number} is not a table")
        words = {}
        for language in ("id", "en"):
            value = entry.get(language)
            if not isinstance(value, str) or not value.strip():
                raise PhrasesError(f"{source}: phrase {number} has no '{language}' text")
            if len(value.strip()) > MAX_PHRASE:
                raise PhrasesError(f"{source}: phrase {number} '{language}' is over {MAX_PHRASE} characters")
            words[language] = " ".join(value.split())
        phrases.append(ReadyPhrase(words["id"], words["en"]))
    return tuple(phrases)


def load_phrases(path: Path | None = None) -> tuple[ReadyPhrase, ...]:
    """The branch's phrases from `path`; the packaged list when none is named or the file is unusable (the
    problem is logged: a console without its phrase list still works, with free text)."""
    if path is not None:
        try:
            return parse_phrases(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError, PhrasesError) as exc:
            log.warning("ready phrases from %s not used: %s", path, exc)
    return parse_phrases(DEFAULT_PHRASES.read_text(encoding="utf-8"), "assets/catalog/phrases.toml")
