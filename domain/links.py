"""Links sent by mail: a secret only the mail holds, stored as its hash, and the limits on asking for one."""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.model import Email, PasswordHash, User

RESET = "reset"


def digest(secret: str) -> str:
    """What is stored of a link's secret: a copy of the database does not give a working link away."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def password_stamp(hashed: PasswordHash) -> str:
    """Changes whenever the password hash does, so a link issued before a password change stops working."""
    return hashlib.sha256(hashed.value.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Token:
    """A mailed link as stored: the SHA-256 of its secret, whose it is, and until when it works."""

    digest: str
    purpose: str
    """What the link does ("reset"): a link made for one thing never does another."""
    user_id: str
    """Empty for a link that belongs to nobody (a reset asked for an address no one has)."""
    stamp: str
    """The user's password_stamp when the link was made."""
    expires_at: datetime

    def works_for(self, purpose: str, user: User, now: datetime) -> bool:
        return (
            purpose == self.purpose
            and now < self.expires_at
            and user.id == self.user_id
            and password_stamp(user.password_hash) == self.stamp
        )


@dataclass(frozen=True)
class ResetPolicy:
    """How long a password reset link works, and how often one may be asked for, per address and per client."""

    valid_for: timedelta = timedelta(hours=1)
    window: timedelta = timedelta(hours=1)
    per_address: int = 3
    per_client: int = 10

    def issue(self, user: User | None, now: datetime) -> tuple[str, Token]:
        """A new link's secret (256 random bits) and what is stored of it; for nobody when `user` is None."""
        secret = secrets.token_urlsafe(32)
        if user is None:
            return secret, Token(digest(secret), RESET, "", "", now + self.valid_for)
        return secret, Token(digest(secret), RESET, user.id, password_stamp(user.password_hash), now + self.valid_for)

    def window_ends(self, now: datetime) -> datetime:
        """The end of the fixed window `now` falls in: requests are counted per window."""
        size = self.window.total_seconds()
        return datetime.fromtimestamp((math.floor(now.timestamp() / size) + 1) * size, UTC)

    @staticmethod
    def address_key(email: Email) -> str:
        """The address's request counter: a hash, so the counters do not list who asked about which address."""
        return "reset:email:" + hashlib.sha256(email.key.encode("utf-8", "surrogatepass")).hexdigest()

    @staticmethod
    def client_key(client: str) -> str:
        return f"reset:client:{client}"
