import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.errors import InvalidValue, Problem
from domain.model import Profile, User, Username
from domain.ports import EmailValidator, PasswordHasher, UserRepository
from domain.results import AlreadyImported, EmailTaken, Imported, ImportResult, InvalidField, UsernameTaken

MD5_HEX = re.compile(r"[0-9a-fA-F]{32}")


@dataclass(frozen=True)
class LegacyUser:
    """A user as the tutorial stored it: md5(password + site secret), a timestamp, a separate profile."""

    legacy_id: str
    username: str
    email: str
    md5_hex: str = field(repr=False)
    created_at: datetime
    profile: Profile


class ImportLegacyUser:
    """Brings one of the tutorial's users into meet, once; a taken name or email is reported, never overwritten."""

    def __init__(self, users: UserRepository, hasher: PasswordHasher, emails: EmailValidator) -> None:
        self._users = users
        self._hasher = hasher
        self._emails = emails

    async def __call__(self, legacy: LegacyUser, site_secret: str) -> ImportResult:
        user_id = f"legacy-{legacy.legacy_id}"
        if await self._users.get(user_id):
            return AlreadyImported()
        try:
            username = Username(legacy.username)
        except InvalidValue as refused:
            return InvalidField(refused.field, refused.problem)
        email = self._emails.normalize(legacy.email)
        if email is None:
            return InvalidField("email", Problem.EMAIL_FORMAT)
        if not MD5_HEX.fullmatch(legacy.md5_hex):
            return InvalidField("password", Problem.LEGACY_HASH_FORMAT)
        if await self._users.by_username(username):
            return UsernameTaken()
        if await self._users.by_email(email):
            return EmailTaken()
        profile, dropped = _keepable(legacy.profile)
        user = User(
            id=user_id,
            username=username,
            email=email,
            password_hash=await self._hasher.adopt_md5(legacy.md5_hex, site_secret),
            created_at=legacy.created_at,
            profile=profile,
        )
        if (conflict := await self._users.add(user)) is not None:
            return conflict
        return Imported(user, dropped)


def _keepable(profile: Profile) -> tuple[Profile, tuple[str, ...]]:
    """The profile with any field meet would refuse emptied (the tutorial checked none), and those fields."""
    dropped: list[str] = []
    while (refused := profile.problem()) is not None:
        profile = replace(profile, **{refused.field: ""})
        dropped.append(refused.field)
    return profile, tuple(dropped)
