"""Skeletons for users stored before meet kept them (docs/storage.md): given at every opening, once each."""

import logging
from typing import Any

from pymongo.errors import DuplicateKeyError

from adapters.usernames import looks

log = logging.getLogger("meet.storage")


async def add_missing(users: Any) -> None:
    """Give each user without a skeleton the one its name has now. Two names the old rules allowed may look
    alike (alice, aIice): the first keeps the skeleton, the other none, and a warning names it."""
    async for document in users.find({"username_skeleton": {"$exists": False}}, {"username": 1}):
        try:
            await users.update_one(
                {"_id": document["_id"], "username_skeleton": {"$exists": False}},
                {"$set": {"username_skeleton": looks(document["username"])}},
            )
        except DuplicateKeyError:
            log.warning("user %r looks like another user's name: it guards no lookalike", document["username"])
