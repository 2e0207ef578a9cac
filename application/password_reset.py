"""A forgotten password: a link mailed to the address, and a new password chosen through it."""

import math
from dataclasses import dataclass, field, replace

from domain.errors import InvalidField, Problem
from domain.links import RESET, ResetPolicy, Token, digest
from domain.mail import new_letter
from domain.model import LoginName, SessionPolicy, User
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
    TooManyAttempts,
)
from domain.rules import check_email, check_password


@dataclass(frozen=True)
class ResetRequest:
    email: str
    client: str = ""
    """The client's address, for the per-client limit."""
    language: str = "en"
    """The language of the page the reset was asked on: the mail's."""


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
        policy: ResetPolicy,
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
        now = self._clock.now()
        ends = self._policy.window_ends(now)
        limits = [
            (self._policy.client_key(request.client), self._policy.per_client),
            (self._policy.address_key(email), self._policy.per_address),
        ]
        for key, allowed in limits:
            if await self._counter.count(key, ends) > allowed:
                return TooManyAttempts(max(1, math.ceil((ends - now).total_seconds())))
        user = await self._users.by_email(email)
        secret, token = self._policy.issue(user, now)
        # A token for nobody is stored too: both answers cost the same writes.
        await self._tokens.add(token)
        if user is None:
            message = self._writer.write("reset_unknown", request.language, email.value, register=self._links.register)
        else:
            link = f"{self._links.choose_password}?token={secret}"
            message = self._writer.write(
                "reset_password", request.language, user.email.value, username=user.username.value, link=link
            )
        await self._outbox.add(new_letter(message, now))
        return ResetRequested()


async def _holder(secret: str, tokens: TokenStore, users: UserRepository, clock: Clock) -> tuple[Token, User] | None:
    """The link's token and the user it works for, or None when it works for nobody now."""
    token = await tokens.get(digest(secret)) if secret else None
    user = await users.get(token.user_id) if token and token.user_id else None
    if token is None or user is None or not token.works_for(RESET, user, clock.now()):
        return None
    return token, user


class OpenResetLink:
    """Says whether a mailed reset link still works, before its form is shown."""

    def __init__(self, tokens: TokenStore, users: UserRepository, clock: Clock) -> None:
        self._tokens = tokens
        self._users = users
        self._clock = clock

    async def __call__(self, secret: str) -> OpenResetLinkResult:
        held = await _holder(secret, self._tokens, self._users, self._clock)
        return InvalidLink() if held is None else ResetLinkWorks(held[1])


@dataclass(frozen=True)
class PasswordChoice:
    token: str = field(repr=False)
    password: str = field(default="", repr=False)
    password_confirm: str = field(default="", repr=False)
    session_id: str | None = field(default=None, repr=False)
    """The session the request came with, if any: replaced by a new one."""


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
        held = await _holder(choice.token, self._tokens, self._users, self._clock)
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
        await self._tokens.delete_for_user(user.id)
        await self._sessions.delete_for_user(user.id)
        if choice.session_id:
            await self._sessions.delete(choice.session_id)
        await self._attempts.clear(LoginName(username=user.username).key)
        await self._attempts.clear(LoginName(email=user.email).key)
        session = self._session_policy.start(user.id, self._clock.now())
        await self._sessions.put(session)
        return PasswordReset(user, session)
