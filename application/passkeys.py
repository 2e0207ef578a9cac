"""Passkeys: adding one to a signed-in account, listing and removing them, and signing in with one alone."""

from dataclasses import dataclass, field

from application.load_user import LoadUser
from application.login import SessionStart
from application.throttle import LoginThrottle, PasswordConfirmation, password_confirmed
from application.two_factor import Notices
from application.verify_email import MailVerification
from domain.errors import InvalidField, Problem
from domain.links import LinkPolicy, Token, digest
from domain.model import User
from domain.passkeys import (
    ADD_CHALLENGES,
    NAME_LIMIT,
    PASSKEY_ADD,
    PASSKEY_SIGN_IN,
    SIGN_IN_CHALLENGES,
    Assertion,
    Passkey,
    challenge_bytes,
    decode,
)
from domain.ports import Ceremonies, Clock, PasskeyStore, PasswordHasher, TokenStore, UserRepository
from domain.results import (
    AddPasskeyResult,
    InvalidFields,
    ListPasskeysResult,
    LoggedIn,
    NoSuchPasskey,
    NotSignedIn,
    NotVerified,
    PasskeyAdded,
    PasskeyList,
    PasskeyOptions,
    PasskeyRefused,
    PasskeyRemoved,
    PasskeySignInResult,
    RemovePasskeyResult,
    StartPasskeyResult,
)

NAME_TOO_LONG = InvalidFields((InvalidField("name", Problem.TOO_LONG),))


class Challenges:
    """WebAuthn challenges kept as tokens: their hash stored, each taken once, within five minutes."""

    def __init__(self, tokens: TokenStore, clock: Clock) -> None:
        self._tokens = tokens
        self._clock = clock

    async def issue(self, policy: LinkPolicy, user: User | None = None) -> bytes:
        secret, token = policy.issue(user, self._clock.now())
        await self._tokens.add(token)
        return challenge_bytes(secret)

    async def take(self, assertion: Assertion | None, purpose: str) -> Token | None:
        """The token of the challenge the answer signed, taken so it never works again; None when there is
        none for `purpose` now."""
        token = await self._tokens.take(digest(assertion.challenge)) if assertion else None
        if token is None or token.purpose != purpose:
            return None
        return token


class StartPasskey:
    """The options for the signed-in user's browser to make a new passkey with, once their current password is
    right."""

    def __init__(
        self,
        load_user: LoadUser,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        passkeys: PasskeyStore,
        ceremonies: Ceremonies,
        challenges: Challenges,
    ) -> None:
        self._load_user = load_user
        self._hasher = hasher
        self._throttle = throttle
        self._passkeys = passkeys
        self._ceremonies = ceremonies
        self._challenges = challenges

    async def __call__(self, confirmation: PasswordConfirmation) -> StartPasskeyResult:
        user = await password_confirmed(self._load_user, self._throttle, self._hasher, confirmation)
        if not isinstance(user, User):
            return user
        existing = [passkey.id for passkey in await self._passkeys.for_user(user.id)]
        challenge = await self._challenges.issue(ADD_CHALLENGES, user)
        return PasskeyOptions(self._ceremonies.registration_options(user, challenge, existing))


@dataclass(frozen=True)
class NewPasskey:
    session_id: str | None = field(repr=False)
    name: str = ""
    answer: str = field(default="", repr=False)
    """The browser's answer to navigator.credentials.create(), as JSON."""


class AddPasskey:
    """Stores the passkey the signed-in user's browser made for a challenge it was given; the address is told."""

    def __init__(
        self,
        load_user: LoadUser,
        passkeys: PasskeyStore,
        ceremonies: Ceremonies,
        challenges: Challenges,
        notices: Notices,
        clock: Clock,
    ) -> None:
        self._load_user = load_user
        self._passkeys = passkeys
        self._ceremonies = ceremonies
        self._challenges = challenges
        self._notices = notices
        self._clock = clock

    async def __call__(self, new: NewPasskey) -> AddPasskeyResult:
        user = await self._load_user(new.session_id)
        if user is None:
            return NotSignedIn()
        name = " ".join(new.name.split())
        if len(name) > NAME_LIMIT:
            return NAME_TOO_LONG
        assertion = self._ceremonies.read(new.answer)
        token = await self._challenges.take(assertion, PASSKEY_ADD)
        now = self._clock.now()
        if assertion is None or token is None or not token.works_for(PASSKEY_ADD, user, now):
            return PasskeyRefused()
        credential = self._ceremonies.registered(new.answer, challenge_bytes(assertion.challenge))
        if credential is None:
            return PasskeyRefused()
        passkey = Passkey(
            credential.id, user.id, credential.public_key, credential.sign_count, name or "Passkey", added_at=now
        )
        if not await self._passkeys.add(passkey):
            return PasskeyRefused()
        await self._notices.send("passkey_added", user)
        return PasskeyAdded(user, passkey)


class ListPasskeys:
    """The signed-in user's passkeys."""

    def __init__(self, load_user: LoadUser, passkeys: PasskeyStore) -> None:
        self._load_user = load_user
        self._passkeys = passkeys

    async def __call__(self, session_id: str | None) -> ListPasskeysResult:
        user = await self._load_user(session_id)
        if user is None:
            return NotSignedIn()
        return PasskeyList(user, tuple(await self._passkeys.for_user(user.id)))


class RemovePasskey:
    """Removes one of the signed-in user's passkeys; the address is told."""

    def __init__(self, load_user: LoadUser, passkeys: PasskeyStore, notices: Notices) -> None:
        self._load_user = load_user
        self._passkeys = passkeys
        self._notices = notices

    async def __call__(self, session_id: str | None, handle: str) -> RemovePasskeyResult:
        user = await self._load_user(session_id)
        if user is None:
            return NotSignedIn()
        credential_id = decode(handle)
        removed = await self._passkeys.remove(user.id, credential_id) if credential_id else None
        if removed is None:
            return NoSuchPasskey()
        await self._notices.send("passkey_removed", user)
        return PasskeyRemoved(user, removed)


class StartPasskeySignIn:
    """The options for any browser to sign in with one of this site's passkeys."""

    def __init__(self, ceremonies: Ceremonies, challenges: Challenges) -> None:
        self._ceremonies = ceremonies
        self._challenges = challenges

    async def __call__(self) -> PasskeyOptions:
        return PasskeyOptions(self._ceremonies.authentication_options(await self._challenges.issue(SIGN_IN_CHALLENGES)))


@dataclass(frozen=True)
class PasskeyAnswer:
    answer: str = field(repr=False)
    """The browser's answer to navigator.credentials.get(), as JSON."""
    client: str = ""
    session_id: str | None = field(default=None, repr=False)
    agent: str = ""
    pending: str = field(default="", repr=False)
    """A second step the browser was given after its password, which the passkey finishes instead."""


class PasskeySignIn:
    """Signs in whoever's passkey signed a challenge this site gave, with the same session rules as a password:
    the passkey is both factors at once."""

    def __init__(
        self,
        users: UserRepository,
        passkeys: PasskeyStore,
        ceremonies: Ceremonies,
        challenges: Challenges,
        tokens: TokenStore,
        verification: MailVerification,
        start: SessionStart,
        clock: Clock,
    ) -> None:
        self._users = users
        self._passkeys = passkeys
        self._ceremonies = ceremonies
        self._challenges = challenges
        self._tokens = tokens
        self._verification = verification
        self._start = start
        self._clock = clock

    async def __call__(self, given: PasskeyAnswer) -> PasskeySignInResult:
        assertion = self._ceremonies.read(given.answer)
        if assertion is None or await self._challenges.take(assertion, PASSKEY_SIGN_IN) is None:
            return PasskeyRefused()
        passkey = await self._passkeys.get(assertion.credential_id)
        user = await self._users.get(passkey.user_id) if passkey else None
        if passkey is None or user is None:
            return PasskeyRefused()
        count = self._ceremonies.authenticated(given.answer, challenge_bytes(assertion.challenge), passkey)
        if count is None or not await self._passkeys.used(passkey.id, count, self._clock.now()):
            return PasskeyRefused()
        if not self._verification.mode.admits(user):
            return NotVerified(user, await self._verification.resend_link(user))
        if given.pending:
            await self._tokens.take(digest(given.pending))  # the password's second step is done with
        session = await self._start(user, given.session_id, given.agent, given.client)
        return LoggedIn(user, session)
