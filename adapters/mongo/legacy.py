"""The tutorial's database, read once by `meet import-legacy`, through the same bounded calls as meet's own."""

from collections.abc import AsyncIterator
from dataclasses import fields
from datetime import UTC, datetime

from adapters.clock import SystemClock
from adapters.mongo.client import MongoConnection
from application.import_legacy import LegacyUser
from domain.model import Profile
from domain.ports import Clock


class TutorialDatabase:
    """The tutorial's own database, read only: collections `user` and `profile`.

    A user whose time cannot be read is dated `clock.now()`.
    """

    def __init__(self, uri: str, name: str, timeout_seconds: float = 10, clock: Clock | None = None) -> None:
        self._connection = MongoConnection("pymongo", uri, name, timeout_seconds)
        self._call = self._connection.call
        self._db = self._connection.db
        self._clock = clock or SystemClock()

    async def count(self) -> int:
        async with self._call():
            count: int = await self._db["user"].count_documents({})
        return count

    async def has_users(self) -> bool:
        async with self._call():
            names: list[str] = await self._db.list_collection_names()
        return "user" in names

    async def users(self) -> AsyncIterator[LegacyUser]:
        """Every user, oldest first; each read is bounded, not the whole walk (the caller works between them)."""
        async with self._call():
            profiles = {str(p["_id"]): p async for p in self._db["profile"].find({})}
        cursor = self._db["user"].find({}).sort("_id", 1)
        try:
            while True:
                async with self._call():
                    document = await anext(cursor, None)
                if document is None:
                    return
                stored = profiles.get(str(document.get("profile_id")), {})
                yield LegacyUser(
                    legacy_id=str(document["_id"]),
                    username=str(document.get("username") or ""),
                    email=str(document.get("email") or ""),
                    md5_hex=str(document.get("password") or ""),
                    created_at=self._time(document.get("timestamp")),
                    profile=Profile(**{f.name: str(stored.get(f.name) or "") for f in fields(Profile)}),
                )
        finally:
            await cursor.close()

    async def close(self) -> None:
        await self._connection.close()

    def _time(self, timestamp: object) -> datetime:
        """The tutorial stored time.time(), in seconds in one version and milliseconds in another."""
        if not isinstance(timestamp, int | float):
            return self._clock.now()
        seconds = timestamp / 1000 if timestamp > 1e11 else timestamp
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):  # NaN, or beyond what a datetime holds
            return self._clock.now()
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
