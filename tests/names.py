"""Usernames as the production rules make them, for tests that look users up."""

from adapters.usernames import PrecisUsernameRules
from domain.model import Username

RULES = PrecisUsernameRules()


def username(text: str) -> Username:
    """`text` as the UsernameRules accept it; a test that passes a refused name is wrong."""
    name = RULES.read(text)
    assert isinstance(name, Username), f"{text!r} is refused: {name}"
    return name
