"""Users, their profiles, and the values they are made of."""

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import InvalidValue, Problem

USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,32}")
PASSWORD_MIN = 8
PASSWORD_MAX = 1024


@dataclass(frozen=True)
class Username:
    """3 to 32 letters, digits, `_`, `.` or `-`; two usernames that differ only in case are one."""

    value: str

    def __post_init__(self) -> None:
        if not USERNAME.fullmatch(self.value):
            raise InvalidValue("username", Problem.USERNAME_FORMAT)

    @property
    def key(self) -> str:
        return self.value.casefold()

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
