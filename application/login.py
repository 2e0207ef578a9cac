from dataclasses import dataclass, field, replace

from application.links import holder
from application.throttle import Admitted, LoginThrottle
from application.two_factor import WRONG_CODE, SecondFactor
from application.verify_email import MailVerification
from domain.links import SECOND_STEP, SECOND_STEPS, digest
from domain.model import Device, LoginName, Session, SessionPolicy, User
from domain.ports import (
    Clock,
    EmailValidator,
    FactorStore,
    PasswordHasher,
    SessionStore,
    TokenStore,
    UsernameRules,
    UserRepository,
)
from domain.results import (
    InvalidCredentials,
    LoggedIn,
    LoginResult,
    NotVerified,
    SecondFactorNeeded,
    SecondStepResult,
    SignInExpired,
    TooManyAttempts,
)


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


class SessionStart:
    """A new session for a user who has proved who they are, in place of the one the browser came with."""

    def __init__(self, sessions: SessionStore, policy: SessionPolicy, clock: Clock) -> None:
        self._sessions = sessions
        self._policy = policy
        self._clock = clock

    async def __call__(self, user: User, replaced: str | None, agent: str, client: str) -> Session:
        if replaced:
            await self._sessions.delete(replaced)
        session = self._policy.start(user.id, self._clock.now(), Device(agent, client))
        await self._sessions.put(session)
        return session


class Login:
    """Signs a user in by username or email, within the failure limits per account and per client.

    An unknown user and a wrong password are one outcome and cost one password check each;
    a name is limited the same way whether or not anyone has it. Where addresses must be verified,
    the right password of an unverified one gets no session; nor does that of a user with a second factor,
    whose browser is given the second step instead.
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        emails: EmailValidator,
        usernames: UsernameRules,
        throttle: LoginThrottle,
        verification: MailVerification,
        factors: FactorStore,
        tokens: TokenStore,
        start: SessionStart,
        clock: Clock,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails
        self._usernames = usernames
        self._throttle = throttle
        self._verification = verification
        self._factors = factors
        self._tokens = tokens
        self._start = start
        self._clock = clock

    async def __call__(self, credentials: Credentials) -> LoginResult:
        name = LoginName.read(credentials.login, self._emails.normalize, self._usernames.read)
        attempt = await self._throttle.admit(name, credentials.client)
        if isinstance(attempt, TooManyAttempts):
            return attempt
        user = await self._check(name, credentials.password, attempt)
        if user is None:
            return InvalidCredentials(locked=await attempt.failed())
        if not self._verification.mode.admits(user):
            await attempt.succeeded()
            return NotVerified(user, await self._verification.resend_link(user))
        if self._hasher.needs_rehash(user.password_hash):
            user = replace(user, password_hash=await self._hasher.hash(credentials.password))
            await self._users.update(user)
        if user.two_step and await self._factors.get(user.id) is not None:
            # No verdict yet: the failures stay counted until the second factor is right, so that the password
            # alone cannot clear the way for guessing codes.
            await attempt.withdrawn()
            pending, token = SECOND_STEPS.issue(user, self._clock.now())
            await self._tokens.add(token)
            return SecondFactorNeeded(user, pending)
        await attempt.succeeded()
        session = await self._start(user, credentials.session_id, credentials.agent, credentials.client)
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


@dataclass(frozen=True)
class SecondStepCode:
    pending: str = field(repr=False)
    """The secret the browser was given when its password was right."""
    code: str = field(default="", repr=False)
    """From the authenticator app, or a recovery code."""
    client: str = ""
    session_id: str | None = field(default=None, repr=False)
    agent: str = ""


class SecondStep:
    """Finishes a sign-in begun with the right password, with the user's second factor, in the browser that began
    it and within five minutes; a wrong code counts against the login limits as a wrong password does."""

    def __init__(
        self,
        users: UserRepository,
        tokens: TokenStore,
        throttle: LoginThrottle,
        second_factor: SecondFactor,
        start: SessionStart,
        clock: Clock,
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._throttle = throttle
        self._second_factor = second_factor
        self._start = start
        self._clock = clock

    async def __call__(self, typed: SecondStepCode) -> SecondStepResult:
        found = await holder(typed.pending, SECOND_STEP, self._tokens, self._users, self._clock)
        if found is None:
            return SignInExpired()
        _, user = found
        attempt = await self._throttle.admit(LoginName(username=user.username), typed.client)
        if isinstance(attempt, TooManyAttempts):
            return attempt
        try:
            right = await self._second_factor.check(user.id, typed.code.strip(), self._clock.now())
        except BaseException:
            await attempt.withdrawn()
            raise
        if not right:
            await attempt.failed()
            return WRONG_CODE
        await attempt.succeeded()
        if await self._tokens.take(digest(typed.pending)) is None:
            return SignInExpired()  # finished by a request racing this one
        session = await self._start(user, typed.session_id, typed.agent, typed.client)
        return LoggedIn(user, session)
