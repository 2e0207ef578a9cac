"""Every cookie meet sets, by name, and the flags each carries."""

import datetime
import re
from http.cookies import SimpleCookie
from typing import Any

from tornado.httputil import format_timestamp
from tornado.web import RequestHandler

from domain.model import Session

SESSION = "session"
FLASH = "flash"
CAPTCHA = "captcha"
LANG = "lang"
SECOND_STEP = "signin"
SECOND_STEP_PATH = "/auth/2fa"
"""Only the second step's pages are sent the pending sign-in."""


def flags(secure: bool) -> dict[str, Any]:
    """Every cookie, Tornado's _xsrf and cleared ones too: HttpOnly, SameSite=Lax, and Secure over https."""
    return {"httponly": True, "samesite": "Lax", "secure": secure}


_UNSAFE = re.compile(r"[\x00-\x20\x3b\x7f]")
_UNSAFE_VALUE = re.compile(r"[\x00-\x20]")  # the rest http.cookies quotes
_QUOTING = SimpleCookie()


def set_cookie_line(
    name: str,
    value: str,
    domain: str | None = None,
    expires: float | datetime.datetime | None = None,
    path: str = "/",
    expires_days: float | None = None,
    *,
    max_age: int | None = None,
    httponly: bool = False,
    secure: bool = False,
    samesite: str | None = None,
) -> str:
    """The Set-Cookie value Tornado's set_cookie would send, without its SimpleCookie and five regex searches
    (a sixth of a login page's instructions went to the _xsrf cookie: docs/performance.md)."""
    for part in (name, domain, path, samesite):
        if part is not None and _UNSAFE.search(part):
            raise ValueError(f"invalid cookie attribute {part!r} for cookie {name!r}")
    if _UNSAFE_VALUE.search(value):
        raise ValueError(f"invalid cookie value {value!r} for cookie {name!r}")
    # The value as http.cookies writes it: unchanged when every character is allowed, else quoted.
    line = f"{name}={_QUOTING.value_encode(value)[1]}"
    if domain:
        line += f"; Domain={domain}"
    if expires_days is not None and not expires:
        expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=expires_days)
    if expires:
        line += f"; expires={format_timestamp(expires)}"
    if httponly:
        line += "; HttpOnly"
    if max_age:
        line += f"; Max-Age={int(max_age)}"
    if path:
        line += f"; Path={path}"
    if samesite:
        line += f"; SameSite={samesite}"
    if secure:
        line += "; Secure"
    return line


class Cookies:
    """The cookies of one request: the signed session, flash and captcha ids, a pending second step, and the chosen
    language."""

    def __init__(self, handler: RequestHandler, session_days: float) -> None:
        self.handler = handler
        self.session_days = session_days

    def session_id(self) -> str | None:
        """The session id the signed cookie carries; whether it is worth anything is the session store's to say."""
        value = self.handler.get_signed_cookie(SESSION, max_age_days=self.session_days)
        return value.decode() if value else None

    def sign_in(self, session: Session) -> None:
        self.handler.set_signed_cookie(SESSION, session.id, expires_days=self.session_days)

    def sign_out(self) -> None:
        self.handler.clear_cookie(SESSION)

    def begin_second_step(self, pending: str) -> None:
        """The sign-in this browser began with the right password, for the second step to finish."""
        self.handler.set_signed_cookie(SECOND_STEP, pending, expires_days=None, path=SECOND_STEP_PATH)

    def second_step(self) -> str | None:
        value = self.handler.get_signed_cookie(SECOND_STEP, max_age_days=1)
        return value.decode() if value else None

    def end_second_step(self) -> None:
        self.handler.clear_cookie(SECOND_STEP, path=SECOND_STEP_PATH)

    def leave_flash(self, payload: str) -> None:
        self.handler.set_signed_cookie(FLASH, payload, expires_days=None)

    def take_flash(self) -> str | None:
        """The flash left by the previous answer, cleared so it shows once."""
        value = self.handler.get_signed_cookie(FLASH, max_age_days=1)
        if value is None:
            return None
        self.handler.clear_cookie(FLASH)
        return value.decode()

    def give_captcha(self, challenge_id: str) -> None:
        self.handler.set_signed_cookie(CAPTCHA, challenge_id, expires_days=None)

    def take_captcha(self) -> str | None:
        """The captcha challenge this visitor was shown, cleared: one attempt per challenge."""
        value = self.handler.get_signed_cookie(CAPTCHA, max_age_days=1)
        self.handler.clear_cookie(CAPTCHA)
        return value.decode() if value else None

    def language(self) -> str | None:
        return self.handler.get_cookie(LANG)

    def remember_language(self, language: str) -> None:
        self.handler.set_cookie(LANG, language, expires_days=365)
