import math
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.errors import InvalidValue
from domain.model import Email, LoginLimits, SessionPolicy, User, Username
from domain.ports import AttemptStore, Clock, EmailValidator, PasswordHasher, SessionStore, UserRepository
from domain.results import InvalidCredentials, LoggedIn, LoginResult, TooManyAttempts


@dataclass(frozen=True)
class Credentials:
    login: str
    """A username or an email address."""
    password: str = field(default="", repr=False)
    client: str = ""
    """The client's address, for the per-client limit."""
    session_id: str | None = field(default=None, repr=False)
    """The session the request came with, if any: a login always starts a new one."""


class Login:
    """Signs a user in by username or email, within the failure limits per account and per client.

    An unknown user and a wrong password are one outcome and cost one password check each;
    a name is limited the same way whether or not anyone has it.
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        emails: EmailValidator,
        attempts: AttemptStore,
        sessions: SessionStore,
        limits: LoginLimits,
        session_policy: SessionPolicy,
        clock: Clock,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails
        self._attempts = attempts
        self._sessions = sessions
        self._limits = limits
        self._session_policy = session_policy
        self._clock = clock

    async def __call__(self, credentials: Credentials) -> LoginResult:
        now, limits = self._clock.now(), self._limits
        client_key = f"client:{credentials.client}"
        client = await self._attempts.get(client_key)
        if limits.client_refused(client):
            return _refused(client.forget_at, now)
        username, email = self._names(credentials.login)
        account_key = limits.account_key(credentials.login.strip().casefold(), username, email)
        account = await self._attempts.get(account_key)
        if limits.account_refused(account, now) and account.locked_until is not None:
            return _refused(account.locked_until, now)
        # Counted before the password is checked, so guesses sent in parallel cannot all slip past the limits.
        client = await self._attempts.count(client_key, now, now + limits.client_window)
        if client.failures > limits.client_failures:
            return _refused(client.forget_at, now)
        account = await self._attempts.count(account_key, now, now + limits.account_memory)
        lock = limits.account_lock(account.failures, now)
        if lock and not await self._attempts.claim_lock(account_key, now, lock):
            return _refused(lock, now)
        user = await self._find(username, email)
        matches = await self._hasher.verify(credentials.password, user.password_hash if user else None)
        if user is None or not matches:
            return InvalidCredentials(locked=lock is not None)
        await self._attempts.clear(account_key)
        await self._attempts.uncount(client_key)
        if self._hasher.needs_rehash(user.password_hash):
            user = replace(user, password_hash=await self._hasher.hash(credentials.password))
            await self._users.update(user)
        if credentials.session_id:
            await self._sessions.delete(credentials.session_id)
        session = self._session_policy.start(user.id, now)
        await self._sessions.put(session)
        return LoggedIn(user, session)

    def _names(self, login: str) -> tuple[Username | None, Email | None]:
        if "@" in login:
            return None, self._emails.normalize(login)
        try:
            return Username(login), None
        except InvalidValue:
            return None, None

    async def _find(self, username: Username | None, email: Email | None) -> User | None:
        if username is not None:
            return await self._users.by_username(username)
        if email is not None:
            return await self._users.by_email(email)
        return None


def _refused(until: datetime, now: datetime) -> TooManyAttempts:
    return TooManyAttempts(retry_after=max(1, math.ceil((until - now).total_seconds())))
