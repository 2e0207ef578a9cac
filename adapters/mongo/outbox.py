"""The outbox in MongoDB."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, ReturnDocument

from adapters.mongo.client import MongoDatabase
from domain.mail import Letter, Message


class MongoOutbox:
    """Letters in the database, so every meet process delivers from one outbox; a claim is one atomic update.

    One document per letter: `to`, `to_key` (the address casefolded), `subject`, `text`, `html`, `queued_at`,
    `next_try`, `tries`, `claimed_until`.
    """

    def __init__(self, database: MongoDatabase) -> None:
        self._call = database.call
        self._letters = database.db["outbox"]

    async def add(self, letter: Letter) -> None:
        async with self._call():
            await self._letters.insert_one(_document(letter))

    async def claim(self, now: datetime, until: datetime) -> Letter | None:
        due = {"next_try": {"$lte": now}, "$or": [{"claimed_until": None}, {"claimed_until": {"$lte": now}}]}
        async with self._call():
            document = await self._letters.find_one_and_update(
                due,
                {"$set": {"claimed_until": until}},
                sort=[("next_try", ASCENDING), ("queued_at", ASCENDING)],
                return_document=ReturnDocument.AFTER,
            )
        return None if document is None else _letter(document)

    async def sent(self, letter_id: str) -> None:
        async with self._call():
            await self._letters.delete_one({"_id": letter_id})

    async def retry(self, letter: Letter) -> None:
        # An update, never an upsert: a letter dropped meanwhile (its account deleted) stays dropped.
        change = {"tries": letter.tries, "next_try": letter.next_try, "claimed_until": None}
        async with self._call():
            await self._letters.update_one({"_id": letter.id}, {"$set": change})

    async def drop_to(self, address: str, queued_by: datetime) -> int:
        async with self._call():
            result = await self._letters.delete_many({"to_key": address.casefold(), "queued_at": {"$lte": queued_by}})
        return int(result.deleted_count)


def _document(letter: Letter) -> dict[str, Any]:
    message = letter.message
    return {
        "_id": letter.id,
        "to": message.to,
        "to_key": message.to.casefold(),
        "subject": message.subject,
        "text": message.text,
        "html": message.html,
        "queued_at": letter.queued_at,
        "next_try": letter.next_try,
        "tries": letter.tries,
        "claimed_until": letter.claimed_until,
    }


def _letter(document: Mapping[str, Any]) -> Letter:
    return Letter(
        document["_id"],
        Message(document["to"], document["subject"], document["text"], document["html"]),
        document["queued_at"],
        document["next_try"],
        document["tries"],
        document.get("claimed_until"),
    )
