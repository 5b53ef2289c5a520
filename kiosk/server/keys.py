"""Secrets the hub keeps outside its database: the audit chain's HMAC keys, its checkpoints, the pseudonym pepper.

All three live in one folder (``server.audit_key_file`` and its siblings, default ``<data dir>/keys/``) that the
database never sees, so someone who can write the database (a stolen backup, a leaked password, an SQL console)
cannot recompute the chain, cannot hide a cut tail, and cannot reverse a pseudonymised NIK by trying every NIK.

- ``audit.keys``: one key per line, ``<id> <base64 key> <created>``; the last line signs new events, older lines
  stay to verify older events. `rotate` appends a line.
- ``audit.checkpoints``: append-only lines ``<seq> <key id> <mac> <at> <signature>``, the chain's head as seen
  after each verification and periodically. The verifier compares the database with them (truncation).
- ``pseudonym.key``: the pepper of `pseudonym` (never rotated: the same NIK must give the same pseudonym).

Files are created 0600 in a 0700 folder and never logged; a key file readable by others is refused.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CHECKPOINTS_NAME = "audit.checkpoints"
PEPPER_NAME = "pseudonym.key"


class KeyFileError(Exception):
    """A key file that cannot be used (unreadable, malformed, or readable by others)."""


def _create_private(path: Path, text: str) -> None:
    """Write `text` to a new file only the owner can read (fails if it exists: a key is never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _append_private(path: Path, line: str) -> None:
    """Append one line (a single write, so concurrent appenders do not interleave), creating the file 0600."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, line.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_private(path: Path) -> None:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise KeyFileError(f"{path} is readable by other users; chmod 600 it (the key may have leaked)")


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment: event `seq` had MAC `mac` under key `key_id`."""

    seq: int
    key_id: str
    mac: str
    at: str
    valid: bool  # its signature checks out with the key it names


class AuditKeyring:
    """The audit chain's keys (the newest signs, all verify) and its checkpoint file.

    The key file is re-read when it changes on disk, so a `kiosk server rotate-audit-key` takes effect in a
    running hub at its next audit event.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.checkpoint_path = path.parent / CHECKPOINTS_NAME
        self._keys: dict[str, bytes] = {}
        self._current = ""
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._load()

    # -- keys ----------------------------------------------------------------------------------------------

    def _load(self) -> None:
        stat = self.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        _check_private(self.path)
        keys: dict[str, bytes] = {}
        current = ""
        for number, line in enumerate(self.path.read_text(encoding="ascii").splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            try:
                key_id, key = parts[0], base64.b64decode(parts[1], validate=True)
            except (IndexError, ValueError):
                raise KeyFileError(f"{self.path} line {number} is not '<id> <base64 key> <created>'") from None
            if len(key) < 32:
                raise KeyFileError(f"{self.path} line {number}: a key has at least 32 bytes")
            keys[key_id], current = key, key_id
        if not keys:
            raise KeyFileError(f"{self.path} holds no key")
        self._keys, self._current, self._stamp = keys, current, stamp

    def _refresh(self) -> None:
        with self._lock:
            self._load()

    @property
    def current_id(self) -> str:
        """The id of the key that signs new events."""
        self._refresh()
        return self._current

    @property
    def key_ids(self) -> list[str]:
        """Every key id, oldest first."""
        self._refresh()
        return list(self._keys)

    def has(self, key_id: str) -> bool:
        """True when this ring holds `key_id` (re-reading the file, for a key rotated by another process)."""
        self._refresh()
        return key_id in self._keys

    def mac(self, key_id: str, text: str) -> str:
        """HMAC-SHA256 of `text` under key `key_id`, hex (KeyError for an unknown key)."""
        return hmac.new(self._keys[key_id], text.encode("utf-8"), hashlib.sha256).hexdigest()

    # -- checkpoints ---------------------------------------------------------------------------------------

    def _checkpoint_text(self, seq: int, key_id: str, mac: str, at: str) -> str:
        return "\x1f".join(["checkpoint", str(seq), key_id, mac, at])

    def write_checkpoint(self, seq: int, key_id: str, mac: str, at: datetime) -> None:
        """Append the head (`seq`, its key and MAC) to the checkpoint file, signed with that event's key."""
        stamp = at.isoformat()
        signature = self.mac(key_id, self._checkpoint_text(seq, key_id, mac, stamp))
        _append_private(self.checkpoint_path, f"{seq} {key_id} {mac} {stamp} {signature}\n")

    def checkpoints(self) -> Iterator[Checkpoint]:
        """Every checkpoint in the file, in the order written (a malformed line counts as invalid)."""
        if not self.checkpoint_path.exists():
            return
        self._refresh()
        with self.checkpoint_path.open(encoding="ascii", errors="replace") as handle:
            for line in handle:
                parts = line.split()
                if not parts:
                    continue
                if len(parts) != 5 or not parts[0].isdigit():
                    yield Checkpoint(-1, "", "", "", valid=False)
                    continue
                seq, key_id, mac, at, signature = int(parts[0]), parts[1], parts[2], parts[3], parts[4]
                valid = key_id in self._keys and hmac.compare_digest(
                    self.mac(key_id, self._checkpoint_text(seq, key_id, mac, at)), signature
                )
                yield Checkpoint(seq, key_id, mac, at, valid)


def new_key_line(existing: int) -> str:
    """A key file line for a fresh 256-bit key; its id counts keys and adds randomness, so a key file lost and
    re-created never reuses an id that older events name."""
    key_id = f"k{existing + 1}-{secrets.token_hex(3)}"
    key = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    return f"{key_id} {key} {datetime.now(UTC).isoformat(timespec='seconds')}\n"


def create_key_file(path: Path) -> bool:
    """Create the key file with its first key unless it exists; True when created."""
    if path.exists():
        return False
    try:
        _create_private(path, new_key_line(0))
    except FileExistsError:  # another process created it first
        return False
    return True


def rotate(path: Path) -> str:
    """Append a new key to the key file (it signs from now on); the id of the new key."""
    ring = AuditKeyring(path)
    line = new_key_line(len(ring.key_ids))
    _append_private(path, line)
    return line.split()[0]


def pepper(folder: Path) -> bytes:
    """The pseudonym pepper of this hub (created on first use, 0600)."""
    path = folder / PEPPER_NAME
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            _create_private(path, base64.b64encode(secrets.token_bytes(32)).decode("ascii") + "\n")
    _check_private(path)
    return base64.b64decode(path.read_text(encoding="ascii").strip())


def pseudonym(secret: bytes, kind: str, value: str, length: int) -> str:
    """A keyed pseudonym of `value`: ``~`` and `length`-1 hex digits of HMAC-SHA256(pepper, kind:value).

    The same value always gives the same pseudonym (counts of repeat visitors still work); without the pepper a
    pseudonym cannot be reversed by hashing all 10^16 NIKs. The ``~`` marks it as a pseudonym: no identifier has one.
    """
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return "~" + digest[: length - 1]
