"""Second factors: an authenticator app's codes (TOTP, RFC 6238) and one-time recovery codes."""

import hashlib
import secrets
from dataclasses import dataclass

RECOVERY_CODE_COUNT = 10
# Lowercase letters and digits with none that a person could misread for another (0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_HALF = 5
"""Characters on each side of a recovery code's dash: 10 of 31, about 50 bits."""


@dataclass(frozen=True)
class Totp:
    """An authenticator app's secret as stored, and the last code it accepted."""

    sealed_secret: bytes
    """The base32 secret, sealed by a SecretBox: a copy of the database does not give the codes away."""
    last_step: int = -1
    """The time step (Unix time // 30) of the last code accepted: a code, and any older one, never works again."""


@dataclass(frozen=True)
class Factors:
    """A user's second factors."""

    user_id: str
    totp: Totp | None = None
    recovery: tuple[str, ...] = ()
    """The recovery_digest of each recovery code not used yet."""


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """A new set of recovery codes, as the person is shown them once: "abcde-fghjk"."""

    def half() -> str:
        return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_HALF))

    return [f"{half()}-{half()}" for _ in range(count)]


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code; a code typed in capitals, with spaces or without its dash is the same."""
    typed = "".join(c for c in code.casefold() if c not in " -\t")
    return hashlib.sha256(typed.encode("utf-8", "surrogatepass")).hexdigest()
