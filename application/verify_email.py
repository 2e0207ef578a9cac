"""A person shows an address is theirs by following a link mailed to it."""

from dataclasses import dataclass, field

from application.links import holder, over_limit
from application.load_user import LoadUser
from domain.links import RESEND, RESEND_LINKS, VERIFY, VERIFY_LINKS, EmailVerification
from domain.mail import new_letter
from domain.model import User
from domain.ports import Clock, MailWriter, Outbox, RequestCounter, TokenStore, UserRepository
from domain.results import (
    AlreadyVerified,
    EmailVerified,
    InvalidLink,
    NotSignedIn,
    ResendVerificationResult,
    VerificationSent,
    VerifyEmailResult,
)


class MailVerification:
    """Mails a user a link that verifies their address, through the outbox, in their language."""

    def __init__(
        self,
        tokens: TokenStore,
        outbox: Outbox,
        writer: MailWriter,
        page: str,
        mode: EmailVerification,
        clock: Clock,
    ) -> None:
        """`page`: the verify page's address from MEET_PUBLIC_URL; the secret is added as `?token=`."""
        self._tokens = tokens
        self._outbox = outbox
        self._writer = writer
        self._page = page
        self.mode = mode
        self._clock = clock

    async def send(self, user: User) -> None:
        now = self._clock.now()
        secret, token = VERIFY_LINKS.issue(user, now)
        await self._tokens.add(token)
        link = f"{self._page}?token={secret}"
        message = self._writer.write(
            "verify_email", user.language, user.email.value, username=user.username.value, link=link
        )
        await self._outbox.add(new_letter(message, now))

    async def resend_link(self, user: User) -> str:
        """The secret of a short-lived link that asks for this mail again (for a login refused for want of it)."""
        secret, token = RESEND_LINKS.issue(user, self._clock.now())
        await self._tokens.add(token)
        return secret


class VerifyEmail:
    """Marks an address verified through the link mailed to it, once; a link to an old address does nothing."""

    def __init__(self, users: UserRepository, tokens: TokenStore, clock: Clock) -> None:
        self._users = users
        self._tokens = tokens
        self._clock = clock

    async def __call__(self, secret: str) -> VerifyEmailResult:
        held = await holder(secret, VERIFY, self._tokens, self._users, self._clock)
        if held is None:
            return InvalidLink()
        token, user = held
        # Taken, not read: a link works once.
        if await self._tokens.take(token.digest) is None:
            return InvalidLink()
        # Only while the address is still the one the link was mailed to, however the two requests interleave.
        if not await self._users.mark_verified(user.id, user.email):
            return InvalidLink()
        return EmailVerified(user)


@dataclass(frozen=True)
class ResendRequest:
    session_id: str | None = field(default=None, repr=False)
    """A signed-in person's session; else `resend` says who asks."""
    resend: str = field(default="", repr=False)
    """The secret a login refused for an unverified address carried."""
    client: str = ""
    """The client's address, for the per-client limit."""


class ResendVerification:
    """Mails the verification link again, to a signed-in person or after a login refused for want of it,
    within the limits per address and per client."""

    def __init__(
        self,
        users: UserRepository,
        load_user: LoadUser,
        tokens: TokenStore,
        counter: RequestCounter,
        verification: MailVerification,
        clock: Clock,
    ) -> None:
        self._users = users
        self._load_user = load_user
        self._tokens = tokens
        self._counter = counter
        self._verification = verification
        self._clock = clock

    async def __call__(self, request: ResendRequest) -> ResendVerificationResult:
        user = await self._asking(request)
        if isinstance(user, InvalidLink | NotSignedIn):
            return user
        if not self._verification.mode.asks(user):
            return AlreadyVerified()
        if refused := await over_limit(self._counter, VERIFY_LINKS, user.email, request.client, self._clock):
            return refused
        await self._verification.send(user)
        return VerificationSent(user)

    async def _asking(self, request: ResendRequest) -> User | InvalidLink | NotSignedIn:
        if request.resend:
            held = await holder(request.resend, RESEND, self._tokens, self._users, self._clock)
            # Taken, not read: the link asks once.
            if held is None or await self._tokens.take(held[0].digest) is None:
                return InvalidLink()
            return held[1]
        user = await self._load_user(request.session_id)
        return NotSignedIn() if user is None else user
