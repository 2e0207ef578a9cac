import json
import logging
from dataclasses import dataclass, field
from typing import Any

from tornado.web import HTTPError, RequestHandler

from domain.errors import StorageUnavailable
from entrypoints.web.messages import MESSAGES

log = logging.getLogger("meet.web")

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


class BaseHandler(RequestHandler):
    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def get_current_user(self) -> str | None:
        user_id = self.get_signed_cookie("user")
        return user_id.decode() if user_id else None

    def sign_in(self, user_id: str) -> None:
        self.set_signed_cookie("user", user_id, httponly=True, samesite="Lax")

    def sign_out(self) -> None:
        self.clear_cookie("user")

    def field(self, name: str) -> str:
        """One form field from the body, stripped; absent is empty, repeated is a 400."""
        values = self.get_body_arguments(name)
        if len(values) > 1:
            raise HTTPError(400, f"{name} was sent more than once")
        return values[0] if values else ""

    def secret_field(self, name: str) -> str:
        """A password exactly as typed: Tornado's arguments strip it and turn control characters into spaces."""
        values = self.request.body_arguments.get(name, [])
        if len(values) > 1:
            raise HTTPError(400, f"{name} was sent more than once")
        return self.decode_argument(values[0], name=name) if values else ""

    def flash(self, kind: str, key: str, kept: dict[str, str] | None = None, **args: str) -> None:
        """Leave one message (and form values to put back) for the next page only."""
        payload = {
            "kind": kind,
            "key": key,
            "args": args,
            "kept": {name: _clip(value, KEPT_VALUE_BYTES) for name, value in (kept or {}).items()},
        }
        self.set_signed_cookie(
            "flash", json.dumps(payload, ensure_ascii=False), expires_days=None, httponly=True, samesite="Lax"
        )

    def take_flash(self) -> Flash | None:
        """The message left by the previous response, removed so it shows once."""
        raw = self.get_signed_cookie("flash", max_age_days=1)
        if raw is None:
            return None
        self.clear_cookie("flash")
        try:
            payload = json.loads(raw)
            text = MESSAGES[payload["key"]].format(**payload["args"])
            return Flash(payload["kind"], text, dict(payload["kept"]))
        except (ValueError, KeyError, TypeError):
            return None

    def render_page(self, template: str, **values: Any) -> None:
        self.set_header("Cache-Control", "no-store")
        flash = self.take_flash()
        self.render(template, flash=flash, kept=flash.kept if flash else {}, **values)

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


def _storage_unavailable(error_details: dict[str, Any]) -> bool:
    exc_info = error_details.get("exc_info")
    return exc_info is not None and isinstance(exc_info[1], StorageUnavailable)


def _clip(text: str, size: int) -> str:
    """At most `size` bytes of UTF-8, never half a character."""
    return text.encode()[:size].decode(errors="ignore")
