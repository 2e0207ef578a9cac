import ipaddress
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from tornado import locale
from tornado.escape import xhtml_escape
from tornado.locale import Locale
from tornado.web import HTTPError, RequestHandler, StaticFileHandler

from application.load_user import LoadUser
from domain.errors import StorageUnavailable
from domain.model import Session, User
from entrypoints import logs
from entrypoints.web.messages import MESSAGES

log = logging.getLogger("meet.web")

FORM = "application/x-www-form-urlencoded"
# What ?lang= may say, and the locale each means.
LANGUAGES = {"en": "en_US", "en_US": "en_US", "zh_CN": "zh_CN"}
# Kept values go back into the form through a cookie, and a browser keeps at most 4 KB of one.
KEPT_VALUE_BYTES = 254

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True)
class Flash:
    kind: str
    text: str
    kept: dict[str, str] = field(default_factory=dict)
    field: str | None = None
    """The form field the message is about, shown next to it and focused."""


class SecurityHeaders(RequestHandler):
    def set_default_headers(self) -> None:
        # Made once per request (this runs again when an error clears the headers), sent back and logged.
        self.request_id: str = getattr(self, "request_id", None) or secrets.token_hex(8)
        self.set_header("X-Request-Id", self.request_id)
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        if self.settings.get("https"):
            self.set_header("Strict-Transport-Security", "max-age=31536000")


class StaticFiles(SecurityHeaders, StaticFileHandler):
    pass


class BaseHandler(SecurityHeaders):
    def prepare(self) -> None:
        self.settings["in_flight"].start()
        self._counted = True
        content_type = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if self.request.method == "POST" and content_type != FORM:
            raise HTTPError(415, "a form must be sent as application/x-www-form-urlencoded")

    def event(self, name: str, **fields: str) -> None:
        logs.event(name, request_id=self.request_id, client=self.client(), **fields)

    def on_finish(self) -> None:
        if getattr(self, "_counted", False):
            self.settings["in_flight"].end()

    def compute_etag(self) -> None:
        """No ETag: pages are per-visitor and never stored, so hashing each body buys nothing."""
        return None

    def session_id(self) -> str | None:
        """The session id the signed cookie carries; whether it is worth anything is the session store's to say."""
        session_id = self.get_signed_cookie("session", max_age_days=self.settings["session_days"])
        return session_id.decode() if session_id else None

    def sign_in(self, session: Session) -> None:
        self.set_signed_cookie("session", session.id, expires_days=self.settings["session_days"])

    def sign_out(self) -> None:
        self.clear_cookie("session")

    def set_cookie(self, name: str, value: str | bytes, **options: Any) -> None:
        """Every cookie, Tornado's _xsrf and cleared ones too: HttpOnly, SameSite=Lax, and Secure over https."""
        options |= {"httponly": True, "samesite": "Lax", "secure": self.settings["https"] or self.protocol() == "https"}
        super().set_cookie(name, value, **options)

    def protocol(self) -> str:
        """How the visitor reached meet: the trusted proxy's last X-Forwarded-Proto, else the connection's."""
        forwarded = self.request.headers.get("X-Forwarded-Proto", "")
        if self.settings["trust_proxy"] and forwarded:
            return forwarded.split(",")[-1].strip().lower()
        return self.request.protocol

    def client(self) -> str:
        """Who is asking, for the login limits: the address the trusted proxy added last to X-Forwarded-For,
        else the connection's; an IPv6 address counts as its /64, which one client usually holds whole."""
        address = self.request.remote_ip or ""
        forwarded = self.request.headers.get("X-Forwarded-For", "")
        if self.settings["trust_proxy"] and forwarded:
            address = forwarded.split(",")[-1].strip()
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return address
        return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)

    def field(self, name: str, strip: bool = True) -> str:
        """One form field as sent (Tornado's own arguments would turn control characters into spaces,
        making "alice\\0" into "alice"); absent is empty, repeated or not UTF-8 is a 400."""
        values = self.request.body_arguments.get(name, [])
        if len(values) > 1:
            raise HTTPError(400, f"{name} was sent more than once")
        value = self.decode_argument(values[0], name=name) if values else ""
        return value.strip() if strip else value

    def flash(
        self, kind: str, key: str, kept: dict[str, str] | None = None, about: str | None = None, **args: str
    ) -> None:
        """Leave one message (about a field, with form values to put back) for the next page only."""
        payload = {
            "kind": kind,
            "key": key,
            "about": about,
            "args": args,
            "kept": {name: _clip(value, KEPT_VALUE_BYTES) for name, value in (kept or {}).items()},
        }
        self.set_signed_cookie("flash", json.dumps(payload, ensure_ascii=False), expires_days=None)

    def flash_now(self, kind: str, key: str) -> Flash:
        return Flash(kind, self.locale.translate(MESSAGES[key]))

    def take_flash(self) -> Flash | None:
        """The message left by the previous response, removed so it shows once."""
        raw = self.get_signed_cookie("flash", max_age_days=1)
        if raw is None:
            return None
        self.clear_cookie("flash")
        try:
            payload = json.loads(raw)
            text = self.locale.translate(MESSAGES[payload["key"]]).format(**payload["args"])
            return Flash(payload["kind"], text, dict(payload["kept"]), payload.get("about"))
        except (ValueError, KeyError, TypeError):
            return None

    def render_page(self, template: str, flash: Flash | None = None, **values: Any) -> None:
        """Render a page with the message left for it, or with `flash` when the message is this response's own."""
        self.set_header("Cache-Control", "no-store")
        self._flash = flash = flash or self.take_flash()
        kept = flash.kept if flash else {}
        self.render(template, flash=flash, kept=kept, me=getattr(self, "me", None), **values)

    def get_template_namespace(self) -> dict[str, Any]:
        namespace = super().get_template_namespace()
        namespace["field"] = self.field_html
        return namespace

    def field_html(self, name: str, label: str, value: str = "", kind: str = "text", **attributes: str) -> str:
        """A labelled input; when the last message was about it, the message stands under it and it takes focus."""
        flash = getattr(self, "_flash", None)
        wrong = flash is not None and flash.field == name
        extra = "".join(f' {key.replace("_", "-")}="{xhtml_escape(str(v))}"' for key, v in attributes.items())
        if wrong:
            extra += f' autofocus aria-invalid="true" aria-describedby="{name}-error"'
        html = (
            f'<label for="{name}">{xhtml_escape(label)}</label>\n'
            f'<input id="{name}" name="{name}" type="{kind}" value="{xhtml_escape(value)}"{extra}>\n'
        )
        if wrong:
            html += f'<p class="field-error" id="{name}-error">{xhtml_escape(flash.text)}</p>\n'
        return html

    def get_user_locale(self) -> Locale | None:
        """?lang= switches the language and is remembered in a cookie; else the browser's Accept-Language."""
        chosen = self.get_query_argument("lang", None)
        if chosen in LANGUAGES:
            self.set_cookie("lang", chosen, expires_days=365)
        else:
            chosen = self.get_cookie("lang")
        return locale.get(LANGUAGES[chosen]) if chosen in LANGUAGES else None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        if _storage_unavailable(kwargs):
            self.set_status(503)
            self.set_header("Retry-After", "5")
            self.finish("503 Service Unavailable: the database is not answering; try again in a moment.\n")
        elif self.settings.get("serve_traceback") and status_code >= 500:
            super().write_error(status_code, **kwargs)
        else:
            self.finish(f"{status_code} {self._reason}\n")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, StorageUnavailable):
            log.warning("503 %s %s: the database is not answering: %s", self.request.method, self.request.path, value)
        else:
            super().log_exception(typ, value, tb)


class PageHandler(BaseHandler):
    """A handler whose GET pages show who is signed in, in the header."""

    def initialize(self, load_user: LoadUser) -> None:
        self.load_user = load_user
        self.me: User | None = None

    async def prepare(self) -> None:
        super().prepare()
        if self.request.method == "GET":
            session_id = self.session_id()
            self.me = await self.load_user(session_id)
            if self.me is None and session_id:
                self.sign_out()


def _storage_unavailable(error_details: dict[str, Any]) -> bool:
    exc_info = error_details.get("exc_info")
    return exc_info is not None and isinstance(exc_info[1], StorageUnavailable)


def _clip(text: str, size: int) -> str:
    """At most `size` bytes of UTF-8, never half a character."""
    return text.encode()[:size].decode(errors="ignore")


def log_request(handler: RequestHandler) -> None:
    """The access line: method, path (never the query), status, milliseconds and the request id."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    fields = {
        "method": handler.request.method,
        "path": handler.request.path,
        "status": status,
        "ms": round(1000 * handler.request.request_time(), 1),
        "request_id": getattr(handler, "request_id", ""),
    }
    logs.access.log(level, "%s %s %s", fields["method"], fields["path"], status, extra={"fields": fields})
