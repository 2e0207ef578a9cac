"""Why a value was refused: raised by value objects, returned by use cases as results."""

from dataclasses import dataclass
from enum import Enum


class Problem(Enum):
    USERNAME_FORMAT = "username_format"
    USERNAME_MIXED_SCRIPTS = "username_mixed_scripts"
    EMAIL_FORMAT = "email_format"
    EMAIL_UNCHANGED = "email_unchanged"
    PASSWORD_TOO_SHORT = "password_too_short"  # noqa: S105 (the name of a problem, not a password)
    PASSWORD_TOO_LONG = "password_too_long"  # noqa: S105 (the name of a problem, not a password)
    PASSWORD_COMMON = "password_common"  # noqa: S105 (the name of a problem, not a password)
    PASSWORD_IS_NAME = "password_is_name"  # noqa: S105 (the name of a problem, not a password)
    PASSWORD_MISMATCH = "password_mismatch"  # noqa: S105 (the name of a problem, not a password)
    PASSWORD_WRONG = "password_wrong"  # noqa: S105 (the name of a problem, not a password)
    URL_FORMAT = "url_format"
    LEGACY_HASH_FORMAT = "legacy_hash_format"
    GITHUB_FORMAT = "github_format"
    TOO_LONG = "too_long"
    CAPTCHA_WRONG = "captcha_wrong"
    CODE_WRONG = "code_wrong"


class StorageUnavailable(Exception):
    """The storage did not answer in time; nothing was stored. Not an outcome: the page answers 503."""


class InvalidValue(ValueError):
    """A value object refused its input; `field` names the form field it came from."""

    def __init__(self, field: str, problem: Problem) -> None:
        super().__init__(f"{field}: {problem.value}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class InvalidField:
    """One field's value refused before anything was looked up or stored."""

    field: str
    problem: Problem
