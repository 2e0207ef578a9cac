from collections.abc import Awaitable, Callable

from domain.model import Email, User, Username, new_user_id
from domain.ports import Clock, PasswordHasher, UserRepository
from domain.results import Conflict, EmailTaken, UsernameTaken
from domain.rules import NewAccount


class AddUser:
    """The last step of every new user: its username and email found free, then `make` (which hashes), then stored."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, username: Username, email: Email, make: Callable[[], Awaitable[User]]) -> User | Conflict:
        # Friendlier and cheaper than hashing first; the repository's add is the real guard.
        if await self._users.by_username(username):
            return UsernameTaken()
        if await self._users.by_email(email):
            return EmailTaken()
        user = await make()
        if (conflict := await self._users.add(user)) is not None:
            return conflict
        return user


class OpenAccount:
    """Stores a new account whose fields were checked: a new id, an empty profile, the password hashed."""

    def __init__(self, add_user: AddUser, hasher: PasswordHasher, clock: Clock) -> None:
        self._add_user = add_user
        self._hasher = hasher
        self._clock = clock

    async def __call__(self, account: NewAccount, language: str = "en_US") -> User | Conflict:
        async def make() -> User:
            password_hash = await self._hasher.hash(account.password.value)
            now = self._clock.now()
            return User(new_user_id(), account.username, account.email, password_hash, now, language=language)

        return await self._add_user(account.username, account.email, make)
