"""The rules a new account's fields keep, checked together, so a form hears of every refused field at once."""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from domain.errors import InvalidField, InvalidValue, Problem
from domain.model import Email, Password, Username
from domain.ports import EmailValidator, UsernameRules
from domain.results import InvalidFields


@dataclass(frozen=True)
class NewAccount:
    """A new account's values, every one of them accepted."""

    username: Username
    email: Email
    password: Password


def check_username(text: str, usernames: UsernameRules) -> Username | InvalidField:
    """The username, or why it is refused; the rule itself is the UsernameRules', and only there."""
    return usernames.read(text)


def check_email(text: str, emails: EmailValidator) -> Email | InvalidField:
    email = emails.normalize(text)
    return InvalidField("email", Problem.EMAIL_FORMAT) if email is None else email


def check_password(text: str, username: str, email: str) -> Password | InvalidField:
    """The password, or why it is refused: its length, one of the most common, or the user's own name,
    address or the address's local part, ignoring case (as typed, when they are refused themselves)."""
    try:
        password = Password(text)
    except InvalidValue as refused:
        return InvalidField(refused.field, refused.problem)
    folded = password.value.casefold()
    if folded in (username.casefold(), email.casefold(), email.casefold().split("@")[0]):
        return InvalidField("password", Problem.PASSWORD_IS_NAME)
    if folded in common_passwords():
        return InvalidField("password", Problem.PASSWORD_COMMON)
    return password


def check_new_account(
    username: str, email: str, password: str, emails: EmailValidator, usernames: UsernameRules
) -> NewAccount | InvalidFields:
    """The account's values, or every field that breaks its rule (username, email, password)."""
    name, address = check_username(username, usernames), check_email(email, emails)
    secret = check_password(password, username, email if isinstance(address, InvalidField) else address.value)
    if isinstance(name, Username) and isinstance(address, Email) and isinstance(secret, Password):
        return NewAccount(name, address, secret)
    return InvalidFields(tuple(v for v in (name, address, secret) if isinstance(v, InvalidField)))


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords of 8 or more characters (see docs/security.md)."""
    text = files("domain").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.casefold() for line in text.splitlines() if line)
