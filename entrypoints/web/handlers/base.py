"""The handlers' common ground: each job lives in its own module; this puts them together."""

from asyncio import Future
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from tornado.httputil import HTTPServerRequest
from tornado.locale import Locale
from tornado.web import Application

from application.load_user import LoadUser
from domain.results import TooManyAttempts
from entrypoints import logs, messages
from entrypoints.web import form, language, proxy
from entrypoints.web.cookies import Cookies, flags, set_cookie_line
from entrypoints.web.errors import ErrorPages
from entrypoints.web.flash import Flash, decode, encode
from entrypoints.web.gate import check_body
from entrypoints.web.headers import SecurityHeaders
from entrypoints.web.in_flight import InFlight
from entrypoints.web.shared_pages import SharedPages


class BaseHandler(ErrorPages, SecurityHeaders):
    def __init__(self, application: Application, request: HTTPServerRequest, in_flight: InFlight, **kwargs: Any):
        # Every handler is given the counter; taken here so that each initialize() names its use cases only.
        self.in_flight = in_flight
        self._counted = False
        self._cookie_lines: dict[str, str] = {}
        super().__init__(application, request, **kwargs)

    def prepare(self) -> None:
        self.in_flight.start()
        self._counted = True
        check_body(self.request)

    def on_finish(self) -> None:
        if self._counted:
            self.in_flight.end()

    @cached_property
    def cookies(self) -> Cookies:
        return Cookies(self, self.settings["session_days"])

    def compute_etag(self) -> None:
        """No ETag: pages are per-visitor and never stored, so hashing each body buys nothing."""
        return None

    def set_cookie(self, name: str, value: str | bytes, **options: Any) -> None:
        """Kept until the headers go out, the last one of a name winning, as Tornado's own set_cookie does."""
        text = value.decode() if isinstance(value, bytes) else value
        secure = self.settings["https"] or self.scheme() == "https"
        self._cookie_lines[name] = set_cookie_line(name, text, **options | flags(secure))

    def flush(self, include_footers: bool = False) -> "Future[None]":
        for line in self._cookie_lines.values():
            self.add_header("Set-Cookie", line)
        self._cookie_lines.clear()
        return super().flush(include_footers)

    def scheme(self) -> str:
        """How the visitor reached meet."""
        headers = self.request.headers
        return proxy.scheme(self.request.protocol, headers.get("X-Forwarded-Proto", ""), self.settings["trust_proxy"])

    def client(self) -> str:
        """Who is asking, for the login limits."""
        forwarded = self.request.headers.get("X-Forwarded-For", "")
        return proxy.client_address(self.request.remote_ip, forwarded, self.settings["trust_proxy"])

    def agent(self) -> str:
        """The browser's User-Agent, for the sessions page."""
        return self.request.headers.get("User-Agent", "")

    def event(self, name: str, **fields: str) -> None:
        logs.event(name, request_id=self.request_id, client=self.client(), **fields)

    def field(self, name: str, strip: bool = True) -> str:
        return form.field(self.request, name, strip)

    def say(self, key: str) -> str:
        """The message a key names, in this page's language."""
        return self.locale.translate(messages.text(key))

    def flash(
        self,
        kind: str,
        key: str,
        kept: dict[str, str] | None = None,
        fields: dict[str, str] | None = None,
        **args: str,
    ) -> None:
        """Leave a message (with each refused field's message key, and form values to put back) for the next page."""
        self.cookies.leave_flash(encode(kind, key, args, fields or {}, kept or {}))

    def flash_now(self, kind: str, key: str, kept: dict[str, str] | None = None, **args: str) -> Flash:
        return Flash(kind, self.say(key).format(**args), kept or {})

    def render_page(self, template: str, flash: Flash | None = None, shared: bool = True, **values: Any) -> None:
        """Render a page with the message left for it, or with `flash` when the message is this response's own;
        `shared=False` for a page holding a secret of one visitor's, which is never kept for others."""
        self.set_header("Cache-Control", "no-store")
        raw = None if flash else self.cookies.take_flash()
        self.shown_flash = flash = flash or (decode(raw, self.say) if raw else None)
        pages: SharedPages | None = self.settings["shared_pages"] if shared else None
        if flash or self.current_user or pages is None:
            self.render(template, flash=flash, kept=flash.kept if flash else {}, **values)
            return

        def render(marker: str) -> bytes:
            return self.render_string(template, flash=None, kept={}, xsrf_form_html=lambda: marker, **values)

        self.finish(pages.page((template, self.locale.code, *values.items()), render, self.xsrf_form_html()))

    def get_template_namespace(self) -> dict[str, Any]:
        namespace = super().get_template_namespace()
        namespace["hint"] = lambda name: self.locale.translate(messages.HINTS[name])
        return namespace

    def asked_language(self) -> str | None:
        """What this request's ?lang= says, if it has one."""
        # Read raw: get_query_argument raises on a byte that is not UTF-8, and would again on the error page.
        raw = self.request.query_arguments.get("lang")
        return raw[-1].decode(errors="replace").strip() if raw else None

    def switched_language(self) -> str | None:
        """The locale this request's ?lang= switches to, if it names one meet speaks."""
        return language.LANGUAGES.get(self.asked_language() or "")

    def get_user_locale(self) -> Locale | None:
        asked = self.asked_language()
        chosen = language.chosen(asked, self.cookies.language())
        if chosen and chosen == asked:
            self.cookies.remember_language(chosen)
        return language.locale_of(chosen)


class PageHandler(BaseHandler):
    """A handler whose GET pages know who is signed in (`current_user`), for the header and the pages."""

    def initialize(self, load_user: LoadUser) -> None:
        self.load_user = load_user

    async def prepare(self) -> None:
        super().prepare()
        if self.request.method == "GET" and (session_id := self.cookies.session_id()):
            self.current_user = await self.load_user(session_id, self.switched_language())
            if self.current_user is None:
                self.cookies.sign_out()

    def to_login(self, route: str) -> None:
        """To the login page, and back to `route` after: what @authenticated does for a GET, for a POST whose
        session ended while its form was open."""
        self.redirect(f"{self.get_login_url()}?{urlencode({'next': self.reverse_url(route)})}")

    async def refuse_for_now(
        self,
        refused: TooManyAttempts,
        template: str,
        kept: dict[str, str] | None = None,
        session_id: str | None = None,
        **values: Any,
    ) -> None:
        """429 with Retry-After: `template` again, saying how long to wait in words, with the header showing
        who is signed in (the session `session_id`, if any)."""
        self.set_status(429)
        self.set_header("Retry-After", str(refused.retry_after))
        if session_id:
            self.current_user = await self.load_user(session_id)
        wait = language.in_words(self.locale, refused.retry_after)
        self.render_page(template, flash=self.flash_now("error", messages.key(refused), kept, wait=wait), **values)
