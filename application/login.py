from dataclasses import dataclass, field

from domain.errors import InvalidValue
from domain.model import PASSWORD_MAX, User, Username
from domain.ports import EmailValidator, PasswordHasher, UserRepository
from domain.results import InvalidCredentials, LoggedIn, LoginResult


@dataclass(frozen=True)
class Credentials:
    login: str
    """A username or an email address."""
    password: str = field(default="", repr=False)


class Login:
    """Signs a user in by username or email; an unknown user and a wrong password are one outcome and cost the same."""

    def __init__(self, users: UserRepository, hasher: PasswordHasher, emails: EmailValidator) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails

    async def __call__(self, credentials: Credentials) -> LoginResult:
        if len(credentials.password) > PASSWORD_MAX:
            return InvalidCredentials()
        user = await self._find(credentials.login)
        matches = await self._hasher.verify(credentials.password, user.password_hash if user else None)
        if user is None or not matches:
            return InvalidCredentials()
        return LoggedIn(user)

    async def _find(self, login: str) -> User | None:
        if "@" in login:
            email = self._emails.normalize(login)
            return await self._users.by_email(email) if email else None
        try:
            return await self._users.by_username(Username(login))
        except InvalidValue:
            return None
