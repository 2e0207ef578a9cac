"""A new address for a signed-in user: it becomes theirs only when the link mailed to it is followed."""

from dataclasses import dataclass, field, replace

from application.links import holder, over_limit
from application.load_user import LoadUser
from application.throttle import LoginThrottle, check_current_password
from domain.errors import InvalidField, Problem
from domain.links import CHANGE_EMAIL, EMAIL_LINKS
from domain.mail import new_letter
from domain.model import Email
from domain.ports import (
    Clock,
    EmailValidator,
    MailWriter,
    Outbox,
    PasswordHasher,
    RequestCounter,
    TokenStore,
    UserRepository,
)
from domain.results import (
    ConfirmEmailChangeResult,
    EmailChanged,
    EmailChangeRequested,
    EmailTaken,
    InvalidFields,
    InvalidLink,
    NotSignedIn,
    RequestEmailChangeResult,
)
from domain.rules import check_email


@dataclass(frozen=True)
class EmailChange:
    session_id: str | None = field(repr=False)
    email: str = ""
    current_password: str = field(default="", repr=False)
    client: str = ""
    """The client's address: a current password typed is a login attempt, and link requests are limited."""


class RequestEmailChange:
    """Mails a link to the new address once the current password is right; the address stays as it is until
    the link is followed."""

    def __init__(
        self,
        users: UserRepository,
        load_user: LoadUser,
        emails: EmailValidator,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        tokens: TokenStore,
        counter: RequestCounter,
        outbox: Outbox,
        writer: MailWriter,
        page: str,
        clock: Clock,
    ) -> None:
        """`page`: the confirming page's address from MEET_PUBLIC_URL; the secret is added as `?token=`."""
        self._users = users
        self._load_user = load_user
        self._emails = emails
        self._hasher = hasher
        self._throttle = throttle
        self._tokens = tokens
        self._counter = counter
        self._outbox = outbox
        self._writer = writer
        self._page = page
        self._clock = clock

    async def __call__(self, change: EmailChange) -> RequestEmailChangeResult:
        user = await self._load_user(change.session_id)
        if user is None:
            return NotSignedIn()
        email = check_email(change.email, self._emails)
        if isinstance(email, InvalidField):
            return InvalidFields((email,))
        if email.key == user.email.key:
            return InvalidFields((InvalidField("email", Problem.EMAIL_UNCHANGED),))
        refused = await check_current_password(
            self._throttle, self._hasher, user, change.current_password, change.client
        )
        if refused is not None:
            return refused
        # Counted before saying whether the address is taken, so the form cannot list who is registered.
        if limited := await over_limit(self._counter, EMAIL_LINKS, email, change.client, self._clock):
            return limited
        # Friendlier now than when the link is followed; the repository's change is the real guard.
        if await self._users.by_email(email):
            return EmailTaken()
        now = self._clock.now()
        secret, token = EMAIL_LINKS.issue(user, now, email)
        await self._tokens.add(token)
        link = f"{self._page}?token={secret}"
        message = self._writer.write(
            "change_email", user.language, email.value, username=user.username.value, link=link
        )
        await self._outbox.add(new_letter(message, now))
        return EmailChangeRequested(user, email)


class ConfirmEmailChange:
    """Makes the mailed address the user's, once, if it is still free and their address has not changed since;
    the old address is told, and every other link mailed to the user stops working."""

    def __init__(
        self, users: UserRepository, tokens: TokenStore, outbox: Outbox, writer: MailWriter, clock: Clock
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._outbox = outbox
        self._writer = writer
        self._clock = clock

    async def __call__(self, secret: str) -> ConfirmEmailChangeResult:
        held = await holder(secret, CHANGE_EMAIL, self._tokens, self._users, self._clock)
        if held is None:
            return InvalidLink()
        token, user = held
        if await self._tokens.take(token.digest) is None:
            return InvalidLink()
        new = Email(token.email)
        match await self._users.change_email(user.id, user.email, new):
            case EmailTaken() as taken:
                return taken
            case False:
                return InvalidLink()
        # Links mailed to the old address (a reset) must not outlive it.
        await self._tokens.delete_for_user(user.id)
        notice = self._writer.write(
            "email_changed", user.language, user.email.value, username=user.username.value, email=new.value
        )
        await self._outbox.add(new_letter(notice, self._clock.now()))
        return EmailChanged(replace(user, email=new, email_verified=True))
