from dataclasses import dataclass, field, replace

from application.throttle import Admitted, LoginThrottle
from application.verify_email import MailVerification
from domain.model import Device, LoginName, SessionPolicy, User
from domain.ports import Clock, EmailValidator, PasswordHasher, SessionStore, UsernameRules, UserRepository
from domain.results import InvalidCredentials, LoggedIn, LoginResult, NotVerified, TooManyAttempts


@dataclass(frozen=True)
class Credentials:
    login: str
    """A username or an email address."""
    password: str = field(default="", repr=False)
    client: str = ""
    """The client's address, for the per-client limit."""
    session_id: str | None = field(default=None, repr=False)
    """The session the request came with, if any: a login always starts a new one."""
    agent: str = ""
    """The browser's User-Agent, shown on the sessions page."""


class Login:
    """Signs a user in by username or email, within the failure limits per account and per client.

    An unknown user and a wrong password are one outcome and cost one password check each;
    a name is limited the same way whether or not anyone has it. Where addresses must be verified,
    the right password of an unverified one gets no session.
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        emails: EmailValidator,
        usernames: UsernameRules,
        throttle: LoginThrottle,
        verification: MailVerification,
        sessions: SessionStore,
        session_policy: SessionPolicy,
        clock: Clock,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails
        self._usernames = usernames
        self._throttle = throttle
        self._verification = verification
        self._sessions = sessions
        self._session_policy = session_policy
        self._clock = clock

    async def __call__(self, credentials: Credentials) -> LoginResult:
        name = LoginName.read(credentials.login, self._emails.normalize, self._usernames.read)
        attempt = await self._throttle.admit(name, credentials.client)
        if isinstance(attempt, TooManyAttempts):
            return attempt
        user = await self._check(name, credentials.password, attempt)
        if user is None:
            return InvalidCredentials(locked=await attempt.failed())
        await attempt.succeeded()
        if not self._verification.mode.admits(user):
            return NotVerified(user, await self._verification.resend_link(user))
        if self._hasher.needs_rehash(user.password_hash):
            user = replace(user, password_hash=await self._hasher.hash(credentials.password))
            await self._users.update(user)
        if credentials.session_id:
            await self._sessions.delete(credentials.session_id)
        device = Device(credentials.agent, credentials.client)
        session = self._session_policy.start(user.id, self._clock.now(), device)
        await self._sessions.put(session)
        return LoggedIn(user, session)

    async def _check(self, name: LoginName, password: str, attempt: Admitted) -> User | None:
        """The user whose password this is, or None; an attempt whose check could not finish counts for nothing."""
        try:
            user = await self._find(name)
            matches = await self._hasher.verify(password, user.password_hash if user else None)
        except BaseException:
            await attempt.withdrawn()
            raise
        return user if matches else None

    async def _find(self, name: LoginName) -> User | None:
        if name.username is not None:
            return await self._users.by_username(name.username)
        if name.email is not None:
            return await self._users.by_email(name.email)
        return None
