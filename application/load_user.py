from dataclasses import replace

from domain.model import SessionPolicy, User
from domain.ports import Clock, SessionStore, UserRepository


class LoadUser:
    """The user a session belongs to, or None when it has ended or names nobody; keeps a live session alive,
    and keeps the language the person switched to as theirs."""

    def __init__(self, users: UserRepository, sessions: SessionStore, policy: SessionPolicy, clock: Clock) -> None:
        self._users = users
        self._sessions = sessions
        self._policy = policy
        self._clock = clock

    async def __call__(self, session_id: str | None, switched_to: str | None = None) -> User | None:
        """`switched_to`: the locale the person just chose on a page, if they did."""
        session = await self._sessions.get(session_id) if session_id else None
        if session is None:
            return None
        renewed = self._policy.renew(session, self._clock.now())
        user = await self._users.get(session.user_id) if renewed else None
        if renewed is None or user is None:
            await self._sessions.delete(session.id)
            return None
        if renewed != session:
            await self._sessions.renew(renewed)
        if switched_to and switched_to != user.language:
            user = replace(user, language=switched_to)
            await self._users.set_language(user.id, switched_to)
        return user
