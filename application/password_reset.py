"""A forgotten password: a link mailed to the address, and a new password chosen through it."""

from dataclasses import dataclass, field, replace

from application.links import holder, over_limit
from domain.errors import InvalidField, Problem
from domain.links import RESET, LinkPolicy
from domain.mail import new_letter
from domain.model import Device, LoginName, SessionPolicy
from domain.ports import (
    AttemptStore,
    Clock,
    EmailValidator,
    MailWriter,
    Outbox,
    PasswordHasher,
    RequestCounter,
    SessionStore,
    TokenStore,
    UserRepository,
)
from domain.results import (
    InvalidFields,
    InvalidLink,
    OpenResetLinkResult,
    PasswordReset,
    RequestResetResult,
    ResetLinkWorks,
    ResetPasswordResult,
    ResetRequested,
)
from domain.rules import check_email, check_password


@dataclass(frozen=True)
class ResetRequest:
    email: str
    client: str = ""
    """The client's address, for the per-client limit."""
    language: str = "en"
    """The language of the page the reset was asked on: the mail's when no one has the address."""


@dataclass(frozen=True)
class ResetLinks:
    """Where a reset mail points: built from MEET_PUBLIC_URL, never from a request's Host header."""

    choose_password: str
    """The form a link opens; the secret is added as `?token=`."""
    register: str


class RequestPasswordReset:
    """Mails a link to choose a new password; an address no one has is told so instead, and the answer,
    the limits and the work done are the same either way, so nobody learns who has an account."""

    def __init__(
        self,
        users: UserRepository,
        emails: EmailValidator,
        tokens: TokenStore,
        counter: RequestCounter,
        outbox: Outbox,
        writer: MailWriter,
        links: ResetLinks,
        policy: LinkPolicy,
        clock: Clock,
    ) -> None:
        self._users = users
        self._emails = emails
        self._tokens = tokens
        self._counter = counter
        self._outbox = outbox
        self._writer = writer
        self._links = links
        self._policy = policy
        self._clock = clock

    async def __call__(self, request: ResetRequest) -> RequestResetResult:
        email = check_email(request.email, self._emails)
        if isinstance(email, InvalidField):
            return InvalidFields((email,))
        if refused := await over_limit(self._counter, self._policy, email, request.client, self._clock):
            return refused
        now = self._clock.now()
        user = await self._users.by_email(email)
        secret, token = self._policy.issue(user, now)
        # A token for nobody is stored too: both answers cost the same writes.
        await self._tokens.add(token)
        if user is None:
            message = self._writer.write("reset_unknown", request.language, email.value, register=self._links.register)
        else:
            link = f"{self._links.choose_password}?token={secret}"
            message = self._writer.write(
                "reset_password", user.language, user.email.value, username=user.username.value, link=link
            )
        await self._outbox.add(new_letter(message, now))
        return ResetRequested()


class OpenResetLink:
    """Says whether a mailed reset link still works, before its form is shown."""

    def __init__(self, tokens: TokenStore, users: UserRepository, clock: Clock) -> None:
        self._tokens = tokens
        self._users = users
        self._clock = clock

    async def __call__(self, secret: str) -> OpenResetLinkResult:
        held = await holder(secret, RESET, self._tokens, self._users, self._clock)
        return InvalidLink() if held is None else ResetLinkWorks(held[1])


@dataclass(frozen=True)
class PasswordChoice:
    token: str = field(repr=False)
    password: str = field(default="", repr=False)
    password_confirm: str = field(default="", repr=False)
    session_id: str | None = field(default=None, repr=False)
    """The session the request came with, if any: replaced by a new one."""
    client: str = ""
    """The client's address, shown on the sessions page."""
    agent: str = ""
    """The browser's User-Agent, shown on the sessions page."""


class ResetPassword:
    """Replaces the password through a mailed link, once: every session of the user ends, the login locks
    of their name and address lift, and the person is signed in anew."""

    def __init__(
        self,
        users: UserRepository,
        tokens: TokenStore,
        hasher: PasswordHasher,
        sessions: SessionStore,
        attempts: AttemptStore,
        session_policy: SessionPolicy,
        clock: Clock,
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._hasher = hasher
        self._sessions = sessions
        self._attempts = attempts
        self._session_policy = session_policy
        self._clock = clock

    async def __call__(self, choice: PasswordChoice) -> ResetPasswordResult:
        held = await holder(choice.token, RESET, self._tokens, self._users, self._clock)
        if held is None:
            return InvalidLink()
        token, user = held
        # A refused password leaves the link working, so the person can try another.
        password = check_password(choice.password, user.username.value, user.email.value)
        if isinstance(password, InvalidField):
            return InvalidFields((password,))
        if choice.password_confirm != choice.password:
            return InvalidFields((InvalidField("password_confirm", Problem.PASSWORD_MISMATCH),))
        # Taken, not read: of two requests racing with one link, one gets it.
        if await self._tokens.take(token.digest) is None:
            return InvalidLink()
        user = replace(user, password_hash=await self._hasher.hash(password.value))
        await self._users.update(user)
        # The link came by mail to the address: following it shows the address is theirs.
        if not user.email_verified and await self._users.mark_verified(user.id, user.email):
            user = replace(user, email_verified=True)
        await self._tokens.delete_for_user(user.id)
        await self._sessions.delete_for_user(user.id)
        if choice.session_id:
            await self._sessions.delete(choice.session_id)
        await self._attempts.clear(LoginName(username=user.username).key)
        await self._attempts.clear(LoginName(email=user.email).key)
        session = self._session_policy.start(user.id, self._clock.now(), Device(choice.agent, choice.client))
        await self._sessions.put(session)
        return PasswordReset(user, session)
