from dataclasses import dataclass

from domain.ports import Database


@dataclass(frozen=True)
class Health:
    storage_ok: bool


class CheckHealth:
    """Whether meet can serve now: its storage answers."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def __call__(self) -> Health:
        return Health(storage_ok=await self._database.ping())
