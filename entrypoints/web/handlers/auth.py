from typing import assert_never
from urllib.parse import unquote, urlencode

from application.load_user import LoadUser
from application.login import Credentials, Login, SecondStep, SecondStepCode
from application.logout import Logout
from application.register_user import RegisterUser, Registration
from domain.ports import UsernameRules
from domain.results import (
    AwaitingVerification,
    EmailTaken,
    InvalidCredentials,
    InvalidFields,
    LoggedIn,
    LoggedOut,
    NotVerified,
    Registered,
    SecondFactorNeeded,
    SignInExpired,
    TooManyAttempts,
    UsernameLookalike,
    UsernameTaken,
)
from entrypoints.logs import loggable_login
from entrypoints.messages import key
from entrypoints.web.handlers.base import BaseHandler, PageHandler

# The register form's fields in order: the first refused one takes focus.
REGISTER_FIELDS = ("username", "email", "password", "captcha")


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


class RegisterHandler(PageHandler):
    def initialize(self, register: RegisterUser, **page: LoadUser) -> None:
        super().initialize(**page)
        self.register = register

    def get(self) -> None:
        self.render_page("register.html")

    async def post(self) -> None:
        form = Registration(
            username=self.field("username"),
            email=self.field("email"),
            password=self.field("password", strip=False),
            captcha=self.field("captcha"),
            challenge_id=self.cookies.take_captcha(),
            session_id=self.cookies.session_id(),
            language=self.locale.code,
            client=self.client(),
            agent=self.agent(),
        )
        match await self.register(form):
            case Registered(user, session) as registered:
                self.event("registered", username=user.username.value)
                self.cookies.sign_in(session)
                self.flash("info", key(registered), username=user.username.value)
                self.redirect(self.reverse_url("index"))
            case AwaitingVerification(user) as awaiting:
                self.event("registered", username=user.username.value)
                self.flash(
                    "info",
                    key(awaiting),
                    {"username": user.username.value},
                    username=user.username.value,
                    email=user.email.value,
                )
                self.redirect(self.reverse_url("login"))
            case InvalidFields(fields):
                self.refuse(form, {refused.field: key(refused) for refused in fields})
            case UsernameTaken() | UsernameLookalike() as refused:
                self.refuse(form, {"username": key(refused)})
            case EmailTaken() as refused:
                self.refuse(form, {"email": key(refused)})
            case unexpected:
                assert_never(unexpected)

    def refuse(self, form: Registration, fields: dict[str, str]) -> None:
        """Back to the form with each refused field's message beside it, and what was typed, but never the
        password; the banner repeats a single message, or says that several fields need a look."""
        ordered = {name: fields[name] for name in sorted(fields, key=_form_order)}
        banner = next(iter(ordered.values())) if len(ordered) == 1 else "InvalidFields"
        self.flash("error", banner, {"username": form.username, "email": form.email}, ordered)
        self.redirect(self.reverse_url("register"))


def _form_order(name: str) -> int:
    return REGISTER_FIELDS.index(name) if name in REGISTER_FIELDS else len(REGISTER_FIELDS)


class LoginHandler(PageHandler):
    def initialize(self, login: Login, usernames: UsernameRules, **page: LoadUser) -> None:
        super().initialize(**page)
        self.login = login
        self.usernames = usernames

    def get(self) -> None:
        self.render_page("login.html", next=local_path(self.get_query_argument("next", "/")), resend="")

    async def post(self) -> None:
        target = local_path(self.field("next") or "/")
        credentials = Credentials(
            login=self.field("username"),
            password=self.field("password", strip=False),
            client=self.client(),
            session_id=self.cookies.session_id(),
            agent=self.agent(),
        )
        typed = {"username": credentials.login, "next": target}
        match await self.login(credentials):
            case LoggedIn(user, session) as logged_in:
                self.event("login succeeded", username=user.username.value)
                self.cookies.sign_in(session)
                self.flash("info", key(logged_in), username=user.username.value)
                self.redirect(target)
            case SecondFactorNeeded(user, pending):
                self.event("password right, second factor asked", username=user.username.value)
                self.cookies.begin_second_step(pending)
                self.redirect(f"{self.reverse_url('second_step')}?{urlencode({'next': target})}")
            case NotVerified(user, resend) as refused:
                self.event("login refused: address not confirmed", username=user.username.value)
                self.set_status(403)
                self.render_page(
                    "login.html", flash=self.flash_now("error", key(refused), typed), next=target, resend=resend
                )
            case InvalidCredentials(locked) as refused:
                self.event("login failed", login=loggable_login(credentials.login, self.usernames))
                if locked:
                    self.event("account locked", login=loggable_login(credentials.login, self.usernames))
                self.flash("error", key(refused), typed, {"password": key(refused)})
                self.redirect(self.reverse_url("login"))
            case TooManyAttempts() as refused:
                self.event("login refused: too many attempts", login=loggable_login(credentials.login, self.usernames))
                await self.refuse_for_now(refused, "login.html", typed, next=target, resend="")
            case unexpected:
                assert_never(unexpected)


class SecondStepHandler(PageHandler):
    """After the right password, for a user with a second factor: a code from their app or a recovery code."""

    def initialize(self, second_step: SecondStep, **page: LoadUser) -> None:
        super().initialize(**page)
        self.second_step = second_step

    def get(self) -> None:
        target = local_path(self.get_query_argument("next", "/"))
        if self.cookies.second_step() is None:
            self.back_to_login(target)
            return
        self.render_page("second_step.html", next=target)

    async def post(self) -> None:
        target = local_path(self.field("next") or "/")
        typed = SecondStepCode(
            pending=self.cookies.second_step() or "",
            code=self.field("code"),
            client=self.client(),
            session_id=self.cookies.session_id(),
            agent=self.agent(),
        )
        match await self.second_step(typed):
            case LoggedIn(user, session) as logged_in:
                self.event("login succeeded", username=user.username.value)
                self.cookies.end_second_step()
                self.cookies.sign_in(session)
                self.flash("info", key(logged_in), username=user.username.value)
                self.redirect(target)
            case InvalidFields(fields):
                self.event("login failed: wrong second factor")
                self.flash("error", key(fields[0]), fields={field.field: key(field) for field in fields})
                self.redirect(f"{self.reverse_url('second_step')}?{urlencode({'next': target})}")
            case TooManyAttempts() as refused:
                self.event("login refused: too many attempts")
                await self.refuse_for_now(refused, "second_step.html", next=target)
            case SignInExpired():
                self.back_to_login(target)
            case unexpected:
                assert_never(unexpected)

    def back_to_login(self, target: str) -> None:
        self.cookies.end_second_step()
        self.flash("error", key(SignInExpired()))
        self.redirect(f"{self.get_login_url()}?{urlencode({'next': target})}")


class LogoutHandler(BaseHandler):
    def initialize(self, logout: Logout) -> None:
        self.logout = logout

    async def post(self) -> None:
        match await self.logout(self.cookies.session_id()):
            case LoggedOut() as logged_out:
                self.cookies.sign_out()
                self.flash("info", key(logged_out))
                self.redirect(self.reverse_url("index"))
            case unexpected:
                assert_never(unexpected)
