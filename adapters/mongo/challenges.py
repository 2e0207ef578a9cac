"""Captcha challenges in MongoDB."""

from adapters.mongo.client import MongoDatabase
from domain.model import Challenge
from domain.ports import Clock


class MongoChallengeStore:
    """Captcha challenges in the database, so any meet process can check one; a TTL index clears expired ones."""

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._challenges = database.db["captcha_challenges"]
        self._clock = clock

    async def add(self, challenge: Challenge) -> None:
        async with self._call():
            await self._challenges.insert_one(
                {"_id": challenge.id, "answer": challenge.answer, "expires_at": challenge.expires_at}
            )

    async def take(self, challenge_id: str) -> Challenge | None:
        async with self._call():
            document = await self._challenges.find_one_and_delete({"_id": challenge_id})
        # The TTL monitor runs about once a minute: an expired challenge may still be there.
        if document is None or document["expires_at"] <= self._clock.now():
            return None
        return Challenge(document["_id"], document["answer"], document["expires_at"])
