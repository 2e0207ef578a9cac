from application.issue_captcha import IssueCaptcha
from entrypoints.web.handlers.base import BaseHandler


class CaptchaHandler(BaseHandler):
    """A new captcha challenge, drawn or spoken: the answer stays on the server, the cookie holds only its id.

    The newest challenge a browser fetched is the one its form answers, so "listen" replaces the image's.
    """

    def initialize(self, issue: IssueCaptcha) -> None:
        self.issue = issue

    async def get(self) -> None:
        issued = await self.issue()
        self.cookies.give_captcha(issued.challenge_id)
        self.set_header("Content-Type", issued.media_type)
        self.set_header("Cache-Control", "no-store")
        self.finish(issued.content)
