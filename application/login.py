from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.errors import InvalidValue
from domain.model import LoginLimits, SessionPolicy, User, Username
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
    an account name is limited the same way whether or not it exists.
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
        now = self._clock.now()
        client_key = f"client:{credentials.client}"
        if self._limits.client_refused(await self._attempts.get(client_key)):
            return TooManyAttempts()
        user = await self._find(credentials.login)
        account_key = f"user:{user.id}" if user else f"login:{credentials.login.strip().casefold()}"
        account = await self._attempts.get(account_key)
        if account and account.locked_until and now < account.locked_until:
            return TooManyAttempts()
        matches = await self._hasher.verify(credentials.password, user.password_hash if user else None)
        if user is None or not matches:
            await self._fail(account_key, client_key, now)
            return InvalidCredentials()
        if account:
            await self._attempts.clear(account_key)
        if self._hasher.needs_rehash(user.password_hash):
            user = replace(user, password_hash=await self._hasher.hash(credentials.password))
            await self._users.update(user)
        if credentials.session_id:
            await self._sessions.delete(credentials.session_id)
        session = self._session_policy.start(user.id, now)
        await self._sessions.put(session)
        return LoggedIn(user, session)

    async def _find(self, login: str) -> User | None:
        if "@" in login:
            email = self._emails.normalize(login)
            return await self._users.by_email(email) if email else None
        try:
            return await self._users.by_username(Username(login))
        except InvalidValue:
            return None

    async def _fail(self, account_key: str, client_key: str, now: datetime) -> None:
        limits = self._limits
        account = await self._attempts.fail(account_key, now, now + limits.account_memory)
        if until := limits.account_lock(account.failures, now):
            await self._attempts.lock(account_key, until)
        await self._attempts.fail(client_key, now, now + limits.client_window)
