"""Login counters in MongoDB."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from adapters.mongo.client import MongoDatabase
from domain.model import Attempts, InFlight
from domain.ports import Clock


class MongoAttemptStore:
    """Login counters in the database, so a limit holds across meet processes; a TTL index forgets them.

    One document per key: `failures`, `in_flight` (`{id, started}`, oldest first), `forget_at`, `locked_until`.
    """

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._attempts = database.db["login_attempts"]
        self._clock = clock

    async def get(self, key: str) -> Attempts | None:
        async with self._call():
            document = await self._attempts.find_one({"_id": key, "forget_at": {"$gt": self._clock.now()}})
        return _attempts(document) if document else None

    async def begin(self, key: str, attempt_id: str, now: datetime, forget_at: datetime) -> Attempts:
        flight = {"id": attempt_id, "started": now}
        return await self._change(
            key, now, forget_at, {"failures": 0, "in_flight": [flight]}, {"$push": {"in_flight": flight}}
        )

    async def fail(self, key: str, attempt_id: str, now: datetime, forget_at: datetime) -> Attempts:
        return await self._change(key, now, forget_at, {"failures": 1, "in_flight": []}, {"$inc": {"failures": 1}})

    async def succeed(self, key: str, attempt_id: str) -> None:
        async with self._call():
            await self._attempts.update_one(
                {"_id": key},
                {"$pull": {"in_flight": {"id": attempt_id}}, "$set": {"failures": 0, "locked_until": None}},
            )
            await self._drop_if_empty(key)

    async def end(self, key: str, attempt_id: str) -> None:
        async with self._call():
            await self._attempts.update_one({"_id": key}, {"$pull": {"in_flight": {"id": attempt_id}}})
            await self._drop_if_empty(key)

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

    async def _drop_if_empty(self, key: str) -> None:
        """A record with no failure and nothing in flight tells nothing: every login would otherwise leave one."""
        await self._attempts.delete_one({"_id": key, "failures": 0, "in_flight": {"$size": 0}})

    async def _change(
        self, key: str, now: datetime, forget_at: datetime, first: dict[str, Any], change: dict[str, Any]
    ) -> Attempts:
        """Apply `change` to the key's record, or insert `first` as a new one; kept at least until `forget_at`."""
        async with self._call():
            # The TTL monitor runs about once a minute: a forgotten record may still be there.
            await self._attempts.delete_one({"_id": key, "forget_at": {"$lte": now}})
            while True:
                # An insert, else an update: unlike an upsert, exact under racing first attempts on any server.
                try:
                    document = {"_id": key, "forget_at": forget_at, **first}
                    await self._attempts.insert_one(document)
                    return _attempts(document)
                except DuplicateKeyError:
                    document = await self._attempts.find_one_and_update(
                        {"_id": key}, {**change, "$max": {"forget_at": forget_at}}, return_document=ReturnDocument.AFTER
                    )
                if document is not None:  # else the record was just forgotten: insert again
                    return _attempts(document)


def _attempts(document: Mapping[str, Any]) -> Attempts:
    return Attempts(
        document["_id"],
        document["failures"],
        document["forget_at"],
        document.get("locked_until"),
        tuple(InFlight(flight["id"], flight["started"]) for flight in document.get("in_flight", ())),
    )
