"""Mailed links' tokens and request counters in MongoDB."""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from adapters.mongo.client import MongoDatabase
from domain.links import Token
from domain.ports import Clock


class MongoTokenStore:
    """Tokens in the database, keyed by their digest; a TTL index clears expired ones."""

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._tokens = database.db["tokens"]
        self._clock = clock

    async def add(self, token: Token) -> None:
        document = asdict(token)
        document["_id"] = document.pop("digest")
        async with self._call():
            await self._tokens.insert_one(document)

    async def get(self, digest: str) -> Token | None:
        async with self._call():
            document = await self._tokens.find_one({"_id": digest, "expires_at": {"$gt": self._clock.now()}})
        return None if document is None else _token(document)

    async def take(self, digest: str) -> Token | None:
        async with self._call():
            document = await self._tokens.find_one_and_delete({"_id": digest})
        # The TTL monitor runs about once a minute: an expired token may still be there.
        if document is None or document["expires_at"] <= self._clock.now():
            return None
        return _token(document)

    async def delete_for_user(self, user_id: str) -> None:
        async with self._call():
            await self._tokens.delete_many({"user_id": user_id})


def _token(document: dict[str, Any]) -> Token:
    return Token(
        document["_id"],
        document["purpose"],
        document["user_id"],
        document["stamp"],
        document["expires_at"],
        document.get("email", ""),  # tokens stored before links could change an address have none
    )


class MongoRequestCounter:
    """One document per key and window; a TTL index clears ended windows.

    A count is an increment of the window's document, else its insert, else (another request inserted it
    meanwhile) the increment again: `findAndModify` with `upsert`, racing to insert, returned no document on
    SecantusDB, as it did for the login attempts (docs/storage.md).
    """

    def __init__(self, database: MongoDatabase) -> None:
        self._call = database.call
        self._counts = database.db["request_counts"]

    async def count(self, key: str, window_ends: datetime) -> int:
        window = f"{key}@{window_ends.isoformat()}"
        async with self._call():
            if (counted := await self._increment(window)) is not None:
                return counted
            try:
                await self._counts.insert_one({"_id": window, "n": 1, "expires_at": window_ends})
                return 1
            except DuplicateKeyError:
                pass
            counted = await self._increment(window)
        if counted is None:  # inserted by another request and cleared at once: its window has ended
            return 1
        return counted

    async def _increment(self, window: str) -> int | None:
        document = await self._counts.find_one_and_update(
            {"_id": window}, {"$inc": {"n": 1}}, return_document=ReturnDocument.AFTER
        )
        return None if document is None else int(document["n"])
