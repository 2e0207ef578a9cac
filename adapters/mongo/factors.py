"""Second factors in MongoDB."""

from collections.abc import Mapping
from typing import Any

from adapters.mongo.client import MongoDatabase
from domain.factors import Factors, Totp


class MongoFactorStore:
    """One document per user who has a second factor, keyed by the user's id."""

    def __init__(self, database: MongoDatabase) -> None:
        self._call = database.call
        self._factors = database.db["factors"]

    async def get(self, user_id: str) -> Factors | None:
        async with self._call():
            document = await self._factors.find_one({"_id": user_id})
        return None if document is None else _factors(document)

    async def turn_on(self, user_id: str, totp: Totp, recovery: tuple[str, ...]) -> None:
        document = {
            "_id": user_id,
            "totp": {"secret": totp.sealed_secret, "last_step": totp.last_step},
            "recovery": list(recovery),
        }
        async with self._call():
            await self._factors.replace_one({"_id": user_id}, document, upsert=True)

    async def accept_step(self, user_id: str, step: int) -> bool:
        async with self._call():
            result = await self._factors.update_one(
                {"_id": user_id, "totp.last_step": {"$lt": step}}, {"$set": {"totp.last_step": step}}
            )
        return bool(result.modified_count == 1)

    async def use_recovery_code(self, user_id: str, digest: str) -> bool:
        async with self._call():
            result = await self._factors.update_one(
                {"_id": user_id, "recovery": digest}, {"$pull": {"recovery": digest}}
            )
        return bool(result.modified_count == 1)

    async def replace_recovery_codes(self, user_id: str, recovery: tuple[str, ...]) -> None:
        async with self._call():
            await self._factors.update_one({"_id": user_id}, {"$set": {"recovery": list(recovery)}})

    async def delete(self, user_id: str) -> None:
        async with self._call():
            await self._factors.delete_one({"_id": user_id})


def _factors(document: Mapping[str, Any]) -> Factors:
    stored = document.get("totp")
    totp = Totp(bytes(stored["secret"]), int(stored["last_step"])) if stored else None
    return Factors(document["_id"], totp, tuple(document.get("recovery", ())))
