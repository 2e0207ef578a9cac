"""Failed-login counters in MongoDB."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from adapters.mongo.client import MongoDatabase
from domain.model import Attempts
from domain.ports import Clock


class MongoAttemptStore:
    """Failed-login counters in the database, so a limit holds across meet processes; a TTL index forgets them."""

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._attempts = database.db["login_attempts"]
        self._clock = clock

    async def get(self, key: str) -> Attempts | None:
        async with self._call():
            document = await self._attempts.find_one({"_id": key, "forget_at": {"$gt": self._clock.now()}})
        return _attempts(document) if document else None

    async def count(self, key: str, now: datetime, forget_at: datetime) -> Attempts:
        first = {"_id": key, "failures": 1, "first_failure": now, "forget_at": forget_at}
        async with self._call():
            # The TTL monitor runs about once a minute: a forgotten record may still be there.
            await self._attempts.delete_one({"_id": key, "forget_at": {"$lte": now}})
            while True:
                # An insert, else an increment: unlike an upsert, exact under racing first attempts on any server.
                try:
                    await self._attempts.insert_one(first)
                    return _attempts(first)
                except DuplicateKeyError:
                    document = await self._attempts.find_one_and_update(
                        {"_id": key},
                        {"$inc": {"failures": 1}, "$max": {"forget_at": forget_at}},
                        return_document=ReturnDocument.AFTER,
                    )
                if document is not None:  # else the record was just forgotten: insert again
                    return _attempts(document)

    async def uncount(self, key: str) -> None:
        async with self._call():
            await self._attempts.update_one({"_id": key, "failures": {"$gt": 0}}, {"$inc": {"failures": -1}})

    async def claim_lock(self, key: str, now: datetime, until: datetime) -> bool:
        unlocked = {"$or": [{"locked_until": None}, {"locked_until": {"$lte": now}}]}
        async with self._call():
            result = await self._attempts.update_one(
                {"_id": key, **unlocked}, {"$set": {"locked_until": until}, "$max": {"forget_at": until}}
            )
        return bool(result.modified_count == 1)

    async def clear(self, key: str) -> None:
        async with self._call():
            await self._attempts.delete_one({"_id": key})


def _attempts(document: Mapping[str, Any]) -> Attempts:
    return Attempts(
        document["_id"],
        document["failures"],
        document["first_failure"],
        document["forget_at"],
        document.get("locked_until"),
    )
