"""The MongoDB adapters, on the async collection API that Motor and PyMongo's AsyncMongoClient share.

The only module of meet that imports a MongoDB driver. Documents are described in docs/storage.md.
"""

import asyncio
import inspect
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import asdict, fields
from typing import Any

from pymongo import AsyncMongoClient, uri_parser
from pymongo.errors import ConfigurationError, ConnectionFailure, DuplicateKeyError, OperationFailure, PyMongoError

from domain.errors import StorageUnavailable
from domain.model import Challenge, Email, PasswordHash, Profile, User, Username
from domain.ports import Clock
from domain.results import Conflict, EmailTaken, UsernameTaken

DRIVERS = ("motor", "pymongo")
USERNAME_INDEX = "username_key_unique"
EMAIL_INDEX = "email_key_unique"
# Codes that mean the server answered but will not serve meet: wrong credentials, no rights.
REFUSED = {13, 18}


def uri_problem(uri: str) -> str | None:
    """Why `uri` is no MongoDB URI, or None; never repeats the URI, which may hold a password."""
    if uri.startswith("mongodb+srv://"):
        return None  # parsing it would look the name up in DNS; the driver does that at start
    try:
        uri_parser.parse_uri(uri)
    except (ConfigurationError, ValueError) as error:
        return str(error)
    return None


def connect(driver: str, uri: str, timeout_seconds: float) -> Any:
    """A client for `uri` through Motor or PyMongo's async API; it connects on first use."""
    timeout_ms = int(timeout_seconds * 1000)
    options = {
        "tz_aware": True,
        # PyMongo's defaults would hold a page 30 s on an unreachable server.
        "timeoutMS": timeout_ms,
        "serverSelectionTimeoutMS": timeout_ms,
        "connectTimeoutMS": timeout_ms,
        "appname": "meet",
    }
    if driver == "motor":
        from motor.motor_asyncio import AsyncIOMotorClient

        return AsyncIOMotorClient(uri, **options)
    if driver == "pymongo":
        return AsyncMongoClient(uri, **options)
    raise ValueError(f"unknown MongoDB driver {driver!r}; known: {', '.join(DRIVERS)}")


class MongoDatabase:
    """meet's database: opened (indexes made) before serving, closed after; every call bounded in time."""

    def __init__(self, driver: str, uri: str, name: str, timeout_seconds: float) -> None:
        self.timeout = timeout_seconds
        try:
            self.client = connect(driver, uri, timeout_seconds)
        except ConfigurationError as error:  # e.g. a mongodb+srv:// name that does not resolve
            raise StorageUnavailable(str(error)) from error
        self.db = self.client[name]

    @asynccontextmanager
    async def call(self) -> AsyncIterator[None]:
        """Bound a database call and turn "the database does not answer" into StorageUnavailable.

        The driver's own timeout starts late under load (Motor queues calls for its threads),
        so the bound is also kept here, on the event loop.
        """
        try:
            async with asyncio.timeout(self.timeout):
                yield
        except TimeoutError as error:
            raise StorageUnavailable(f"no answer within {self.timeout:g} s") from error
        except PyMongoError as error:
            if isinstance(error, ConnectionFailure) or error.timeout:
                raise StorageUnavailable(str(error)) from error
            if isinstance(error, OperationFailure) and error.code in REFUSED:
                raise StorageUnavailable(f"the server refused meet: {error}") from error
            raise

    async def open(self) -> None:
        async with self.call():
            users = self.db["users"]
            await users.create_index("username_key", unique=True, name=USERNAME_INDEX)
            await users.create_index("email_key", unique=True, name=EMAIL_INDEX)
            await self.db["captcha_challenges"].create_index("expires_at", expireAfterSeconds=0)

    async def close(self) -> None:
        closed = self.client.close()  # Motor's close is plain, PyMongo's async one is awaited
        if inspect.isawaitable(closed):
            await closed

    async def ping(self) -> bool:
        try:
            async with self.call():
                await self.db.command("ping")
        except (StorageUnavailable, PyMongoError):
            return False
        return True


class MongoUserRepository:
    """Users, one document each with their profile inside: a registration is stored whole or not at all."""

    def __init__(self, database: MongoDatabase) -> None:
        self._call = database.call
        self._users = database.db["users"]

    async def add(self, user: User) -> Conflict | None:
        try:
            async with self._call():
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
        async with self._call():
            await self._users.update_one(
                {"_id": user.id},
                {"$set": {"password_hash": user.password_hash.value, "profile": _profile_document(user.profile)}},
            )

    async def _find(self, query: Mapping[str, str]) -> User | None:
        async with self._call():
            document = await self._users.find_one(query)
        return _user(document) if document else None


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


def _conflict(duplicate: DuplicateKeyError) -> Conflict:
    key = (duplicate.details or {}).get("keyPattern", {})
    if "username_key" in key:
        return UsernameTaken()
    if "email_key" in key:
        return EmailTaken()
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
