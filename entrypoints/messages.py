"""What meet says about each outcome, in English; a page translates it by its locale (zh_CN.csv), the CLI prints it.

One rule for the key (`key`): a refused field is "field:problem", any other outcome is its result's class name.
One behaviour for a key with no message (`text`): a general sentence, logged as a warning; a test keeps every
Problem, on every field it can occur on, and every outcome here, in both languages.
"""

import logging
from math import ceil

from domain.errors import InvalidField, Problem
from domain.results import (
    AccountDeleted,
    AlreadyVerified,
    AwaitingVerification,
    EmailChanged,
    EmailChangeRequested,
    EmailTaken,
    EmailVerified,
    InvalidCredentials,
    InvalidLink,
    LoggedIn,
    LoggedOut,
    NoSuchPasskey,
    NotVerified,
    PasskeyAdded,
    PasskeyRefused,
    PasskeyRemoved,
    PasswordChanged,
    PasswordReset,
    ProfileUpdated,
    RecoveryCodesMade,
    Registered,
    ResetRequested,
    SessionsEnded,
    SignInExpired,
    TooManyAttempts,
    TotpEnabled,
    TwoFactorNotOn,
    TwoFactorOff,
    UsernameLookalike,
    UsernameTaken,
    VerificationSent,
)

log = logging.getLogger("meet.messages")

Outcome = (
    InvalidField
    | UsernameTaken
    | UsernameLookalike
    | EmailTaken
    | InvalidCredentials
    | TooManyAttempts
    | Registered
    | LoggedIn
    | LoggedOut
    | ProfileUpdated
    | ResetRequested
    | InvalidLink
    | PasswordReset
    | PasswordChanged
    | AwaitingVerification
    | NotVerified
    | EmailVerified
    | VerificationSent
    | AlreadyVerified
    | SessionsEnded
    | AccountDeleted
    | EmailChangeRequested
    | EmailChanged
    | SignInExpired
    | TotpEnabled
    | RecoveryCodesMade
    | TwoFactorOff
    | TwoFactorNotOn
    | PasskeyAdded
    | PasskeyRefused
    | PasskeyRemoved
    | NoSuchPasskey
)

FIELD_PROBLEMS: dict[tuple[str, Problem], str] = {
    ("username", Problem.USERNAME_FORMAT): (
        "A username is 1 to 32 letters or digits of any language, '_', '.' or '-', with no spaces or symbols."
    ),
    ("username", Problem.USERNAME_MIXED_SCRIPTS): (
        "A username keeps to one script: not Latin and Cyrillic letters together, say; "
        "Chinese, Japanese and Korean may mix with Latin."
    ),
    ("email", Problem.EMAIL_FORMAT): "That is not a valid email address.",
    ("email", Problem.EMAIL_UNCHANGED): "That is already your address.",
    ("captcha", Problem.CAPTCHA_WRONG): "The captcha was wrong or has expired; try the new one.",
    ("code", Problem.CODE_WRONG): "That code is not right; your app shows a new one every 30 seconds.",
    ("password", Problem.PASSWORD_TOO_SHORT): "A password needs at least 8 characters.",
    ("password", Problem.PASSWORD_TOO_LONG): "A password can be at most 1024 characters.",
    ("password", Problem.PASSWORD_COMMON): "That password is one of the most common ones; choose another.",
    ("password", Problem.PASSWORD_IS_NAME): "A password cannot be your username or email address.",
    ("current_password", Problem.PASSWORD_WRONG): "That is not your current password.",
    ("password_confirm", Problem.PASSWORD_MISMATCH): "The two passwords differ; type the same one twice.",
    ("password", Problem.LEGACY_HASH_FORMAT): "The stored password is not an md5 hash.",
    ("headimg", Problem.URL_FORMAT): "The head image must be an https address.",
    ("site", Problem.URL_FORMAT): "The site must be an http or https address.",
    ("github", Problem.GITHUB_FORMAT): "That is not a GitHub user name.",
    ("name", Problem.TOO_LONG): "A passkey's name can be at most 64 characters.",
    ("headimg", Problem.TOO_LONG): "The head image address is too long.",
    ("site", Problem.TOO_LONG): "The site address is too long.",
    ("job", Problem.TOO_LONG): "The job can be at most 100 characters.",
    ("signature", Problem.TOO_LONG): "The signature can be at most 200 characters.",
    ("github", Problem.TOO_LONG): "That is not a GitHub user name.",
    ("description", Problem.TOO_LONG): "The description can be at most 2000 characters.",
}

OUTCOMES: dict[str, str] = {
    "UsernameTaken": "That username is already taken.",
    "UsernameLookalike": "That username looks too much like an existing one; choose another.",
    "EmailTaken": "That email address is already registered.",
    "InvalidCredentials": "Wrong username or password.",
    "TooManyAttempts": "Too many attempts; try again in {wait}.",
    "Registered": "Welcome to meet, {username}.",
    "LoggedIn": "Welcome back, {username}.",
    "LoggedOut": "You are signed out.",
    "ProfileUpdated": "Your profile is saved.",
    "ResetRequested": (
        "A link to choose a new password is on its way to that address; it works for an hour. "
        "If no mail comes, check the address and your spam folder."
    ),
    "InvalidLink": "That link has expired or been used already; ask for a new one.",
    "PasswordReset": "Your new password is saved, {username}; every other sign-in has ended.",
    "PasswordChanged": "Your password is changed; every other sign-in has ended.",
    "AwaitingVerification": (
        "Welcome to meet, {username}. A link to confirm your address is on its way to {email}; follow it, then log in."
    ),
    "NotVerified": (
        "Your address is not confirmed yet: follow the link we mailed to it, then log in. "
        "No mail? We can send it again."
    ),
    "EmailVerified": "Your address {email} is confirmed.",
    "VerificationSent": "A new link to confirm your address is on its way to {email}; it works for three days.",
    "AlreadyVerified": "Your address is already confirmed.",
    "SessionsEnded": "Sign-ins ended: {count}.",
    "AccountDeleted": "Your account is deleted. Goodbye.",
    "EmailChangeRequested": (
        "A link to confirm {email} is on its way to it; your address changes when the link is followed."
    ),
    "EmailChanged": "Your address is now {email}; the old one has been told.",
    "TotpEnabled": "Two-step sign-in is on; your address has been told.",
    "RecoveryCodesMade": "Here is your new set of recovery codes; the old ones no longer work.",
    "TwoFactorOff": "Two-step sign-in is off; your address has been told.",
    "TwoFactorNotOn": "Two-step sign-in is not on.",
    "SignInExpired": "That sign-in has expired or was finished already; log in again.",
    "NotSignedIn": "Sign in first: there is no session, or it has ended.",
    "PasskeyAdded": "Your passkey “{name}” is added; your address has been told.",
    "PasskeyRefused": "That passkey was not accepted; try again, or use your password.",
    "PasskeyRemoved": "Your passkey “{name}” is removed; your address has been told.",
    "NoSuchPasskey": "That passkey was removed already.",
    # Several fields refused at once: each says why beside it.
    "InvalidFields": "Some fields need another look; each says why below.",
}

# What a form says under a field before anyone gets it wrong.
HINTS: dict[str, str] = {
    "username": (
        "1 to 32 letters or digits of any language, '_', '.' or '-'; "
        "capitals and full-width forms do not make a name different."
    ),
    "password": "At least 8 characters; not a common password, nor your username or email.",
}

# How long to wait, in words: (singular, plural) of each unit, the count filling {n}.
WAIT_UNITS = {
    1: ("{n} second", "{n} seconds"),
    60: ("{n} minute", "{n} minutes"),
    3600: ("{n} hour", "{n} hours"),
}

MISSING = "That was refused; please check it and try again."

MESSAGES: dict[str, str] = {f"{field}:{problem.value}": text for (field, problem), text in FIELD_PROBLEMS.items()}
MESSAGES |= OUTCOMES


def key(outcome: Outcome) -> str:
    """The one name of an outcome, as a flash cookie carries it."""
    if isinstance(outcome, InvalidField):
        return f"{outcome.field}:{outcome.problem.value}"
    return type(outcome).__name__


def text(name: str) -> str:
    """The English message a key names; MISSING (and a warning) for a key with none."""
    if name not in MESSAGES:
        log.warning("no message for %r", name)
        return MISSING
    return MESSAGES[name]


def message(outcome: Outcome) -> str:
    """The English message of an outcome (its {placeholders} still to fill)."""
    return text(key(outcome))


def wait(seconds: int) -> tuple[str, str, int]:
    """How long `seconds` is, rounded up to its largest unit: (singular, plural, count) for a translator."""
    unit = max(size for size in WAIT_UNITS if seconds >= size or size == 1)
    one, many = WAIT_UNITS[unit]
    return one, many, ceil(max(seconds, 1) / unit)
