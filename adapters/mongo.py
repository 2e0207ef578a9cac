"""The MongoDB adapters, on the async collection API that Motor and PyMongo's AsyncMongoClient share.

The only module of meet that imports a MongoDB driver. Documents are described in docs/storage.md.
"""

import inspect
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import asdict, fields
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError

from domain.errors import StorageUnavailable
from domain.model import Challenge, Email, PasswordHash, Profile, User, Username
from domain.ports import Clock
from domain.results import Conflict, EmailTaken, UsernameTaken

DRIVERS = ("motor", "pymongo")
USERNAME_INDEX = "username_key_unique"
EMAIL_INDEX = "email_key_unique"


def connect(driver: str, uri: str, timeout_seconds: float) -> Any:
    """A client for `uri` through Motor or PyMongo's async API; it connects on first use."""
    options = {
        "tz_aware": True,
        # No request waits on an unreachable server longer than this (PyMongo's default is 30 s).
        "timeoutMS": int(timeout_seconds * 1000),
        "serverSelectionTimeoutMS": int(timeout_seconds * 1000),
        "connectTimeoutMS": int(timeout_seconds * 1000),
        "appname": "meet",
    }
    if driver == "motor":
        from motor.motor_asyncio import AsyncIOMotorClient

        return AsyncIOMotorClient(uri, **options)
    if driver == "pymongo":
        return AsyncMongoClient(uri, **options)
    raise ValueError(f"unknown MongoDB driver {driver!r}; known: {', '.join(DRIVERS)}")


class MongoDatabase:
    """meet's database: opened (indexes made) before serving, closed after."""

    def __init__(self, driver: str, uri: str, name: str, timeout_seconds: float) -> None:
        self.client = connect(driver, uri, timeout_seconds)
        self.db = self.client[name]

    async def open(self) -> None:
        """Make the indexes meet relies on; safe to run at every start."""
        async with unavailable_on_timeout():
            users = self.db["users"]
            await users.create_index("username_key", unique=True, name=USERNAME_INDEX)
            await users.create_index("email_key", unique=True, name=EMAIL_INDEX)
            await self.db["captcha_challenges"].create_index("expires_at", expireAfterSeconds=0)

    async def close(self) -> None:
        closed = self.client.close()  # Motor's close is plain, PyMongo's async one is awaited
        if inspect.isawaitable(closed):
            await closed


@asynccontextmanager
async def unavailable_on_timeout() -> AsyncIterator[None]:
    try:
        yield
    except PyMongoError as error:
        if isinstance(error, ConnectionFailure) or error.timeout:
            raise StorageUnavailable(str(error)) from error
        raise


class MongoUserRepository:
    """Users, one document each with their profile inside: a registration is stored whole or not at all."""

    def __init__(self, database: MongoDatabase) -> None:
        self._database = database
        self._users = database.db["users"]

    async def add(self, user: User) -> Conflict | None:
        try:
            async with unavailable_on_timeout():
                await self._users.insert_one(_document(user))
        except DuplicateKeyError as duplicate:
            return _conflict(duplicate)
        return None

    async def get(self, user_id: str) -> User | None:
        return await self._find({"_id": user_id})

    async def by_username(self, username: Username) -> User | None:
        return await self._find({"username_key": username.key})

    async def by_email(self, email: Email) -> User | None:
        return await self._find({"email_key": email.key})

    async def update(self, user: User) -> None:
        async with unavailable_on_timeout():
            await self._users.update_one(
                {"_id": user.id},
                {"$set": {"password_hash": user.password_hash.value, "profile": _profile_document(user.profile)}},
            )

    async def ping(self) -> bool:
        try:
            async with unavailable_on_timeout():
                await self._database.db.command("ping")
        except StorageUnavailable:
            return False
        return True

    async def _find(self, query: Mapping[str, str]) -> User | None:
        async with unavailable_on_timeout():
            document = await self._users.find_one(query)
        return _user(document) if document else None


class MongoChallengeStore:
    """Captcha challenges in the database, so any meet process can check one; a TTL index clears expired ones."""

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._challenges = database.db["captcha_challenges"]
        self._clock = clock

    async def add(self, challenge: Challenge) -> None:
        async with unavailable_on_timeout():
            await self._challenges.insert_one(
                {"_id": challenge.id, "answer": challenge.answer, "expires_at": challenge.expires_at}
            )

    async def take(self, challenge_id: str) -> Challenge | None:
        async with unavailable_on_timeout():
            document = await self._challenges.find_one_and_delete({"_id": challenge_id})
        # The TTL monitor runs about once a minute: an expired challenge may still be there.
        if document is None or document["expires_at"] <= self._clock.now():
            return None
        return Challenge(document["_id"], document["answer"], document["expires_at"])


def _conflict(duplicate: DuplicateKeyError) -> Conflict:
    details = duplicate.details or {}
    fields = set(details.get("keyPattern") or details.get("keyValue") or {})
    if "email_key" in fields or EMAIL_INDEX in str(duplicate):
        return EmailTaken()
    if "username_key" in fields or USERNAME_INDEX in str(duplicate):
        return UsernameTaken()
    raise duplicate  # a duplicate _id: ids are random, so this is a bug, not an outcome


def _document(user: User) -> dict[str, Any]:
    return {
        "_id": user.id,
        "username": user.username.value,
        "username_key": user.username.key,
        "email": user.email.value,
        "email_key": user.email.key,
        "password_hash": user.password_hash.value,
        "created_at": user.created_at,
        "profile": _profile_document(user.profile),
    }


def _profile_document(profile: Profile) -> dict[str, str]:
    return asdict(profile)


def _user(document: Mapping[str, Any]) -> User:
    stored = document.get("profile") or {}
    return User(
        id=document["_id"],
        username=Username(document["username"]),
        email=Email(document["email"]),
        password_hash=PasswordHash(document["password_hash"]),
        created_at=document["created_at"],
        profile=Profile(**{f.name: stored[f.name] for f in fields(Profile) if f.name in stored}),
    )
