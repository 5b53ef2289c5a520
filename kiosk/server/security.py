"""Secrets of the hub: argon2 password hashes and bearer tokens stored only as hashes.

Tokens are random (256 bits) and the database keeps only their sha256, so a copy of the database lets nobody
log in. User tokens start with ``u_`` and booth device tokens with ``b_``: the prefix says which table to look
in, and makes a leaked token easy to recognise.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

USER_TOKEN_PREFIX = "u_"
BOOTH_TOKEN_PREFIX = "b_"
#: An online participant's web session (kept in an HttpOnly cookie, never in a URL).
PARTICIPANT_TOKEN_PREFIX = "p_"

_hasher = PasswordHasher()
#: Verified against when the user does not exist, so a login takes as long for a wrong name as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; always does the work of one verification (no timing oracle)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    """A fresh bearer token with its kind's prefix."""
    return prefix + secrets.token_urlsafe(32)


def new_id(prefix: str) -> str:
    """A random public id such as ``s-3f9c2a7d41b0e6c8``."""
    return f"{prefix}-{secrets.token_hex(8)}"


def token_hash(token: str) -> str:
    """What the database stores of a token (or of an enrollment code)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
