from dataclasses import dataclass, field, replace

from application.load_user import LoadUser
from application.throttle import LoginThrottle, check_current_password
from domain.errors import InvalidField, Problem
from domain.mail import new_letter
from domain.ports import Clock, MailWriter, Outbox, PasswordHasher, SessionStore, UserRepository
from domain.results import ChangePasswordResult, InvalidFields, NotSignedIn, PasswordChanged
from domain.rules import check_password


@dataclass(frozen=True)
class PasswordChange:
    session_id: str | None = field(repr=False)
    current_password: str = field(default="", repr=False)
    password: str = field(default="", repr=False)
    password_confirm: str = field(default="", repr=False)
    client: str = ""
    """The client's address: a current password typed is a login attempt, under the same limits."""


class ChangePassword:
    """Replaces the signed-in user's password once the current one is right (checked within the login limits);
    every other session of the user ends, and the address is told, without the password."""

    def __init__(
        self,
        users: UserRepository,
        load_user: LoadUser,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        sessions: SessionStore,
        outbox: Outbox,
        writer: MailWriter,
        reset_page: str,
        clock: Clock,
    ) -> None:
        self._users = users
        self._load_user = load_user
        self._hasher = hasher
        self._throttle = throttle
        self._sessions = sessions
        self._outbox = outbox
        self._writer = writer
        self._reset_page = reset_page
        self._clock = clock

    async def __call__(self, change: PasswordChange) -> ChangePasswordResult:
        user = await self._load_user(change.session_id)
        if user is None or change.session_id is None:
            return NotSignedIn()
        # The new password's rules first: a refused one costs no password check and no attempt.
        password = check_password(change.password, user.username.value, user.email.value)
        if isinstance(password, InvalidField):
            return InvalidFields((password,))
        if change.password_confirm != change.password:
            return InvalidFields((InvalidField("password_confirm", Problem.PASSWORD_MISMATCH),))
        refused = await check_current_password(
            self._throttle, self._hasher, user, change.current_password, change.client
        )
        if refused is not None:
            return refused
        user = replace(user, password_hash=await self._hasher.hash(password.value))
        await self._users.update(user)
        await self._sessions.delete_for_user(user.id, keep=change.session_id)
        notice = self._writer.write(
            "password_changed", user.language, user.email.value, username=user.username.value, reset=self._reset_page
        )
        await self._outbox.add(new_letter(notice, self._clock.now()))
        return PasswordChanged(user)
