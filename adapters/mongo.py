"""The MongoDB adapters, on the async collection API that Motor and PyMongo's AsyncMongoClient share.

The only module of meet that imports a MongoDB driver. Documents are described in docs/storage.md.
"""

import asyncio
import inspect
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient, ReturnDocument, uri_parser
from pymongo.errors import ConfigurationError, ConnectionFailure, DuplicateKeyError, OperationFailure, PyMongoError

from application.import_legacy import LegacyUser
from domain.errors import StorageUnavailable
from domain.model import Attempts, Challenge, Email, InFlight, PasswordHash, Profile, Session, User, Username
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
            await self.db["sessions"].create_index("expires_at", expireAfterSeconds=0)
            await self.db["login_attempts"].create_index("forget_at", expireAfterSeconds=0)

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

    async def all(self) -> list[User]:
        async with self._call():
            return [_user(document) async for document in self._users.find({}).sort("created_at", 1)]

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


class MongoSessionStore:
    """Sessions in the database, so every meet process honours them; a TTL index clears ended ones."""

    def __init__(self, database: MongoDatabase, clock: Clock) -> None:
        self._call = database.call
        self._sessions = database.db["sessions"]
        self._clock = clock

    async def put(self, session: Session) -> None:
        document = asdict(session)
        document["_id"] = document.pop("id")
        async with self._call():
            await self._sessions.replace_one({"_id": session.id}, document, upsert=True)

    async def get(self, session_id: str) -> Session | None:
        async with self._call():
            document = await self._sessions.find_one({"_id": session_id, "expires_at": {"$gt": self._clock.now()}})
        if document is None:
            return None
        return Session(
            document["_id"], document["user_id"], document["created_at"], document["last_seen"], document["expires_at"]
        )

    async def delete(self, session_id: str) -> None:
        async with self._call():
            await self._sessions.delete_one({"_id": session_id})

    async def delete_for_user(self, user_id: str) -> None:
        async with self._call():
            await self._sessions.delete_many({"user_id": user_id})


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
        return result.modified_count == 1

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


class TutorialDatabase:
    """The tutorial's own database, read only: collections `user` and `profile`."""

    def __init__(self, uri: str, name: str, timeout_seconds: float = 10) -> None:
        self.client = connect("pymongo", uri, timeout_seconds)
        self.db = self.client[name]

    async def count(self) -> int:
        try:
            return await self.db["user"].count_documents({})
        except PyMongoError as error:
            raise StorageUnavailable(_short(error)) from error

    async def has_users(self) -> bool:
        try:
            return "user" in await self.db.list_collection_names()
        except PyMongoError as error:
            raise StorageUnavailable(_short(error)) from error

    async def users(self) -> AsyncIterator[LegacyUser]:
        try:
            async for legacy in self._users():
                yield legacy
        except PyMongoError as error:
            raise StorageUnavailable(_short(error)) from error

    async def _users(self) -> AsyncIterator[LegacyUser]:
        profiles = {str(p["_id"]): p async for p in self.db["profile"].find({})}
        async for document in self.db["user"].find({}).sort("_id", 1):
            stored = profiles.get(str(document.get("profile_id")), {})
            yield LegacyUser(
                legacy_id=str(document["_id"]),
                username=str(document.get("username") or ""),
                email=str(document.get("email") or ""),
                md5_hex=str(document.get("password") or ""),
                created_at=_tutorial_time(document.get("timestamp")),
                profile=Profile(**{f.name: str(stored.get(f.name) or "") for f in fields(Profile)}),
            )

    async def close(self) -> None:
        await self.client.close()


def _short(error: PyMongoError) -> str:
    """The driver's reason without its topology dump."""
    return str(error).split(", Timeout:")[0].split("\n")[0][:200]


def _tutorial_time(timestamp: object) -> datetime:
    """The tutorial stored time.time(), in seconds in one version and milliseconds in another."""
    if not isinstance(timestamp, int | float):
        return datetime.now(UTC)
    seconds = timestamp / 1000 if timestamp > 1e11 else timestamp
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):  # NaN, or beyond what a datetime holds
        return datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _attempts(document: Mapping[str, Any]) -> Attempts:
    return Attempts(
        document["_id"],
        document["failures"],
        document["forget_at"],
        document.get("locked_until"),
        tuple(InFlight(flight["id"], flight["started"]) for flight in document.get("in_flight", ())),
    )


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
