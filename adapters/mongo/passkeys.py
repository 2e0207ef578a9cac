"""Passkeys in MongoDB."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from adapters.mongo.client import MongoDatabase
from domain.passkeys import Passkey


class MongoPasskeyStore:
    """One document per passkey, keyed by its credential id (unique across users); an index on `user_id`."""

    def __init__(self, database: MongoDatabase) -> None:
        self._call = database.call
        self._passkeys = database.db["passkeys"]

    async def add(self, passkey: Passkey) -> bool:
        document = {
            "_id": passkey.id,
            "user_id": passkey.user_id,
            "public_key": passkey.public_key,
            "sign_count": passkey.sign_count,
            "name": passkey.name,
            "added_at": passkey.added_at,
            "last_used_at": passkey.last_used_at,
        }
        async with self._call():
            try:
                await self._passkeys.insert_one(document)
            except DuplicateKeyError:
                return False
        return True

    async def get(self, credential_id: bytes) -> Passkey | None:
        async with self._call():
            document = await self._passkeys.find_one({"_id": credential_id})
        return None if document is None else _passkey(document)

    async def for_user(self, user_id: str) -> list[Passkey]:
        query = {"user_id": user_id}
        async with self._call():
            found = self._passkeys.find(query).sort([("added_at", 1), ("_id", 1)])
            return [_passkey(document) async for document in found]

    async def used(self, credential_id: bytes, sign_count: int, now: datetime) -> bool:
        # domain.passkeys.counter_moves as a filter, so the check and the write are one step: of two sign-ins
        # racing with one counter value, only one matches. It moves when stored < new, or when both are 0.
        stored = {"$lte": 0} if sign_count == 0 else {"$lt": sign_count}
        async with self._call():
            result = await self._passkeys.update_one(
                {"_id": credential_id, "sign_count": stored},
                {"$set": {"sign_count": sign_count, "last_used_at": now}},
            )
        return bool(result.matched_count == 1)

    async def remove(self, user_id: str, credential_id: bytes) -> Passkey | None:
        async with self._call():
            document = await self._passkeys.find_one_and_delete({"_id": credential_id, "user_id": user_id})
        return None if document is None else _passkey(document)

    async def delete_for_user(self, user_id: str) -> None:
        async with self._call():
            await self._passkeys.delete_many({"user_id": user_id})


def _passkey(document: Mapping[str, Any]) -> Passkey:
    return Passkey(
        bytes(document["_id"]),
        document["user_id"],
        bytes(document["public_key"]),
        int(document["sign_count"]),
        document["name"],
        document["added_at"],
        document.get("last_used_at"),
    )
