"""Sessions in MongoDB."""

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from adapters.mongo.client import MongoDatabase
from domain.model import Session
from domain.ports import Clock


class MongoSessionStore:
    """Sessions in the database, so every meet process honours them; a TTL index clears ended ones."""

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._sessions = database.db["sessions"]
        self._clock = clock

    async def put(self, session: Session) -> None:
        document = asdict(session)
        document["_id"] = document.pop("id")
        async with self._call():
            await self._sessions.replace_one({"_id": session.id}, document, upsert=True)

    async def renew(self, session: Session) -> None:
        times = {"last_seen": session.last_seen, "expires_at": session.expires_at}
        async with self._call():
            await self._sessions.update_one({"_id": session.id}, {"$set": times})

    async def get(self, session_id: str) -> Session | None:
        async with self._call():
            document = await self._sessions.find_one({"_id": session_id, "expires_at": {"$gt": self._clock.now()}})
        return None if document is None else _session(document)

    async def for_user(self, user_id: str) -> list[Session]:
        query = {"user_id": user_id, "expires_at": {"$gt": self._clock.now()}}
        async with self._call():
            return [_session(document) async for document in self._sessions.find(query).sort("created_at", 1)]

    async def delete(self, session_id: str) -> None:
        async with self._call():
            await self._sessions.delete_one({"_id": session_id})

    async def delete_for_user(self, user_id: str, keep: str | None = None) -> None:
        async with self._call():
            await self._sessions.delete_many({"user_id": user_id, "_id": {"$ne": keep}})


def _session(document: Mapping[str, Any]) -> Session:
    return Session(
        document["_id"],
        document["user_id"],
        document["created_at"],
        document["last_seen"],
        document["expires_at"],
        # Sessions begun before these were kept have neither.
        document.get("agent", ""),
        document.get("address", ""),
    )
