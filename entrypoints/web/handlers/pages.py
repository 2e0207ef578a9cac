from tornado.web import HTTPError

from application.load_user import LoadUser
from entrypoints.web.handlers.base import BaseHandler


class IndexHandler(BaseHandler):
    def initialize(self, load_user: LoadUser) -> None:
        self.load_user = load_user

    async def get(self) -> None:
        user = await self.load_user(self.current_user)
        if user is None and self.current_user:
            self.sign_out()
        self.render_page("index.html", user=user)


class NotFoundHandler(BaseHandler):
    def prepare(self) -> None:
        raise HTTPError(404)
