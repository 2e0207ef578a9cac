import re
from typing import assert_never
from urllib.parse import unquote

from application.issue_captcha import IssueCaptcha
from application.load_user import LoadUser
from application.login import Credentials, Login
from application.logout import Logout
from application.register_user import RegisterUser, Registration
from domain.model import Username
from domain.results import (
    EmailTaken,
    InvalidCredentials,
    InvalidFields,
    LoggedIn,
    LoggedOut,
    Registered,
    TooManyAttempts,
    UsernameTaken,
)
from domain.rules import check_username
from entrypoints.web.handlers.base import BaseHandler, PageHandler


def local_path(target: str) -> str:
    """`target` when it is a path on this site, else `/`: a login never sends anyone elsewhere.

    One leading slash and no second one, no backslash (browsers read it as a slash),
    no space or control character (which could split a header or hide a host).
    """
    for form in (target, unquote(target)):  # a browser may decode %09 or %2F before it looks
        if not form.startswith("/") or form.startswith("//"):
            return "/"
        if any(c == "\\" or ord(c) <= 0x20 or ord(c) == 0x7F for c in form):
            return "/"
    return target


def _loggable(login: str) -> str:
    """What a log may say of a typed login: a name's shape only; a password typed into the box is not logged."""
    if isinstance(check_username(login), Username) or re.fullmatch(r"[^\s@]{1,64}@[^\s@]{1,190}", login):
        return login
    return "(not a username or email)"


class RegisterHandler(PageHandler):
    def initialize(self, load_user: LoadUser, register: RegisterUser) -> None:
        super().initialize(load_user)
        self.register = register

    def get(self) -> None:
        self.render_page("register.html")

    async def post(self) -> None:
        challenge_id = self.get_signed_cookie("captcha", max_age_days=1)
        self.clear_cookie("captcha")
        form = Registration(
            username=self.field("username"),
            email=self.field("email"),
            password=self.field("password", strip=False),
            captcha=self.field("captcha"),
            challenge_id=challenge_id.decode() if challenge_id else None,
            session_id=self.session_id(),
        )
        match await self.register(form):
            case Registered(user, session):
                self.event("registered", username=user.username.value)
                self.sign_in(session)
                self.flash("info", "registered", username=user.username.value)
                self.redirect("/")
            case InvalidFields(fields):
                self.refuse(fields[0].problem.value, form, fields[0].field)
            case UsernameTaken():
                self.refuse("username_taken", form, "username")
            case EmailTaken():
                self.refuse("email_taken", form, "email")
            case unexpected:
                assert_never(unexpected)

    def refuse(self, message: str, form: Registration, about: str) -> None:
        """Back to the form with one message about one field, and what was typed, but never the password."""
        self.flash("error", message, {"username": form.username, "email": form.email}, about=about)
        self.redirect("/auth/register")


class LoginHandler(PageHandler):
    def initialize(self, load_user: LoadUser, login: Login) -> None:
        super().initialize(load_user)
        self.login = login

    def get(self) -> None:
        self.render_page("login.html", next=local_path(self.get_query_argument("next", "/")))

    async def post(self) -> None:
        target = local_path(self.field("next") or "/")
        credentials = Credentials(
            login=self.field("username"),
            password=self.field("password", strip=False),
            client=self.client(),
            session_id=self.session_id(),
        )
        match await self.login(credentials):
            case LoggedIn(user, session):
                self.event("login succeeded", username=user.username.value)
                self.sign_in(session)
                self.flash("info", "logged_in", username=user.username.value)
                self.redirect(target)
            case InvalidCredentials(locked):
                self.event("login failed", login=_loggable(credentials.login))
                if locked:
                    self.event("account locked", login=_loggable(credentials.login))
                self.flash(
                    "error", "invalid_credentials", {"username": credentials.login, "next": target}, about="password"
                )
                self.redirect("/auth/login")
            case TooManyAttempts(retry_after):
                self.event("login refused: too many attempts", login=_loggable(credentials.login))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.render_page("login.html", flash=self.flash_now("error", "too_many_attempts"), next=target)
            case unexpected:
                assert_never(unexpected)


class LogoutHandler(BaseHandler):
    def initialize(self, logout: Logout) -> None:
        self.logout = logout

    async def post(self) -> None:
        match await self.logout(self.session_id()):
            case LoggedOut():
                self.sign_out()
                self.flash("info", "logged_out")
                self.redirect("/")


class CaptchaHandler(BaseHandler):
    def initialize(self, issue: IssueCaptcha) -> None:
        self.issue = issue

    async def get(self) -> None:
        issued = await self.issue()
        self.set_signed_cookie("captcha", issued.challenge_id, expires_days=None)
        self.set_header("Content-Type", "image/png")
        self.set_header("Cache-Control", "no-store")
        self.finish(issued.image)
