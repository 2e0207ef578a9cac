from dataclasses import dataclass, replace

from application.load_user import LoadUser
from domain.model import Profile
from domain.ports import UserRepository
from domain.results import InvalidFields, NotSignedIn, ProfileUpdated, UpdateProfileResult


@dataclass(frozen=True)
class ProfileForm:
    session_id: str | None
    profile: Profile | None = None
    """The whole new profile; or None, and `changes` to make to the stored one (the rest kept)."""
    changes: tuple[tuple[str, str], ...] = ()


class UpdateProfile:
    """Replaces the signed-in user's profile, or changes some of its fields, when every field keeps its rule;
    otherwise stores nothing."""

    def __init__(self, users: UserRepository, load_user: LoadUser) -> None:
        self._users = users
        self._load_user = load_user

    async def __call__(self, form: ProfileForm) -> UpdateProfileResult:
        user = await self._load_user(form.session_id)
        if user is None:
            return NotSignedIn()
        profile = form.profile if form.profile is not None else replace(user.profile, **dict(form.changes))
        if refused := profile.problems():
            return InvalidFields(refused)
        user = replace(user, profile=profile)
        await self._users.update(user)
        return ProfileUpdated(user)
