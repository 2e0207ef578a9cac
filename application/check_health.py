from dataclasses import dataclass

from domain.ports import UserRepository


@dataclass(frozen=True)
class Health:
    storage_ok: bool


class CheckHealth:
    """Whether meet can serve now: its storage answers."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self) -> Health:
        return Health(storage_ok=await self._users.ping())
