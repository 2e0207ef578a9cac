"""Users in MongoDB: one document each, the profile inside it (docs/storage.md)."""

from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from pymongo.errors import DuplicateKeyError

from adapters.mongo.client import MongoDatabase
from adapters.usernames import looks
from domain.model import Email, PasswordHash, Profile, User, Username
from domain.results import Conflict, EmailTaken, UsernameLookalike, UsernameTaken


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
            return await self._conflict(user, duplicate)
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
                {"$set": {"password_hash": user.password_hash.value, "profile": asdict(user.profile)}},
            )

    async def set_language(self, user_id: str, language: str) -> None:
        async with self._call():
            await self._users.update_one({"_id": user_id}, {"$set": {"language": language}})

    async def set_two_step(self, user_id: str, on: bool) -> None:
        async with self._call():
            await self._users.update_one({"_id": user_id}, {"$set": {"two_step": on}})

    async def change_email(self, user_id: str, old: Email, new: Email) -> bool | EmailTaken:
        change = {"$set": {"email": new.value, "email_key": new.key, "email_verified": True}}
        try:
            async with self._call():
                result = await self._users.update_one({"_id": user_id, "email_key": old.key}, change)
        except DuplicateKeyError:
            return EmailTaken()
        return bool(result.matched_count == 1)

    async def mark_verified(self, user_id: str, email: Email) -> bool:
        async with self._call():
            result = await self._users.update_one(
                {"_id": user_id, "email_key": email.key}, {"$set": {"email_verified": True}}
            )
        return bool(result.matched_count == 1)

    async def delete(self, user_id: str) -> None:
        async with self._call():
            await self._users.delete_one({"_id": user_id})

    async def all(self) -> list[User]:
        async with self._call():
            return [_user(document) async for document in self._users.find({}).sort("created_at", 1)]

    async def _conflict(self, user: User, duplicate: DuplicateKeyError) -> Conflict:
        key = (duplicate.details or {}).get("keyPattern", {})
        if "username_key" in key:
            return UsernameTaken()
        if "username_skeleton" in key:
            # One key has one skeleton: when the server checked the skeleton first, the name may be taken.
            return UsernameTaken() if await self.by_username(user.username) else UsernameLookalike()
        if "email_key" in key:
            return EmailTaken()
        raise duplicate  # a duplicate _id: ids are random, so this is a bug, not an outcome

    async def _find(self, query: Mapping[str, str]) -> User | None:
        async with self._call():
            document = await self._users.find_one(query)
        return _user(document) if document else None


def _document(user: User) -> dict[str, Any]:
    return {
        "_id": user.id,
        "username": user.username.value,
        "username_key": user.username.key,
        "username_skeleton": user.username.skeleton,
        "email": user.email.value,
        "email_key": user.email.key,
        "password_hash": user.password_hash.value,
        "created_at": user.created_at,
        "profile": asdict(user.profile),
        "email_verified": user.email_verified,
        "language": user.language,
        "two_step": user.two_step,
    }


def _username(document: Mapping[str, Any]) -> Username:
    shown = document["username"]
    # A user stored before skeletons were kept may have none in its document yet (docs/storage.md).
    return Username(shown, document["username_key"], document.get("username_skeleton") or looks(shown))


def _user(document: Mapping[str, Any]) -> User:
    stored = document.get("profile") or {}
    return User(
        id=document["_id"],
        username=_username(document),
        email=Email(document["email"]),
        password_hash=PasswordHash(document["password_hash"]),
        created_at=document["created_at"],
        profile=Profile(**{f.name: stored[f.name] for f in fields(Profile) if f.name in stored}),
        # Users stored before these were kept have neither (docs/storage.md).
        email_verified=document.get("email_verified", False),
        language=document.get("language", "en_US"),
        two_step=document.get("two_step", False),
    )
