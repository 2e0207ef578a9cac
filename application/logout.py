from domain.ports import SessionStore
from domain.results import LoggedOut


class Logout:
    """Ends a session on the server, so its cookie signs nobody in afterwards."""

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    async def __call__(self, session_id: str | None) -> LoggedOut:
        if session_id:
            await self._sessions.delete(session_id)
        return LoggedOut()
