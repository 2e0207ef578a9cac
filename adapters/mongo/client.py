"""The MongoDB client and its bounded calls, on the async collection API that Motor and PyMongo share.

The only module of meet that makes a MongoDB client.
"""

import asyncio
import inspect
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

from pymongo import AsyncMongoClient, uri_parser
from pymongo.errors import ConfigurationError, ConnectionFailure, OperationFailure, PyMongoError

from adapters.mongo import skeletons
from domain.errors import StorageUnavailable

DRIVERS = ("pymongo", "motor")  # the first is the default
USERNAME_INDEX = "username_key_unique"
EMAIL_INDEX = "email_key_unique"
SKELETON_INDEX = "username_skeleton_unique"
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


def authority(uri: str) -> tuple[str, str]:
    """The user info (user name and password) and the hosts of `uri`, as written there.

    Split at the last "@": a password written unescaped may hold "/", "?" or "@", and none of it
    may end up among the hosts, which messages show.
    """
    userinfo, _, rest = uri.split("://", 1)[-1].rpartition("@")
    return userinfo, re.split("[/?]", rest, maxsplit=1)[0]


def hosts(uri: str) -> str:
    """The hosts `uri` names, as written there, without the user name and password before them."""
    return authority(uri)[1]


def connect(driver: str, uri: str, timeout_seconds: float) -> Any:
    """A client for `uri` through Motor or PyMongo's async API; it connects on first use.

    Typed Any: Motor's and PyMongo's clients share their collection API but no declared type.
    """
    timeout_ms = int(timeout_seconds * 1000)
    options: dict[str, Any] = {
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


def short(error: PyMongoError) -> str:
    """The driver's reason without its topology dump."""
    return str(error).split(", Timeout:")[0].split(" (configured timeouts")[0].split("\n")[0][:200]


def described(reason: str, uri: str) -> str:
    """`reason` fit for a message: led by the hosts of `uri` (unless it names one already), and with the
    password masked wherever the driver repeated it, as written in the URI or decoded."""
    password = authority(uri)[0].partition(":")[2]
    for secret in {password, unquote(password)} - {""}:
        reason = reason.replace(secret, "***")
    named = hosts(uri)
    return reason if any(reason.startswith(f"{host}:") for host in named.split(",")) else f"{named}: {reason}"


class MongoConnection:
    """One database on one server (or replica set), every call bounded in time."""

    def __init__(self, driver: str, uri: str, name: str, timeout_seconds: float) -> None:
        self.timeout = timeout_seconds
        self._uri = uri
        try:
            self.client = connect(driver, uri, timeout_seconds)
        except ConfigurationError as error:  # e.g. a mongodb+srv:// name that does not resolve
            raise StorageUnavailable(self._at(short(error))) from error
        self.db = self.client[name]

    @asynccontextmanager
    async def call(self) -> AsyncIterator[None]:
        """Bound a database call and turn "the database does not answer" into StorageUnavailable.

        The driver's own timeout starts late under load (Motor queues calls for its threads),
        so the bound is also kept here, on the event loop. The message names the hosts, never the password.
        """
        try:
            async with asyncio.timeout(self.timeout):
                yield
        except TimeoutError as error:
            raise StorageUnavailable(self._at(f"no answer within {self.timeout:g} s")) from error
        except PyMongoError as error:
            if isinstance(error, ConnectionFailure) or error.timeout:
                raise StorageUnavailable(self._at(short(error))) from error
            if isinstance(error, OperationFailure) and error.code in REFUSED:
                raise StorageUnavailable(self._at(f"the server refused meet: {short(error)}")) from error
            raise

    def _at(self, reason: str) -> str:
        return described(reason, self._uri)

    async def close(self) -> None:
        closed = self.client.close()  # Motor's close is plain, PyMongo's async one is awaited
        if inspect.isawaitable(closed):
            await closed


class MongoDatabase(MongoConnection):
    """meet's database: opened (indexes made) before serving, closed after."""

    async def open(self) -> None:
        async with self.call():
            users = self.db["users"]
            await users.create_index("username_key", unique=True, name=USERNAME_INDEX)
            await users.create_index("email_key", unique=True, name=EMAIL_INDEX)
            # Partial: users stored before skeletons were kept have none until add_missing gives them one,
            # and of two that look alike the second never will.
            await users.create_index(
                "username_skeleton",
                unique=True,
                name=SKELETON_INDEX,
                partialFilterExpression={"username_skeleton": {"$exists": True}},
            )
            await skeletons.add_missing(users)
            await self.db["captcha_challenges"].create_index("expires_at", expireAfterSeconds=0)
            await self.db["sessions"].create_index("expires_at", expireAfterSeconds=0)
            await self.db["sessions"].create_index("user_id")
            await self.db["login_attempts"].create_index("forget_at", expireAfterSeconds=0)
            await self.db["outbox"].create_index("next_try")
            await self.db["outbox"].create_index("to_key")
            await self.db["tokens"].create_index("expires_at", expireAfterSeconds=0)
            await self.db["tokens"].create_index("user_id")
            await self.db["request_counts"].create_index("expires_at", expireAfterSeconds=0)
            await self.db["passkeys"].create_index("user_id")

    async def ping(self) -> bool:
        try:
            async with self.call():
                await self.db.command("ping")
        except (StorageUnavailable, PyMongoError):
            return False
        return True
