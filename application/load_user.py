from domain.model import User
from domain.ports import UserRepository


class LoadUser:
    """The signed-in user for a page, or None when the id names nobody (a deleted user, a stale cookie)."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, user_id: str | None) -> User | None:
        return await self._users.get(user_id) if user_id else None
