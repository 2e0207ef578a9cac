"""Login counters in MongoDB."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument, UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from adapters.mongo.client import MongoDatabase
from domain.model import Attempts, InFlight, Leaving
from domain.ports import Clock

DUPLICATE_KEY = 11000


class MongoAttemptStore:
    """Login counters in the database, so a limit holds across meet processes; a TTL index forgets them.

    One document per key: `failures`, `in_flight` (`{id, started}`, oldest first), `forget_at`, `locked_until`.
    """

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._attempts = database.db["login_attempts"]
        self._clock = clock

    async def get_many(self, keys: list[str]) -> dict[str, Attempts | None]:
        async with self._call():
            found = await self._attempts.find({"_id": {"$in": keys}, "forget_at": {"$gt": self._clock.now()}}).to_list()
        records = {document["_id"]: _attempts(document) for document in found}
        return {key: records.get(key) for key in keys}

    async def begin(
        self, attempt_id: str, now: datetime, keep: Mapping[str, datetime], known: Mapping[str, Attempts | None]
    ) -> dict[str, Attempts]:
        """One bulk write, each of its updates applied only while its record is still what `known` says: when
        every one applied, the records after are `known` with the attempt added, with no read. Otherwise (another
        attempt changed a record in between) the records are read, and the attempt put in flight, one by one,
        wherever it is not yet."""
        flight = InFlight(attempt_id, now)
        expected = {key: _begun(key, known.get(key), flight, now, forget_at) for key, forget_at in keep.items()}
        updates = [_begin_if_unchanged(key, known.get(key), flight, now, forget_at) for key, forget_at in keep.items()]
        try:
            async with self._call():
                result = await self._attempts.bulk_write(updates, ordered=False)
            if result.matched_count + result.upserted_count == len(updates):
                return expected
        except BulkWriteError as error:
            # A record that was not there when read, and is now: someone else's attempt made it.
            if any(failure["code"] != DUPLICATE_KEY for failure in error.details["writeErrors"]):
                raise
        records = await self.get_many(list(keep))
        for key, forget_at in keep.items():
            record = records[key]
            if record is None or all(flight.id != attempt_id for flight in record.in_flight):
                records[key] = await self._change(
                    key,
                    now,
                    forget_at,
                    {"failures": 0, "in_flight": [_flight(flight)]},
                    {"$push": {"in_flight": _flight(flight)}},
                )
        return {key: record for key, record in records.items() if record is not None}

    async def fail(self, key: str, attempt_id: str, now: datetime, forget_at: datetime) -> Attempts:
        change = {"$inc": {"failures": 1}, "$max": {"forget_at": forget_at}}
        async with self._call():
            # The attempt is in flight, so its record is there, unless an admin cleared it meanwhile.
            document = await self._attempts.find_one_and_update(
                {"_id": key, "forget_at": {"$gt": now}}, change, return_document=ReturnDocument.AFTER
            )
        if document is not None:
            return _attempts(document)
        return await self._change(key, now, forget_at, {"failures": 1, "in_flight": []}, {"$inc": {"failures": 1}})

    async def leave(self, attempt_id: str, now: datetime, leaving: Mapping[str, Leaving]) -> None:
        """One bulk write of update pipelines. A record left empty is forgotten as of `now`, which the TTL index
        then deletes: a login would otherwise leave one behind, or need a second command to delete it."""
        async with self._call():
            await self._attempts.bulk_write(
                [UpdateOne({"_id": key}, _leave(attempt_id, now, how)) for key, how in leaving.items()], ordered=False
            )

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


def _flight(flight: InFlight) -> dict[str, Any]:
    return {"id": flight.id, "started": flight.started}


def _begun(key: str, known: Attempts | None, flight: InFlight, now: datetime, forget_at: datetime) -> Attempts:
    """The key's record after `flight` began, when it was `known` until then."""
    if known is None or known.forget_at <= now:
        return Attempts(key, 0, forget_at, None, (flight,))
    return replace(known, forget_at=max(known.forget_at, forget_at), in_flight=(*known.in_flight, flight))


def _begin_if_unchanged(
    key: str, known: Attempts | None, flight: InFlight, now: datetime, forget_at: datetime
) -> UpdateOne:
    """Put `flight` in flight on the key's record only while it is exactly `known`. When `known` is None or
    forgotten, a new record, over a forgotten one the TTL index has not deleted yet; when a live one is there
    instead, the upsert matches nothing and fails on the duplicate _id rather than touch it."""
    if known is None or known.forget_at <= now:
        fresh = {"failures": 0, "in_flight": [_flight(flight)], "forget_at": forget_at, "locked_until": None}
        return UpdateOne({"_id": key, "forget_at": {"$lte": now}}, {"$set": fresh}, upsert=True)
    unchanged = {
        "_id": key,
        "failures": known.failures,
        "forget_at": known.forget_at,
        "locked_until": known.locked_until,  # None matches a record that never had a lock too
        "in_flight": [_flight(earlier) for earlier in known.in_flight],
    }
    return UpdateOne(unchanged, {"$push": {"in_flight": _flight(flight)}, "$max": {"forget_at": forget_at}})


def _leave(attempt_id: str, now: datetime, how: Leaving) -> list[dict[str, Any]]:
    """The update pipeline taking the attempt out of a record's flight (MongoDB 4.2 or later)."""
    left: dict[str, Any] = {
        "in_flight": {"$filter": {"input": {"$ifNull": ["$in_flight", []]}, "cond": {"$ne": ["$$this.id", attempt_id]}}}
    }
    if how is Leaving.SUCCEEDED:
        left |= {"failures": 0, "locked_until": None}
    empty = {"$and": [{"$eq": ["$failures", 0]}, {"$eq": [{"$size": "$in_flight"}, 0]}]}
    return [{"$set": left}, {"$set": {"forget_at": {"$cond": [empty, {"$min": ["$forget_at", now]}, "$forget_at"]}}}]


def _attempts(document: Mapping[str, Any]) -> Attempts:
    return Attempts(
        document["_id"],
        document["failures"],
        document["forget_at"],
        document.get("locked_until"),
        tuple(InFlight(flight["id"], flight["started"]) for flight in document.get("in_flight", ())),
    )
