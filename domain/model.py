"""Users, their profiles, and the values they are made of."""

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from urllib.parse import urlsplit

from domain.errors import InvalidField, InvalidValue, Problem

PASSWORD_MIN = 8
PASSWORD_MAX = 1024


@dataclass(frozen=True)
class Username:
    """A name the UsernameRules accepted (docs/security.md), as it shows and in the two forms names compare in."""

    value: str
    """What it shows: the name as typed, in its normal form (NFC, full-width letters made ordinary)."""
    key: str
    """One name, one key: every spelling the rules treat as this name (capitals, full-width forms) has it."""
    skeleton: str
    """What it looks like (Unicode TR39): names that could be mistaken for one another have one skeleton.
    Two spellings of one name may have two (ALICE, alice): they share a key."""

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Email:
    """An address already checked by an EmailValidator; unique ignoring case."""

    value: str

    @property
    def key(self) -> str:
        return self.value.casefold()

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Password:
    """A plain password on its way to the hasher; never stored, never printed."""

    value: str = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.value) < PASSWORD_MIN:
            raise InvalidValue("password", Problem.PASSWORD_TOO_SHORT)
        if len(self.value) > PASSWORD_MAX:
            raise InvalidValue("password", Problem.PASSWORD_TOO_LONG)


@dataclass(frozen=True)
class PasswordHash:
    """What the PasswordHasher made of a password; opaque to everyone else."""

    value: str = field(repr=False)


@dataclass(frozen=True)
class Profile:
    """What a user tells about themselves; empty at registration, as in the tutorial."""

    headimg: str = ""
    site: str = ""
    job: str = ""
    signature: str = ""
    github: str = ""
    description: str = ""

    def problems(self) -> tuple[InvalidField, ...]:
        """Every field that breaks its rule, in the form's order: the head image is https (an https page shows
        no http image), the site http(s), github a GitHub user name, and every field has a bounded length."""
        return tuple(InvalidField(name, problem) for name in PROFILE_LIMITS if (problem := self._problem(name)))

    def _problem(self, name: str) -> Problem | None:
        value = getattr(self, name)
        if len(value) > PROFILE_LIMITS[name]:
            return Problem.TOO_LONG
        if name in WEB_ADDRESSES and value and not _web_address(value, WEB_ADDRESSES[name]):
            return Problem.URL_FORMAT
        if name == "github" and value and not GITHUB_NAME.fullmatch(value):
            return Problem.GITHUB_FORMAT
        return None

    def headimg_is_image(self) -> bool:
        """Whether the head image can be shown as one: an https address (one saved before that rule may be http)."""
        return _web_address(self.headimg, WEB_ADDRESSES["headimg"])


# The schemes each address field may use.
WEB_ADDRESSES = {"headimg": ("https",), "site": ("http", "https")}
PROFILE_LIMITS = {"headimg": 500, "site": 200, "job": 100, "signature": 200, "github": 39, "description": 2000}
GITHUB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def _web_address(text: str, schemes: tuple[str, ...]) -> bool:
    if any(c.isspace() or ord(c) < 0x20 for c in text):
        return False
    parts = urlsplit(text)
    return parts.scheme in schemes and bool(parts.hostname)


def new_user_id() -> str:
    return secrets.token_hex(12)


@dataclass(frozen=True)
class User:
    id: str
    username: Username
    email: Email
    password_hash: PasswordHash
    created_at: datetime
    profile: Profile = Profile()
    email_verified: bool = False
    """The person showed they read mail at `email` (by following a link mailed there, or an admin said so)."""
    language: str = "en_US"
    """The locale their mail is written in: the page's when they registered, then the one they last switched to."""
    two_step: bool = False
    """The user may have a second factor: set before one is stored and cleared after it is removed, so that a login
    reads the second factors of only those who may have one."""


@dataclass(frozen=True)
class Challenge:
    """A captcha challenge: the answer stays on the server, the client holds only the id."""

    id: str
    answer: str = field(repr=False)
    expires_at: datetime

    def accepts(self, attempt: str, now: datetime) -> bool:
        return now < self.expires_at and normalize_answer(attempt) == normalize_answer(self.answer)


def normalize_answer(text: str) -> str:
    return "".join(text.split()).casefold()


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Session:
    """A signed-in browser: the cookie carries only `id`, everything else stays on the server."""

    id: str
    user_id: str
    created_at: datetime
    last_seen: datetime
    expires_at: datetime
    agent: str = ""
    """The browser's User-Agent when the session began, cut to AGENT_MAX characters."""
    address: str = ""
    """The client's address when the session began."""

    @property
    def handle(self) -> str:
        return session_handle(self.id)


def session_handle(session_id: str) -> str:
    """What a page may show and send back to name a session: the id itself is the cookie's secret."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:20]


AGENT_MAX = 300


@dataclass(frozen=True)
class Device:
    """Who starts a session: their browser's User-Agent and their address, shown on the sessions page."""

    agent: str = ""
    address: str = ""


@dataclass(frozen=True)
class SessionPolicy:
    """A session ends after `idle` without a request, and `absolute` after it began, whichever comes first."""

    idle: timedelta
    absolute: timedelta
    # Recording every request would be a write per page; a minute's precision is enough.
    touch_after: timedelta = timedelta(minutes=1)

    def start(self, user_id: str, now: datetime, device: Device = Device()) -> Session:
        expires_at = self._expiry(now, now)
        return Session(new_session_id(), user_id, now, now, expires_at, device.agent[:AGENT_MAX], device.address)

    def renew(self, session: Session, now: datetime) -> Session | None:
        """The session as seen `now`: None when it has ended, the same one when nothing needs storing."""
        if now >= session.expires_at:
            return None
        if now - session.last_seen < self.touch_after:
            return session
        return replace(session, last_seen=now, expires_at=self._expiry(session.created_at, now))

    def _expiry(self, created_at: datetime, last_seen: datetime) -> datetime:
        return min(created_at + self.absolute, last_seen + self.idle)


@dataclass(frozen=True)
class LoginName:
    """The name typed to log in: a username, an email address, or neither; each has a failure counter of its own."""

    username: Username | None = None
    email: Email | None = None
    other: str = ""
    """What was typed, normalized, when it is neither a username nor an email address."""

    @staticmethod
    def read(
        typed: str,
        normalize_email: Callable[[str], Email | None],
        read_username: Callable[[str], Username | InvalidField],
    ) -> "LoginName":
        if "@" in typed:
            if (email := normalize_email(typed)) is not None:
                return LoginName(email=email)
        elif isinstance(username := read_username(typed), Username):
            return LoginName(username=username)
        return LoginName(other=typed.strip().casefold())

    @property
    def key(self) -> str:
        """The name's failure counter: the same for every spelling of one username or one email,
        and never dependent on whether anyone has that name, so a lock tells nothing about who exists."""
        if self.username is not None:
            name = f"username:{self.username.key}"
        elif self.email is not None:
            name = f"email:{self.email.key}"
        else:
            name = f"other:{self.other}"
        return "login:" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class InFlight:
    """A login attempt whose password is being checked: no verdict yet."""

    id: str
    started: datetime


@dataclass(frozen=True)
class Attempts:
    """Logins under one key (an account, a client address): the confirmed failures, and the attempts in flight."""

    key: str
    failures: int
    forget_at: datetime
    locked_until: datetime | None = None
    in_flight: tuple[InFlight, ...] = ()
    """Oldest first."""

    def place(self, attempt_id: str, abandoned_before: datetime) -> int:
        """The attempt's place among those in flight, 1 for the oldest; one started before `abandoned_before`
        lost its process on the way and is not counted. An attempt no longer here (cleared) is first."""
        live = [flight.id for flight in self.in_flight if flight.started >= abandoned_before]
        return live.index(attempt_id) + 1 if attempt_id in live else 1


class Leaving(Enum):
    """How an attempt leaves flight on one key."""

    WITHDRAWN = "withdrawn"
    """Nothing counted: its verdict was counted already (a failure), or it never had one."""
    SUCCEEDED = "succeeded"
    """Its password was right: every failure of the key is forgotten and any lock lifted."""


@dataclass(frozen=True)
class LoginLimits:
    """How many failures an account and a client address may have before they are refused for a while.

    Only confirmed failures count, so a lock, and the wait it announces, is always real. Attempts still being
    checked are counted apart: one is checked only while its place among them, added to the failures,
    stays within the limit; past it, it waits for those ahead of it (at most `in_flight_wait`).
    """

    account_failures: int = 5
    first_lock: timedelta = timedelta(minutes=1)
    longest_lock: timedelta = timedelta(hours=1)
    account_memory: timedelta = timedelta(days=1)
    client_failures: int = 20
    client_window: timedelta = timedelta(minutes=10)
    in_flight_wait: timedelta = timedelta(seconds=5)
    abandoned_after: timedelta = timedelta(seconds=30)
    """Far longer than any password check: an attempt in flight this long lost its process."""

    def account_lock(self, failures: int, now: datetime) -> datetime | None:
        """Until when an account with `failures` consecutive failures is refused: doubling from the fifth."""
        if failures < self.account_failures:
            return None
        doublings = min(failures - self.account_failures, 20)
        return now + min(self.first_lock * (1 << doublings), self.longest_lock)

    def refused_until(self, client: Attempts | None, account: Attempts | None, now: datetime) -> datetime | None:
        """Until when a login is refused outright, right password or not; None when it is not."""
        if client is not None and client.failures >= self.client_failures:
            return client.forget_at
        if account is not None and account.locked_until is not None and now < account.locked_until:
            return account.locked_until
        return None

    def admits(self, client: Attempts | None, account: Attempts | None, attempt_id: str, now: datetime) -> bool:
        """Whether the attempt may have its password checked now. Past an ended lock, one at a time."""
        abandoned_before = now - self.abandoned_after
        if client is not None and client.place(attempt_id, abandoned_before) > self.client_failures - client.failures:
            return False
        allowed = max(self.account_failures - account.failures, 1) if account is not None else 1
        return account is None or account.place(attempt_id, abandoned_before) <= allowed
