"""What the use cases need from the outside world, as typing.Protocols adapters satisfy without inheriting.

Any method may raise domain.errors.StorageUnavailable when its storage does not answer in time.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from domain.errors import InvalidField
from domain.factors import Factors, Totp
from domain.links import Token
from domain.mail import Letter, Message
from domain.model import Attempts, Challenge, Email, Leaving, PasswordHash, Session, User, Username
from domain.passkeys import Assertion, Credential, Passkey
from domain.results import Conflict, EmailTaken


class UserRepository(Protocol):
    """Stores users; guarantees emails unique ignoring case, and usernames unique by key and by skeleton."""

    async def add(self, user: User) -> Conflict | None:
        """Store a new user, or say which unique field is taken and store nothing (either, when both are):
        a username whose key another has is taken; one whose skeleton another has is a lookalike."""
        ...

    async def get(self, user_id: str) -> User | None: ...

    async def by_username(self, username: Username) -> User | None: ...

    async def by_email(self, email: Email) -> User | None: ...

    async def update(self, user: User) -> None:
        """Replace a stored user's password hash and profile; the rest stays."""
        ...

    async def set_language(self, user_id: str, language: str) -> None:
        """Change only the user's language, so that a switch never writes back a stale password hash."""
        ...

    async def set_two_step(self, user_id: str, on: bool) -> None:
        """Change only the user's `two_step` mark."""
        ...

    async def change_email(self, user_id: str, old: Email, new: Email) -> bool | EmailTaken:
        """Give the user the address `new`, verified, only while their address is still `old` (ignoring case):
        True when it changed, False when the user or `old` is gone, EmailTaken when another user has `new`."""
        ...

    async def mark_verified(self, user_id: str, email: Email) -> bool:
        """Mark the user's address verified, only while it is still `email` (ignoring case); False when it is not."""
        ...

    async def delete(self, user_id: str) -> None:
        """Remove a user: their username and email are free again at once."""
        ...

    async def all(self) -> list[User]:
        """Every user, oldest first."""
        ...


class Database(Protocol):
    """The storage as a whole: opened before serving, closed after, pinged by health checks."""

    async def open(self) -> None:
        """Prepare what the adapters rely on (indexes); safe to run at every start."""
        ...

    async def close(self) -> None: ...

    async def ping(self) -> bool:
        """True when the storage answers now."""
        ...


class PasswordHasher(Protocol):
    """Turns passwords into hashes and checks them, without blocking the event loop."""

    async def hash(self, password: str) -> PasswordHash: ...

    async def verify(self, password: str, hashed: PasswordHash | None) -> bool:
        """True when `password` made `hashed`; None costs one check against a dummy hash and is False."""
        ...

    def needs_rehash(self, hashed: PasswordHash) -> bool:
        """True when `hashed` was made more cheaply than hashes are made now, or is an adopted legacy hash."""
        ...


class LegacyHashAdopter(Protocol):
    """Takes in the tutorial's md5 hashes as hashes the PasswordHasher verifies and asks to replace."""

    async def adopt(self, md5_hex: str, site_secret: str) -> PasswordHash:
        """A hash for a password the tutorial stored as md5(password + site secret): it verifies the same
        password, and needs_rehash says to replace it at the next login."""
        ...


class UsernameRules(Protocol):
    """Turns typed text into a Username or says why not."""

    def read(self, typed: str) -> Username | InvalidField:
        """The username, with its key and skeleton, or the "username" field refused and why."""
        ...


class EmailValidator(Protocol):
    """Decides whether a string is an email address a user could receive mail at."""

    def normalize(self, raw: str) -> Email | None:
        """The address in its normal form, or None when it is not a valid address."""
        ...


class CaptchaGenerator(Protocol):
    """Makes captcha answers and renders them for a person to solve: drawn, or spoken."""

    media_type: str
    """What render makes: "image/png", "audio/wav"."""

    def new_answer(self) -> str:
        """A random answer, of characters that cannot be mistaken for one another in this medium."""
        ...

    async def render(self, answer: str) -> bytes:
        """`answer` in this generator's medium, rendered without blocking the event loop."""
        ...


class ChallengeStore(Protocol):
    """Keeps captcha challenges on the server until they are used once or expire."""

    async def add(self, challenge: Challenge) -> None: ...

    async def take(self, challenge_id: str) -> Challenge | None:
        """Remove and return the challenge, so no answer is ever checked twice; None once it has expired."""
        ...


class SessionStore(Protocol):
    """Server-side sessions, shared by every meet process on the same storage."""

    async def put(self, session: Session) -> None:
        """Store a new session, or replace the stored one with the same id."""
        ...

    async def get(self, session_id: str) -> Session | None:
        """The session, or None when there is none or it has expired."""
        ...

    async def renew(self, session: Session) -> None:
        """Store a session's new `last_seen` and `expires_at`, only while it is stored: a session ended meanwhile
        (logged out, ended from another browser) stays ended."""
        ...

    async def delete(self, session_id: str) -> None: ...

    async def for_user(self, user_id: str) -> list[Session]:
        """Every session of one user that has not expired, oldest first."""
        ...

    async def delete_for_user(self, user_id: str, keep: str | None = None) -> None:
        """End every session of one user (their password changed), except the one `keep` names."""
        ...


class AttemptStore(Protocol):
    """Logins per key (an account, a client address): confirmed failures and the attempts in flight,
    shared by every meet process on the same storage. Every change is atomic for each key it touches;
    the methods taking several keys exist so that a login asks the storage once, not once per key."""

    async def get_many(self, keys: list[str]) -> dict[str, Attempts | None]:
        """Each key's record, None when there is none or it has been forgotten."""
        ...

    async def begin(
        self, attempt_id: str, now: datetime, keep: Mapping[str, datetime], known: Mapping[str, Attempts | None]
    ) -> dict[str, Attempts]:
        """Put the attempt in flight, last, on each key of `keep`, keeping its record at least until the key's
        date; each record with the attempt in flight, as it was right after or as read a moment later.
        `known` is what the caller last read of the records (get_many): a store that cannot return what it
        writes may use it to tell the records after without asking again while they are still what was read;
        the outcome never depends on it being right."""
        ...

    async def fail(self, key: str, attempt_id: str, now: datetime, forget_at: datetime) -> Attempts:
        """Count one more failure (the attempt stays in flight until it leaves), and keep the record at least
        until `forget_at`; the record after."""
        ...

    async def leave(self, attempt_id: str, now: datetime, leaving: Mapping[str, Leaving]) -> None:
        """Take the attempt out of flight on each key, each as `leaving` says. A record left with no failure
        and nothing in flight is forgotten (as of `now`)."""
        ...

    async def claim_lock(self, key: str, now: datetime, until: datetime) -> bool:
        """Lock the key until `until`, unless it is locked past `now`: True when this call locked it."""
        ...

    async def clear(self, key: str) -> None: ...


class Clock(Protocol):
    """The current time, timezone-aware UTC, to the millisecond: what every storage keeps."""

    def now(self) -> datetime: ...


class Mailer(Protocol):
    """Hands one message to a mail server; raises domain.mail.MailUnavailable when it cannot."""

    async def send(self, message: Message) -> None: ...


class Outbox(Protocol):
    """Mail waiting to be sent, shared by every meet process on the same storage: each letter is claimed by
    one sender at a time, so it is sent once however many processes deliver."""

    async def add(self, letter: Letter) -> None: ...

    async def claim(self, now: datetime, until: datetime) -> Letter | None:
        """Atomically take one letter due by `now` (its `next_try` passed, and not held by a live claim),
        oldest first, and hold it until `until`; None when none is due."""
        ...

    async def sent(self, letter_id: str) -> None:
        """Remove a delivered letter."""
        ...

    async def retry(self, letter: Letter) -> None:
        """Put back a claimed letter as given (its tries and next try), released from its claim."""
        ...

    async def drop_to(self, address: str, queued_by: datetime) -> int:
        """Remove every letter to `address` (ignoring case) queued by `queued_by` (its account was deleted then;
        a later letter is for whoever has the address now); how many."""
        ...


class MailWriter(Protocol):
    """Writes a mail from its template in one of meet's languages (an unknown one is English)."""

    def write(self, template: str, language: str, to: str, **values: str) -> Message: ...


class TokenStore(Protocol):
    """Mailed links' tokens until they are used once or expire; shared by every meet process on the storage."""

    async def add(self, token: Token) -> None: ...

    async def get(self, digest: str) -> Token | None:
        """The token, or None when there is none or it has expired."""
        ...

    async def take(self, digest: str) -> Token | None:
        """Remove and return the token, so a link works once even when two requests race; None as for get."""
        ...

    async def delete_for_user(self, user_id: str) -> None: ...


class RequestCounter(Protocol):
    """Counts requests per key in fixed windows, for limits shared by every meet process on the storage."""

    async def count(self, key: str, window_ends: datetime) -> int:
        """Count one more request under `key` in the window ending at `window_ends`; how many there are now."""
        ...


class FactorStore(Protocol):
    """Each user's second factors, shared by every meet process on the same storage; each change is atomic."""

    async def get(self, user_id: str) -> Factors | None:
        """The user's factors, or None when they have none."""
        ...

    async def turn_on(self, user_id: str, totp: Totp, recovery: tuple[str, ...]) -> None:
        """Give the user an authenticator app and a new set of recovery codes, replacing any they had."""
        ...

    async def accept_step(self, user_id: str, step: int) -> bool:
        """Record `step` as the last accepted code's, only when it is later than the last one: True when it was."""
        ...

    async def use_recovery_code(self, user_id: str, digest: str) -> bool:
        """Remove one unused recovery code: True when it was there (of two racing with one code, one is)."""
        ...

    async def replace_recovery_codes(self, user_id: str, recovery: tuple[str, ...]) -> None:
        """A new set of recovery codes: the old ones stop working."""
        ...

    async def delete(self, user_id: str) -> None:
        """Remove every second factor of the user."""
        ...


class Authenticator(Protocol):
    """An authenticator app's codes (TOTP, RFC 6238: six digits, a new one every 30 seconds)."""

    def new_secret(self) -> str:
        """A new random secret, base32, as the person types it into their app."""
        ...

    def uri(self, secret: str, account: str, issuer: str) -> str:
        """The otpauth:// address a QR code carries, for an app to read the secret from."""
        ...

    def step_of(self, secret: str, code: str, now: datetime) -> int | None:
        """The time step whose code `code` is, within one step of `now` either way (clocks drift); None when none."""
        ...


class SecretBox(Protocol):
    """Seals the secrets meet must read back (an authenticator's), with a key only the server holds."""

    def seal(self, secret: str) -> bytes: ...

    def open(self, sealed: bytes) -> str | None:
        """The secret, or None when it was not sealed with this key (or was changed since)."""
        ...


class PasskeyStore(Protocol):
    """Each user's passkeys under their credential ids, unique across users; shared by every meet process."""

    async def add(self, passkey: Passkey) -> bool:
        """Store a new passkey; False (storing nothing) when one with its id is stored already."""
        ...

    async def get(self, credential_id: bytes) -> Passkey | None: ...

    async def for_user(self, user_id: str) -> list[Passkey]:
        """The user's passkeys, oldest first."""
        ...

    async def used(self, credential_id: bytes, sign_count: int, now: datetime) -> bool:
        """Record a sign-in with the passkey: its new counter and when. Atomic, and only while the stored counter
        lets `sign_count` follow it (domain.passkeys.counter_moves); False when it did not, or the passkey is gone."""
        ...

    async def remove(self, user_id: str, credential_id: bytes) -> Passkey | None:
        """Remove one of the user's passkeys; the one removed, or None when the user has no such passkey."""
        ...

    async def delete_for_user(self, user_id: str) -> None: ...


class Ceremonies(Protocol):
    """The WebAuthn ceremonies for this site (its relying party id and origin): the options a browser is given,
    and the checks of what it answers. A passkey must be discoverable and must verify the person (PIN, biometrics)."""

    def registration_options(self, user: User, challenge: bytes, existing: list[bytes]) -> str:
        """For navigator.credentials.create(), as JSON; `existing`: the user's credential ids, not to be made twice."""
        ...

    def registered(self, answer: str, challenge: bytes) -> Credential | None:
        """The new credential in the browser's answer, or None unless it is well formed and made for this site,
        this challenge, with the person verified."""
        ...

    def authentication_options(self, challenge: bytes) -> str:
        """For navigator.credentials.get(), as JSON: any of this site's passkeys may answer."""
        ...

    def read(self, answer: str) -> Assertion | None:
        """Which credential and challenge an answer names, unverified; None when it is not an answer at all."""
        ...

    def authenticated(self, answer: str, challenge: bytes, passkey: Passkey) -> int | None:
        """The passkey's new signature counter when the answer is its signature for this site and this challenge,
        with the person verified and the counter moving on from the stored one; None otherwise."""
        ...
