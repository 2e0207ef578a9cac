"""The closed set of outcomes the use cases return; expected outcomes are values, not exceptions."""

from dataclasses import dataclass

from domain.errors import Problem
from domain.model import Session, User


@dataclass(frozen=True)
class Created:
    user: User


@dataclass(frozen=True)
class Registered:
    user: User
    session: Session


@dataclass(frozen=True)
class LoggedIn:
    user: User
    session: Session


@dataclass(frozen=True)
class TooManyAttempts:
    """Too many failures for this account or from this client: refused for a while, right password or not."""

    retry_after: int
    """Seconds until an attempt may be made again."""


@dataclass(frozen=True)
class LoggedOut:
    pass


@dataclass(frozen=True)
class ProfileUpdated:
    user: User


@dataclass(frozen=True)
class NotSignedIn:
    pass


@dataclass(frozen=True)
class Imported:
    user: User
    dropped: tuple[str, ...] = ()  # the profile fields left empty: meet refuses what the tutorial had there


@dataclass(frozen=True)
class AlreadyImported:
    pass


@dataclass(frozen=True)
class UnknownUser:
    pass


@dataclass(frozen=True)
class PasswordSet:
    user: User


@dataclass(frozen=True)
class Unlocked:
    user: User


@dataclass(frozen=True)
class UsernameTaken:
    pass


@dataclass(frozen=True)
class EmailTaken:
    pass


@dataclass(frozen=True)
class CaptchaWrong:
    pass


@dataclass(frozen=True)
class InvalidField:
    """A field's value was refused before anything was looked up or stored."""

    field: str
    problem: Problem


@dataclass(frozen=True)
class InvalidCredentials:
    """Unknown user or wrong password: deliberately one outcome."""

    locked: bool = False
    """This failure locked the name for a while (for the logs; the visitor sees the same page)."""


Conflict = UsernameTaken | EmailTaken
CreateResult = Created | InvalidField | UsernameTaken | EmailTaken
RegisterResult = Registered | InvalidField | CaptchaWrong | UsernameTaken | EmailTaken
LoginResult = LoggedIn | InvalidCredentials | TooManyAttempts
UpdateProfileResult = ProfileUpdated | InvalidField | NotSignedIn
SetPasswordResult = PasswordSet | InvalidField | UnknownUser
UnlockResult = Unlocked | UnknownUser
ImportResult = Imported | AlreadyImported | InvalidField | UsernameTaken | EmailTaken
