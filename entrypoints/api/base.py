"""The JSON API's common ground: JSON in and out, errors as RFC 9457 problem details, the session from a bearer
token or the cookie, and CORS for the origins MEET_CORS_ORIGINS lists."""

import json
from http import HTTPStatus
from typing import Any

from tornado.web import HTTPError

from domain.errors import StorageUnavailable
from domain.model import Session, User
from domain.results import InvalidFields, TooManyAttempts
from entrypoints import messages
from entrypoints.web import language
from entrypoints.web.cookies import SESSION
from entrypoints.web.errors import PAGES, STORAGE_RETRY_SECONDS
from entrypoints.web.gate import MAX_BODY
from entrypoints.web.handlers.base import BaseHandler

JSON = "application/json"
PROBLEM = "application/problem+json"
PROBLEM_TYPE = "urn:meet:problem:"
"""Each problem's `type` is this and a slug that docs/api.md lists."""
BODY_METHODS = ("POST", "PATCH", "PUT", "DELETE")
ALLOWED_HEADERS = "Content-Type, Authorization, X-XSRFToken"
EXPOSED_HEADERS = "Retry-After, X-Request-Id, X-XSRFToken"
# What Tornado's own errors say here, by status.
ERRORS = {
    400: ("bad-request", "That request could not be read."),
    403: ("xsrf", "A request made with the session cookie needs the X-XSRFToken header that every answer carries."),
    404: ("not-found", "There is no endpoint at this address."),
    405: ("method-not-allowed", "This endpoint does not take that method."),
}


class Refused(HTTPError):
    """An answer that is a problem: raised while reading a request, written by write_error."""

    def __init__(self, status: int, slug: str, detail: str, **extra: Any) -> None:
        super().__init__(status, f"{slug}: {detail}")
        self.slug, self.detail, self.extra = slug, detail, extra


def problem(status: int, slug: str, detail: str, **extra: Any) -> dict[str, Any]:
    title = HTTPStatus(status).phrase
    return {"type": PROBLEM_TYPE + slug, "title": title, "status": status, "detail": detail, **extra}


def user_json(user: User) -> dict[str, Any]:
    profile = user.profile
    return {
        "id": user.id,
        "username": user.username.value,
        "email": user.email.value,
        "email_verified": user.email_verified,
        "created_at": user.created_at.isoformat(),
        "profile": {name: getattr(profile, name) for name in profile.__dataclass_fields__},
    }


class ApiHandler(BaseHandler):
    """A JSON endpoint. A request with an `Authorization: Bearer <token>` header is that session and needs no XSRF
    token; one with the session cookie (and no such header) is the cookie's session, and Tornado's XSRF check (the
    X-XSRFToken header) guards every change it makes; one with neither has no session."""

    body: dict[str, Any]

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Cache-Control", "no-store")
        if origin := self.allowed_origin():
            self.set_header("Access-Control-Allow-Origin", origin)
            self.set_header("Access-Control-Allow-Credentials", "true")
            self.set_header("Access-Control-Expose-Headers", EXPOSED_HEADERS)
        self.set_header("Vary", "Origin")
        if self.cookie_client():
            self.give_xsrf_token()

    def allowed_origin(self) -> str | None:
        """The request's Origin when MEET_CORS_ORIGINS lists it."""
        origin = self.request.headers.get("Origin")
        return origin if origin in self.settings["cors_origins"] else None

    def cookie_client(self) -> bool:
        """A request made with the session cookie (and no Authorization header, which would name its session)."""
        return "Authorization" not in self.request.headers and self.get_cookie(SESSION) is not None

    def give_xsrf_token(self) -> None:
        # The _xsrf cookie is HttpOnly, so a page's script learns its token from this header.
        self.set_header("X-XSRFToken", self.xsrf_token.decode())

    def options(self, *_: str) -> None:
        """A CORS preflight: answered for every path, with the CORS headers only for a listed origin."""
        if self.allowed_origin():
            self.set_header("Access-Control-Allow-Methods", ", ".join(self.methods()))
            self.set_header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
            self.set_header("Access-Control-Max-Age", "600")
        self.set_status(204)
        self.finish()

    def methods(self) -> list[str]:
        return [m for m in ("GET", "POST", "PATCH", "DELETE") if m.lower() in vars(type(self))]

    def prepare(self) -> None:
        self.in_flight.start()
        self._counted = True
        self.body = self._read_body()
        self.wants_token = self.flag("bearer")

    def _read_body(self) -> dict[str, Any]:
        request = self.request
        if request.method not in BODY_METHODS or not request.body:
            return {}
        if len(request.body) > MAX_BODY:
            raise Refused(413, "too-large", f"A body may be at most {MAX_BODY} bytes.")
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != JSON:
            raise Refused(415, "not-json", "The body must be JSON, sent as application/json.")
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError):
            raise Refused(400, "bad-json", "The body is not JSON.") from None
        if not isinstance(body, dict):
            raise Refused(400, "bad-json", "The body must be a JSON object.")
        return body

    def text(self, name: str, strip: bool = True) -> str:
        """A string field of the body, "" when absent; anything but a string is refused."""
        value = self.body.get(name, "")
        if not isinstance(value, str):
            raise Refused(422, "invalid-fields", f"{name} must be a string.", errors=[_error(name, "must be a string")])
        try:
            value.encode()
        except UnicodeEncodeError:  # JSON may carry a lone surrogate, which no stored string or hash can hold
            raise Refused(422, "invalid-fields", f"{name} is not text.", errors=[_error(name, "not text")]) from None
        return value.strip() if strip else value

    def flag(self, name: str) -> bool:
        value = self.body.get(name, False)
        if not isinstance(value, bool):
            raise Refused(422, "invalid-fields", f"{name} must be true or false.", errors=[_error(name, "not a bool")])
        return value

    def bearer(self) -> str | None:
        scheme, _, token = self.request.headers.get("Authorization", "").partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None

    def session_id(self) -> str | None:
        """The bearer token's session, else the cookie's."""
        if self.request.headers.get("Authorization"):
            return self.bearer()
        return self.cookies.session_id()

    def check_xsrf_cookie(self) -> None:
        # Only a request with the session cookie carries a credential another site's page could make a browser
        # send; one with a bearer token, or with no session at all, has nothing to borrow. (A page elsewhere
        # cannot send JSON here without CORS allowing it, so it cannot sign a visitor in either.)
        if self.cookie_client():
            super().check_xsrf_cookie()

    def reply(self, status: int, payload: dict[str, Any] | list[Any] | None = None) -> None:
        self.set_status(status)
        if payload is None:
            self.finish()
            return
        self.set_header("Content-Type", JSON)
        self.finish(json.dumps(payload, ensure_ascii=False))

    def signed_in(self, status: int, user: User, session: Session) -> None:
        """A new session: its token in the answer for a client that asked for one (`"bearer": true`) or sent an
        Authorization header, else the session cookie and the XSRF token that goes with it."""
        payload: dict[str, Any] = {"user": user_json(user)}
        if self.wants_token or "Authorization" in self.request.headers:
            payload["token"] = session.id
        else:
            self.cookies.sign_in(session)
            self.give_xsrf_token()
        self.reply(status, payload)

    def signed_out(self) -> None:
        """204, and a cookie client's session cookie cleared."""
        if not self.bearer():
            self.cookies.sign_out()
        self.reply(204)

    def refuse(self, status: int, slug: str, key: str, **extra: Any) -> None:
        """A problem answer with the message `key` names, in the request's language."""
        self.set_status(status)
        self._write_problem(problem(status, slug, self.say(key), **extra))

    def refuse_fields(self, refused: InvalidFields, status: int = 422) -> None:
        errors = [_error(field.field, self.say(messages.key(field))) for field in refused.fields]
        self.set_status(status)
        detail = errors[0]["detail"] if len(errors) == 1 else self.say("InvalidFields")
        self._write_problem(problem(status, "invalid-fields", detail, errors=errors))

    def too_many(self, refused: TooManyAttempts) -> None:
        self.set_header("Retry-After", str(refused.retry_after))
        wait = language.in_words(self.locale, refused.retry_after)
        detail = self.say(messages.key(refused)).format(wait=wait)
        self.set_status(429)
        self._write_problem(problem(429, "too-many-attempts", detail, retry_after=refused.retry_after))

    def not_signed_in(self) -> None:
        self.refuse(401, "not-signed-in", "NotSignedIn")

    def _write_problem(self, body: dict[str, Any]) -> None:
        self.set_header("Content-Type", PROBLEM)
        self.finish(json.dumps(body, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Cache-Control", "no-store")
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, StorageUnavailable):
            self.set_status(503)
            self.set_header("Retry-After", str(STORAGE_RETRY_SECONDS))
            body = problem(503, "storage-unavailable", PAGES[503][1])
        elif isinstance(error, Refused):
            body = problem(status_code, error.slug, error.detail, **error.extra)
        else:
            slug, detail = ERRORS.get(status_code, ("error", "That request could not be answered."))
            body = problem(status_code, slug, detail)
        self._write_problem(body)


def _error(field: str, detail: str) -> dict[str, str]:
    return {"field": field, "detail": detail}


class NoSuchEndpoint(ApiHandler):
    """Anything under /api/ that is no endpoint: a 404 problem, never the site's HTML page."""

    def prepare(self) -> None:
        super().prepare()
        raise Refused(404, "not-found", "There is no endpoint at this address.")
