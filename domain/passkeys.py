"""Passkeys (WebAuthn credentials): a key pair on the person's device that signs each sign-in, both factors at once."""

import base64
import binascii
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.links import LinkPolicy

PASSKEY_ADD = "passkey-add"
"""A challenge given to a signed-in user's browser to make a passkey with."""
PASSKEY_SIGN_IN = "passkey"
"""A challenge given to any browser to sign in with a passkey: whose it is, the passkey says."""
NAME_LIMIT = 64

# A challenge is the 32 random bytes of a token's secret: stored only as its hash, taken once, for five minutes.
ADD_CHALLENGES = LinkPolicy(PASSKEY_ADD, valid_for=timedelta(minutes=5))
SIGN_IN_CHALLENGES = LinkPolicy(PASSKEY_SIGN_IN, valid_for=timedelta(minutes=5))


@dataclass(frozen=True)
class Credential:
    """What a verified registration gives: the credential's id, its public key (COSE) and its signature counter."""

    id: bytes
    public_key: bytes
    sign_count: int


@dataclass(frozen=True)
class Assertion:
    """What a browser's answer says before it is verified: which credential, and which challenge it signed."""

    credential_id: bytes
    challenge: str
    """base64url without padding, as the browser's clientDataJSON has it: the challenge token's secret."""


@dataclass(frozen=True)
class Passkey:
    id: bytes
    user_id: str
    public_key: bytes
    sign_count: int
    name: str
    added_at: datetime
    last_used_at: datetime | None = None

    @property
    def handle(self) -> str:
        """The id as a form or a page names it."""
        return encode(self.id)

    def used(self, sign_count: int, now: datetime) -> "Passkey":
        return replace(self, sign_count=sign_count, last_used_at=now)


def counter_moves(stored: int, new: int) -> bool:
    """Whether a sign-in's counter may follow the stored one: it grows, or the authenticator keeps none (both 0).
    A counter that stands still or goes back means a copy of the key is in use somewhere (WebAuthn §6.1.1)."""
    return new > stored or new == stored == 0


def challenge_bytes(secret: str) -> bytes:
    return base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))


def encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode(handle: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(handle.encode("ascii") + b"=" * (-len(handle) % 4))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return None
