import dataclasses
from typing import assert_never

from tornado.web import HTTPError, authenticated

from application.check_health import CheckHealth, Health
from application.load_user import LoadUser
from application.update_profile import ProfileForm, UpdateProfile
from domain.links import EmailVerification
from domain.model import PROFILE_LIMITS, Profile
from domain.results import InvalidFields, NotSignedIn, ProfileUpdated
from entrypoints.messages import key
from entrypoints.web.handlers.base import BaseHandler, PageHandler


class IndexHandler(PageHandler):
    def initialize(self, verification: EmailVerification, **page: LoadUser) -> None:
        super().initialize(**page)
        self.verification = verification

    def get(self) -> None:
        self.render_page("index.html", user=self.current_user, verification=self.verification)


class ProfileHandler(PageHandler):
    def initialize(self, update_profile: UpdateProfile, **page: LoadUser) -> None:
        super().initialize(**page)
        self.update_profile = update_profile

    @authenticated
    def get(self) -> None:
        self.render_page("profile.html", profile=self.current_user.profile)

    async def post(self) -> None:
        profile = Profile(**{name: self.field(name) for name in PROFILE_LIMITS})
        match await self.update_profile(ProfileForm(self.cookies.session_id(), profile)):
            case ProfileUpdated() as updated:
                self.flash("info", key(updated))
                self.redirect(self.reverse_url("profile"))
            case InvalidFields(fields):
                refused = {field.field: key(field) for field in fields}
                banner = next(iter(refused.values())) if len(refused) == 1 else "InvalidFields"
                self.flash("error", banner, dataclasses.asdict(profile), refused)
                self.redirect(self.reverse_url("profile"))
            case NotSignedIn():
                # What @authenticated does for a GET; a POST's session ended while its form was open.
                self.to_login("profile")
            case unexpected:
                assert_never(unexpected)


class NotFoundHandler(PageHandler):
    """Any other address: a 404 page, whose header still shows who is signed in."""

    async def prepare(self) -> None:
        await super().prepare()
        raise HTTPError(404)


class HealthHandler(BaseHandler):
    def initialize(self, check_health: CheckHealth) -> None:
        self.check_health = check_health

    async def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        match await self.check_health():
            case Health(storage_ok=True):
                self.finish({"status": "ok"})
            case Health():  # storage_ok is False (a pattern on the bool would leave the type checker a Health)
                self.set_status(503)
                self.finish({"status": "unavailable", "storage": "not answering"})
            case unexpected:
                assert_never(unexpected)
