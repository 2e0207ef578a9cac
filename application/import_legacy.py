import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from application.add_user import AddUser
from domain.errors import InvalidField, Problem
from domain.model import Email, Profile, User, Username
from domain.ports import EmailValidator, LegacyHashAdopter, UsernameRules, UserRepository
from domain.results import AlreadyImported, Imported, ImportResult, InvalidFields
from domain.rules import check_email, check_username

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

    def __init__(
        self,
        users: UserRepository,
        add_user: AddUser,
        adopter: LegacyHashAdopter,
        emails: EmailValidator,
        usernames: UsernameRules,
    ) -> None:
        self._users = users
        self._add_user = add_user
        self._adopter = adopter
        self._emails = emails
        self._usernames = usernames

    async def __call__(self, legacy: LegacyUser, site_secret: str) -> ImportResult:
        user_id = f"legacy-{legacy.legacy_id}"
        if await self._users.get(user_id):
            return AlreadyImported()
        username, email = check_username(legacy.username, self._usernames), check_email(legacy.email, self._emails)
        md5 = MD5_HEX.fullmatch(legacy.md5_hex) and legacy.md5_hex
        if not (isinstance(username, Username) and isinstance(email, Email) and md5):
            hash_refused = None if md5 else InvalidField("password", Problem.LEGACY_HASH_FORMAT)
            return InvalidFields(tuple(v for v in (username, email, hash_refused) if isinstance(v, InvalidField)))
        profile, dropped = _keepable(legacy.profile)

        async def make() -> User:
            password_hash = await self._adopter.adopt(md5, site_secret)
            return User(user_id, username, email, password_hash, legacy.created_at, profile)

        match await self._add_user(username, email, make):
            case User() as user:
                return Imported(user, dropped)
            case conflict:
                return conflict


def _keepable(profile: Profile) -> tuple[Profile, tuple[str, ...]]:
    """The profile with every field meet would refuse emptied, and their names: the tutorial checked none."""
    dropped = tuple(refused.field for refused in profile.problems())
    return replace(profile, **dict.fromkeys(dropped, "")), dropped
