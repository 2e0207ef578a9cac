from tornado.web import HTTPError

from application.check_health import CheckHealth, Health
from application.load_user import LoadUser
from entrypoints.web.handlers.base import BaseHandler


class IndexHandler(BaseHandler):
    def initialize(self, load_user: LoadUser) -> None:
        self.load_user = load_user

    async def get(self) -> None:
        session_id = self.session_id()
        user = await self.load_user(session_id)
        if user is None and session_id:
            self.sign_out()
        self.render_page("index.html", user=user)


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
