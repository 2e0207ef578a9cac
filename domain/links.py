"""Links sent by mail: a secret only the mail holds, stored as its hash, and the limits on asking for one."""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from domain.model import Email, PasswordHash, User

RESET = "reset"
VERIFY = "verify"
RESEND = "resend"
"""A login refused for an unverified address carries one: it asks for the link again without a session."""
CHANGE_EMAIL = "email"
"""Mailed to a new address: following it makes it the user's."""
SECOND_STEP = "2fa"
"""Held by the browser whose password was right, for a user with a second factor: the sign-in it has begun."""


def digest(secret: str) -> str:
    """What is stored of a link's secret: a copy of the database does not give a working link away."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def password_stamp(hashed: PasswordHash, email: Email) -> str:
    """Changes whenever the password hash or the address does, so a reset link issued before either changed
    stops working (one mailed to an old address above all)."""
    both = f"{hashed.value}\n{email.key}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(both).hexdigest()[:32]


def email_stamp(email: Email) -> str:
    """Changes whenever the address does, so a link mailed to an old address stops working."""
    return hashlib.sha256(email.key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def stamp(purpose: str, user: User) -> str:
    """What must not have changed since a link was made: the address, and for a reset or a sign-in's second step
    the password too."""
    if purpose in (RESET, SECOND_STEP):
        return password_stamp(user.password_hash, user.email)
    return email_stamp(user.email)


@dataclass(frozen=True)
class Token:
    """A mailed link as stored: the SHA-256 of its secret, whose it is, and until when it works."""

    digest: str
    purpose: str
    """What the link does (RESET, VERIFY, RESEND): a link made for one thing never does another."""
    user_id: str
    """Empty for a link that belongs to nobody (a reset asked for an address no one has)."""
    stamp: str
    """The user's `stamp` for the purpose when the link was made."""
    expires_at: datetime
    email: str = ""
    """The new address, for a CHANGE_EMAIL link."""

    def works_for(self, purpose: str, user: User, now: datetime) -> bool:
        return (
            purpose == self.purpose
            and now < self.expires_at
            and user.id == self.user_id
            and stamp(purpose, user) == self.stamp
        )


@dataclass(frozen=True)
class LinkPolicy:
    """How long a kind of link works, and how often one may be asked for, per address and per client."""

    purpose: str
    valid_for: timedelta
    window: timedelta = timedelta(hours=1)
    per_address: int = 3
    per_client: int = 10

    def issue(self, user: User | None, now: datetime, email: Email | None = None) -> tuple[str, Token]:
        """A new link's secret (256 random bits) and what is stored of it; for nobody when `user` is None.
        `email`: the new address a CHANGE_EMAIL link makes the user's."""
        secret = secrets.token_urlsafe(32)
        expires_at = now + self.valid_for
        if user is None:
            return secret, Token(digest(secret), self.purpose, "", "", expires_at)
        new = email.value if email else ""
        return secret, Token(digest(secret), self.purpose, user.id, stamp(self.purpose, user), expires_at, new)

    def window_ends(self, now: datetime) -> datetime:
        """The end of the fixed window `now` falls in: requests are counted per window."""
        size = self.window.total_seconds()
        return datetime.fromtimestamp((math.floor(now.timestamp() / size) + 1) * size, UTC)

    def limits(self, email: Email, client: str) -> list[tuple[str, int]]:
        """Each request counter a request for a link counts against, and how many a window it allows."""
        return [(self.client_key(client), self.per_client), (self.address_key(email), self.per_address)]

    def address_key(self, email: Email) -> str:
        """The address's request counter: a hash, so the counters do not list who asked about which address."""
        return f"{self.purpose}:email:" + hashlib.sha256(email.key.encode("utf-8", "surrogatepass")).hexdigest()

    def client_key(self, client: str) -> str:
        return f"{self.purpose}:client:{client}"


RESET_LINKS = LinkPolicy(RESET, valid_for=timedelta(hours=1))
VERIFY_LINKS = LinkPolicy(VERIFY, valid_for=timedelta(days=3))
# Lives as long as the person may take to open their mail after a refused login; asking counts as VERIFY_LINKS.
RESEND_LINKS = LinkPolicy(RESEND, valid_for=timedelta(minutes=15))
EMAIL_LINKS = LinkPolicy(CHANGE_EMAIL, valid_for=timedelta(days=1))
# Never mailed: a cookie carries it from the password to the second factor. Wrong codes count as logins do.
SECOND_STEPS = LinkPolicy(SECOND_STEP, valid_for=timedelta(minutes=5))


class EmailVerification(Enum):
    """MEET_EMAIL_VERIFICATION: whether a new address is sent a link, and whether it must be followed to sign in."""

    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"

    def asks(self, user: User) -> bool:
        """Whether `user` is sent a link to verify their address."""
        return self is not EmailVerification.OFF and not user.email_verified

    def admits(self, user: User) -> bool:
        """Whether `user` may sign in."""
        return self is not EmailVerification.MANDATORY or user.email_verified
