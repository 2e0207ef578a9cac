"""A person leaves: their account and everything kept for it go, and their name and address are free again."""

from application.load_user import LoadUser
from application.throttle import LoginThrottle, PasswordConfirmation, password_confirmed
from domain.model import User
from domain.ports import (
    Clock,
    FactorStore,
    Outbox,
    PasskeyStore,
    PasswordHasher,
    SessionStore,
    TokenStore,
    UserRepository,
)
from domain.results import AccountDeleted, DeleteAccountResult


class Eraser:
    """Removes a user and what is kept for them: sessions, mailed links, second factors, passkeys, and mail not yet
    sent to them."""

    def __init__(
        self,
        users: UserRepository,
        sessions: SessionStore,
        tokens: TokenStore,
        factors: FactorStore,
        passkeys: PasskeyStore,
        outbox: Outbox,
        clock: Clock,
    ) -> None:
        self._users = users
        self._sessions = sessions
        self._tokens = tokens
        self._factors = factors
        self._passkeys = passkeys
        self._outbox = outbox
        self._clock = clock

    async def erase(self, user: User) -> None:
        # The user first: once it is gone, whatever is left of it works for nobody (a session or a link
        # of a missing user is refused), so a failure half-way leaves nothing that still acts for them.
        deleted_at = self._clock.now()
        await self._users.delete(user.id)
        await self._sessions.delete_for_user(user.id)
        await self._tokens.delete_for_user(user.id)
        await self._factors.delete(user.id)
        await self._passkeys.delete_for_user(user.id)
        # Someone may register the freed address meanwhile: their mail stays.
        await self._outbox.drop_to(user.email.value, deleted_at)


class DeleteAccount:
    """Deletes the signed-in user's account once their current password is right (checked within the login
    limits)."""

    def __init__(self, load_user: LoadUser, hasher: PasswordHasher, throttle: LoginThrottle, eraser: Eraser) -> None:
        self._load_user = load_user
        self._hasher = hasher
        self._throttle = throttle
        self._eraser = eraser

    async def __call__(self, confirmation: PasswordConfirmation) -> DeleteAccountResult:
        user = await password_confirmed(self._load_user, self._throttle, self._hasher, confirmation)
        if not isinstance(user, User):
            return user
        await self._eraser.erase(user)
        return AccountDeleted(user)
