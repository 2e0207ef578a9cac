"""What the people who run meet do: the admin command line's use cases."""

from dataclasses import dataclass, field, replace

from application.delete_account import Eraser
from application.two_factor import Notices, Switch
from domain.errors import InvalidField
from domain.model import LoginName, User, Username
from domain.ports import AttemptStore, PasskeyStore, PasswordHasher, SessionStore, UsernameRules, UserRepository
from domain.results import (
    AccountDeleted,
    AlreadyVerified,
    DeleteUserResult,
    EmailVerified,
    InvalidFields,
    MarkVerifiedResult,
    PasswordSet,
    ResetTwoFactorResult,
    SetPasswordResult,
    TwoFactorNotOn,
    TwoFactorOff,
    UnknownUser,
    Unlocked,
    UnlockResult,
)
from domain.rules import check_password


async def _find(users: UserRepository, usernames: UsernameRules, name: str) -> User | None:
    username = usernames.read(name)
    return await users.by_username(username) if isinstance(username, Username) else None


@dataclass(frozen=True)
class NewPassword:
    username: str
    password: str = field(repr=False)


class SetPassword:
    """Gives a user a new password, under the same rules as registration, and ends their sessions."""

    def __init__(
        self, users: UserRepository, usernames: UsernameRules, hasher: PasswordHasher, sessions: SessionStore
    ) -> None:
        self._users = users
        self._usernames = usernames
        self._hasher = hasher
        self._sessions = sessions

    async def __call__(self, form: NewPassword) -> SetPasswordResult:
        user = await _find(self._users, self._usernames, form.username)
        if user is None:
            return UnknownUser()
        password = check_password(form.password, user.username.value, user.email.value)
        if isinstance(password, InvalidField):
            return InvalidFields((password,))
        user = replace(user, password_hash=await self._hasher.hash(password.value))
        await self._users.update(user)
        await self._sessions.delete_for_user(user.id)
        return PasswordSet(user)


class ListUsers:
    """Every user, oldest first."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self) -> list[User]:
        return await self._users.all()


class Unlock:
    """Lifts the login lock of a user's username and email at once."""

    def __init__(self, users: UserRepository, usernames: UsernameRules, attempts: AttemptStore) -> None:
        self._users = users
        self._usernames = usernames
        self._attempts = attempts

    async def __call__(self, username: str) -> UnlockResult:
        user = await _find(self._users, self._usernames, username)
        if user is None:
            return UnknownUser()
        await self._attempts.clear(LoginName(username=user.username).key)
        await self._attempts.clear(LoginName(email=user.email).key)
        return Unlocked(user)


class MarkVerified:
    """Marks a user's address verified, as following the mailed link would (for one who cannot get the mail)."""

    def __init__(self, users: UserRepository, usernames: UsernameRules) -> None:
        self._users = users
        self._usernames = usernames

    async def __call__(self, username: str) -> MarkVerifiedResult:
        user = await _find(self._users, self._usernames, username)
        if user is None:
            return UnknownUser()
        if user.email_verified:
            return AlreadyVerified()
        if not await self._users.mark_verified(user.id, user.email):
            return UnknownUser()  # deleted, or its address changed, since it was read: nothing was marked
        return EmailVerified(replace(user, email_verified=True))


class DeleteUser:
    """Deletes a user and everything kept for them, as their own "delete my account" would."""

    def __init__(self, users: UserRepository, usernames: UsernameRules, eraser: Eraser) -> None:
        self._users = users
        self._usernames = usernames
        self._eraser = eraser

    async def __call__(self, username: str) -> DeleteUserResult:
        user = await _find(self._users, self._usernames, username)
        if user is None:
            return UnknownUser()
        await self._eraser.erase(user)
        return AccountDeleted(user)


class ResetTwoFactor:
    """Removes a user's second factors and passkeys, for one who lost their phone and their recovery codes; the address
    is told."""

    def __init__(
        self,
        users: UserRepository,
        usernames: UsernameRules,
        switch: Switch,
        passkeys: PasskeyStore,
        notices: Notices,
    ) -> None:
        self._users = users
        self._usernames = usernames
        self._switch = switch
        self._passkeys = passkeys
        self._notices = notices

    async def __call__(self, username: str) -> ResetTwoFactorResult:
        user = await _find(self._users, self._usernames, username)
        if user is None:
            return UnknownUser()
        totp = await self._switch.off(user)
        passkeys = await self._passkeys.for_user(user.id)
        await self._passkeys.delete_for_user(user.id)
        if passkeys:
            await self._notices.send("passkey_removed", user)
        if not totp and not passkeys:
            return TwoFactorNotOn()
        return TwoFactorOff(user)
