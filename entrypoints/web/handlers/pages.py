import dataclasses
from typing import assert_never

from tornado.web import HTTPError

from application.check_health import CheckHealth, Health
from application.load_user import LoadUser
from application.update_profile import ProfileForm, UpdateProfile
from domain.model import PROFILE_LIMITS, Profile
from domain.results import InvalidFields, NotSignedIn, ProfileUpdated
from entrypoints.web.handlers.base import BaseHandler, PageHandler


class IndexHandler(PageHandler):
    def get(self) -> None:
        self.render_page("index.html", user=self.me)


class ProfileHandler(PageHandler):
    def initialize(self, load_user: LoadUser, update_profile: UpdateProfile) -> None:
        super().initialize(load_user)
        self.update_profile = update_profile

    def get(self) -> None:
        if self.me is None:
            self.redirect("/auth/login?next=/profile")
            return
        self.render_page("profile.html", profile=self.me.profile)

    async def post(self) -> None:
        profile = Profile(**{name: self.field(name) for name in PROFILE_LIMITS})
        match await self.update_profile(ProfileForm(self.session_id(), profile)):
            case ProfileUpdated():
                self.flash("info", "profile_saved")
                self.redirect("/profile")
            case InvalidFields(fields):
                field, problem = fields[0].field, fields[0].problem
                self.flash("error", f"{field}_{problem.value}", dataclasses.asdict(profile), about=field)
                self.redirect("/profile")
            case NotSignedIn():
                self.redirect("/auth/login?next=/profile")
            case unexpected:
                assert_never(unexpected)


class NotFoundHandler(BaseHandler):
    def prepare(self) -> None:
        raise HTTPError(404)


class HealthHandler(BaseHandler):
    def initialize(self, check_health: CheckHealth) -> None:
        self.check_health = check_health

    async def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        match await self.check_health():
            case Health(storage_ok=True):
                self.finish({"status": "ok"})
            case Health(storage_ok=False):
                self.set_status(503)
                self.finish({"status": "unavailable", "storage": "not answering"})
