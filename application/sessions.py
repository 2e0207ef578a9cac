"""Where a person is signed in, and ending any of it from one place."""

from dataclasses import dataclass, field

from application.load_user import LoadUser
from domain.model import session_handle
from domain.ports import SessionStore
from domain.results import EndSessionsResult, ListSessionsResult, NotSignedIn, SessionList, SessionsEnded

OTHERS = "others"


class ListSessions:
    """Every live session of the signed-in user, this one marked."""

    def __init__(self, load_user: LoadUser, sessions: SessionStore) -> None:
        self._load_user = load_user
        self._sessions = sessions

    async def __call__(self, session_id: str | None) -> ListSessionsResult:
        user = await self._load_user(session_id)
        if user is None or session_id is None:
            return NotSignedIn()
        return SessionList(user, tuple(await self._sessions.for_user(user.id)), session_handle(session_id))


@dataclass(frozen=True)
class EndRequest:
    session_id: str | None = field(repr=False)
    which: str = ""
    """A session's handle, or OTHERS for every session but this one."""


class EndSessions:
    """Ends one of the signed-in user's other sessions, or all of them; this one ends by logging out."""

    def __init__(self, load_user: LoadUser, sessions: SessionStore) -> None:
        self._load_user = load_user
        self._sessions = sessions

    async def __call__(self, request: EndRequest) -> EndSessionsResult:
        user = await self._load_user(request.session_id)
        if user is None or request.session_id is None:
            return NotSignedIn()
        others = [s for s in await self._sessions.for_user(user.id) if s.id != request.session_id]
        if request.which == OTHERS:
            await self._sessions.delete_for_user(user.id, keep=request.session_id)
            return SessionsEnded(len(others))
        # Only a handle of one of this user's own sessions ends anything.
        ended = [s for s in others if s.handle == request.which]
        for session in ended:
            await self._sessions.delete(session.id)
        return SessionsEnded(len(ended))
