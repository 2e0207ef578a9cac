"""The JSON API's endpoints: each reads its body, calls one use case and maps each result to one answer."""

import base64
from typing import Any, assert_never

from application.change_password import ChangePassword, PasswordChange
from application.delete_account import DeleteAccount
from application.issue_captcha import IssueCaptcha
from application.load_user import LoadUser
from application.login import Credentials, Login, SecondStep, SecondStepCode
from application.logout import Logout
from application.password_reset import PasswordChoice, RequestPasswordReset, ResetPassword, ResetRequest
from application.register_user import RegisterUser, Registration
from application.sessions import EndRequest, EndSessions, ListSessions
from application.throttle import PasswordConfirmation
from application.update_profile import ProfileForm, UpdateProfile
from domain.model import PROFILE_LIMITS, Session
from domain.ports import UsernameRules
from domain.results import (
    AccountDeleted,
    AwaitingVerification,
    EmailTaken,
    InvalidCredentials,
    InvalidFields,
    InvalidLink,
    LoggedIn,
    LoggedOut,
    NotSignedIn,
    NotVerified,
    PasswordChanged,
    PasswordReset,
    ProfileUpdated,
    Registered,
    ResetRequested,
    SecondFactorNeeded,
    SessionList,
    SessionsEnded,
    SignInExpired,
    TooManyAttempts,
    UsernameLookalike,
    UsernameTaken,
)
from entrypoints.api.base import ApiHandler, Refused, user_json
from entrypoints.logs import loggable_login
from entrypoints.messages import key


class CaptchaApi(ApiHandler):
    def initialize(self, issue: IssueCaptcha) -> None:
        self.issue = issue

    async def post(self) -> None:
        issued = await self.issue()
        content = base64.b64encode(issued.content).decode()
        self.reply(201, {"challenge_id": issued.challenge_id, "media_type": issued.media_type, "image": content})


class RegisterApi(ApiHandler):
    def initialize(self, register: RegisterUser) -> None:
        self.register = register

    async def post(self) -> None:
        form = Registration(
            username=self.text("username"),
            email=self.text("email"),
            password=self.text("password", strip=False),
            captcha=self.text("captcha"),
            challenge_id=self.text("challenge_id") or None,
            session_id=self.session_id(),
            language=self.locale.code,
            client=self.client(),
            agent=self.agent(),
        )
        match await self.register(form):
            case Registered(user, session):
                self.event("registered", username=user.username.value)
                self.signed_in(201, user, session)
            case AwaitingVerification(user):
                self.event("registered", username=user.username.value)
                self.reply(202, {"user": user_json(user), "verification": "mailed"})
            case InvalidFields() as refused:
                self.refuse_fields(refused)
            case UsernameTaken() | UsernameLookalike() as taken:
                self.refuse(409, "taken", key(taken), errors=[{"field": "username", "detail": self.say(key(taken))}])
            case EmailTaken() as taken:
                self.refuse(409, "taken", key(taken), errors=[{"field": "email", "detail": self.say(key(taken))}])
            case unexpected:
                assert_never(unexpected)


class LoginApi(ApiHandler):
    def initialize(self, login: Login, usernames: UsernameRules) -> None:
        self.login = login
        self.usernames = usernames

    async def post(self) -> None:
        credentials = Credentials(
            login=self.text("login"),
            password=self.text("password", strip=False),
            client=self.client(),
            session_id=self.session_id(),
            agent=self.agent(),
        )
        match await self.login(credentials):
            case LoggedIn(user, session):
                self.event("login succeeded", username=user.username.value)
                self.signed_in(200, user, session)
            case SecondFactorNeeded(user, pending):
                self.event("password right, second factor asked", username=user.username.value)
                self.reply(202, {"second_factor": "totp", "pending": pending})
            case NotVerified(user) as refused:
                self.event("login refused: address not confirmed", username=user.username.value)
                self.refuse(403, "not-verified", key(refused))
            case InvalidCredentials(locked) as refused:
                self.event("login failed", login=loggable_login(credentials.login, self.usernames))
                if locked:
                    self.event("account locked", login=loggable_login(credentials.login, self.usernames))
                self.refuse(401, "invalid-credentials", key(refused))
            case TooManyAttempts() as refused:
                self.event("login refused: too many attempts", login=loggable_login(credentials.login, self.usernames))
                self.too_many(refused)
            case unexpected:
                assert_never(unexpected)


class SecondFactorApi(ApiHandler):
    def initialize(self, second_step: SecondStep) -> None:
        self.second_step = second_step

    async def post(self) -> None:
        typed = SecondStepCode(
            pending=self.text("pending"),
            code=self.text("code"),
            client=self.client(),
            session_id=self.session_id(),
            agent=self.agent(),
        )
        match await self.second_step(typed):
            case LoggedIn(user, session):
                self.event("login succeeded", username=user.username.value)
                self.signed_in(200, user, session)
            case InvalidFields() as refused:
                self.event("login failed: wrong second factor")
                self.refuse_fields(refused, 401)
            case TooManyAttempts() as refused:
                self.event("login refused: too many attempts")
                self.too_many(refused)
            case SignInExpired() as refused:
                self.refuse(401, "sign-in-expired", key(refused))
            case unexpected:
                assert_never(unexpected)


class LogoutApi(ApiHandler):
    def initialize(self, logout: Logout) -> None:
        self.logout = logout

    async def post(self) -> None:
        match await self.logout(self.session_id()):
            case LoggedOut():
                self.signed_out()
            case unexpected:
                assert_never(unexpected)


class MeApi(ApiHandler):
    def initialize(self, load_user: LoadUser, delete_account: DeleteAccount) -> None:
        self.load_user = load_user
        self.delete_account = delete_account

    async def get(self) -> None:
        user = await self.load_user(self.session_id())
        if user is None:
            self.not_signed_in()
            return
        self.reply(200, {"user": user_json(user)})

    async def delete(self) -> None:
        confirmation = PasswordConfirmation(
            self.session_id(), self.text("current_password", strip=False), self.client()
        )
        match await self.delete_account(confirmation):
            case AccountDeleted(user):
                self.event("account deleted", username=user.username.value)
                self.signed_out()
            case InvalidFields() as refused:
                self.refuse_fields(refused)
            case TooManyAttempts() as refused:
                self.too_many(refused)
            case NotSignedIn():
                self.not_signed_in()
            case unexpected:
                assert_never(unexpected)


class ProfileApi(ApiHandler):
    def initialize(self, update_profile: UpdateProfile) -> None:
        self.update_profile = update_profile

    async def patch(self) -> None:
        unknown = sorted(set(self.body) - set(PROFILE_LIMITS))
        if unknown:
            errors = [{"field": name, "detail": "not a profile field"} for name in unknown]
            raise Refused(422, "invalid-fields", f"Not a profile field: {', '.join(unknown)}.", errors=errors)
        changes = tuple((name, self.text(name)) for name in PROFILE_LIMITS if name in self.body)
        match await self.update_profile(ProfileForm(self.session_id(), changes=changes)):
            case ProfileUpdated(user):
                self.reply(200, {"user": user_json(user)})
            case InvalidFields() as refused:
                self.refuse_fields(refused)
            case NotSignedIn():
                self.not_signed_in()
            case unexpected:
                assert_never(unexpected)


class PasswordApi(ApiHandler):
    def initialize(self, change_password: ChangePassword) -> None:
        self.change_password = change_password

    async def post(self) -> None:
        password = self.text("password", strip=False)
        change = PasswordChange(
            session_id=self.session_id(),
            current_password=self.text("current_password", strip=False),
            password=password,
            password_confirm=password,
            client=self.client(),
        )
        match await self.change_password(change):
            case PasswordChanged(user):
                self.event("password changed", username=user.username.value)
                self.reply(204)
            case InvalidFields() as refused:
                self.refuse_fields(refused)
            case TooManyAttempts() as refused:
                self.too_many(refused)
            case NotSignedIn():
                self.not_signed_in()
            case unexpected:
                assert_never(unexpected)


class ResetApi(ApiHandler):
    def initialize(self, request_reset: RequestPasswordReset) -> None:
        self.request_reset = request_reset

    async def post(self) -> None:
        request = ResetRequest(email=self.text("email"), client=self.client(), language=self.locale.code)
        match await self.request_reset(request):
            case ResetRequested():
                # The same answer whether anyone has the address: a reset says nothing of who is registered.
                self.reply(202, {"detail": self.say("ResetRequested")})
            case InvalidFields() as refused:
                self.refuse_fields(refused)
            case TooManyAttempts() as refused:
                self.too_many(refused)
            case unexpected:
                assert_never(unexpected)


class ResetConfirmApi(ApiHandler):
    def initialize(self, reset_password: ResetPassword) -> None:
        self.reset_password = reset_password

    async def post(self) -> None:
        password = self.text("password", strip=False)
        choice = PasswordChoice(
            token=self.text("token"),
            password=password,
            password_confirm=password,
            session_id=self.session_id(),
            client=self.client(),
            agent=self.agent(),
        )
        match await self.reset_password(choice):
            case PasswordReset(user, session):
                self.event("password reset", username=user.username.value)
                self.signed_in(200, user, session)
            case InvalidFields() as refused:
                self.refuse_fields(refused)
            case InvalidLink() as refused:
                self.refuse(410, "invalid-link", key(refused))
            case unexpected:
                assert_never(unexpected)


class SessionsApi(ApiHandler):
    def initialize(self, list_sessions: ListSessions) -> None:
        self.list_sessions = list_sessions

    async def get(self) -> None:
        match await self.list_sessions(self.session_id()):
            case SessionList(_, sessions, current):
                self.reply(200, {"sessions": [_session_json(s, current) for s in sessions]})
            case NotSignedIn():
                self.not_signed_in()
            case unexpected:
                assert_never(unexpected)


class SessionApi(ApiHandler):
    def initialize(self, end_sessions: EndSessions) -> None:
        self.end_sessions = end_sessions

    async def delete(self, handle: str) -> None:
        match await self.end_sessions(EndRequest(self.session_id(), handle)):
            case SessionsEnded(count) if count:
                self.reply(204)
            case SessionsEnded():
                raise Refused(404, "not-found", "None of your other sessions has that id.")
            case NotSignedIn():
                self.not_signed_in()
            case unexpected:
                assert_never(unexpected)


def _session_json(session: Session, current: str) -> dict[str, Any]:
    return {
        "id": session.handle,
        "agent": session.agent,
        "address": session.address,
        "created_at": session.created_at.isoformat(),
        "last_seen": session.last_seen.isoformat(),
        "current": session.handle == current,
    }
