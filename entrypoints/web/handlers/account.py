from typing import assert_never

from tornado.web import authenticated

from application.change_email import ConfirmEmailChange, EmailChange, RequestEmailChange
from application.change_password import ChangePassword, PasswordChange
from application.delete_account import DeleteAccount
from application.load_user import LoadUser
from application.sessions import EndRequest, EndSessions, ListSessions
from application.throttle import PasswordConfirmation
from domain.results import (
    AccountDeleted,
    EmailChanged,
    EmailChangeRequested,
    EmailTaken,
    InvalidFields,
    InvalidLink,
    NotSignedIn,
    PasswordChanged,
    SessionList,
    SessionsEnded,
    TooManyAttempts,
)
from entrypoints.messages import key
from entrypoints.web import agents
from entrypoints.web.handlers.base import BaseHandler, PageHandler


class AccountHandler(PageHandler):
    """The signed-in user's account: links to each of its pages."""

    @authenticated
    def get(self) -> None:
        self.render_page("account.html")


class ChangePasswordHandler(PageHandler):
    def initialize(self, change_password: ChangePassword, **page: LoadUser) -> None:
        super().initialize(**page)
        self.change_password = change_password

    @authenticated
    def get(self) -> None:
        self.render_page("account_password.html")

    async def post(self) -> None:
        change = PasswordChange(
            session_id=self.cookies.session_id(),
            current_password=self.field("current_password", strip=False),
            password=self.field("password", strip=False),
            password_confirm=self.field("password_confirm", strip=False),
            client=self.client(),
        )
        match await self.change_password(change):
            case PasswordChanged(user) as changed:
                self.event("password changed", username=user.username.value)
                self.flash("info", key(changed))
                self.redirect(self.reverse_url("account"))
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), fields={field.field: key(field) for field in fields})
                self.redirect(self.reverse_url("account_password"))
            case TooManyAttempts() as refused:
                self.event("password change refused: too many attempts")
                await self.refuse_for_now(refused, "account_password.html", session_id=change.session_id)
            case NotSignedIn():
                # What @authenticated does for a GET; a POST's session ended while its form was open.
                self.to_login("account_password")
            case unexpected:
                assert_never(unexpected)


class SessionsHandler(PageHandler):
    """Where the user is signed in: each session with its browser, address and times, and a way to end it."""

    def initialize(self, list_sessions: ListSessions, end_sessions: EndSessions, **page: LoadUser) -> None:
        super().initialize(**page)
        self.list_sessions = list_sessions
        self.end_sessions = end_sessions

    async def get(self) -> None:
        match await self.list_sessions(self.cookies.session_id()):
            case SessionList(_, sessions, current):
                self.render_page("account_sessions.html", sessions=sessions, current=current, browser=agents.short)
            case NotSignedIn():
                self.to_login("account_sessions")
            case unexpected:
                assert_never(unexpected)

    async def post(self) -> None:
        match await self.end_sessions(EndRequest(self.cookies.session_id(), self.field("end"))):
            case SessionsEnded(count) as ended:
                self.event("sessions ended", count=str(count))
                self.flash("info", key(ended), count=str(count))
                self.redirect(self.reverse_url("account_sessions"))
            case NotSignedIn():
                self.to_login("account_sessions")
            case unexpected:
                assert_never(unexpected)


class DeleteAccountHandler(PageHandler):
    def initialize(self, delete_account: DeleteAccount, **page: LoadUser) -> None:
        super().initialize(**page)
        self.delete_account = delete_account

    @authenticated
    def get(self) -> None:
        self.render_page("account_delete.html")

    async def post(self) -> None:
        deletion = PasswordConfirmation(
            session_id=self.cookies.session_id(),
            current_password=self.field("current_password", strip=False),
            client=self.client(),
        )
        match await self.delete_account(deletion):
            case AccountDeleted(user) as deleted:
                self.event("account deleted", username=user.username.value)
                self.cookies.sign_out()
                self.flash("info", key(deleted))
                self.redirect(self.reverse_url("index"))
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), fields={field.field: key(field) for field in fields})
                self.redirect(self.reverse_url("account_delete"))
            case TooManyAttempts() as refused:
                self.event("account deletion refused: too many attempts")
                await self.refuse_for_now(refused, "account_delete.html", session_id=deletion.session_id)
            case NotSignedIn():
                self.to_login("account_delete")
            case unexpected:
                assert_never(unexpected)


class ChangeEmailHandler(PageHandler):
    def initialize(self, request_change: RequestEmailChange, **page: LoadUser) -> None:
        super().initialize(**page)
        self.request_change = request_change

    @authenticated
    def get(self) -> None:
        self.render_page("account_email.html")

    async def post(self) -> None:
        change = EmailChange(
            session_id=self.cookies.session_id(),
            email=self.field("email"),
            current_password=self.field("current_password", strip=False),
            client=self.client(),
        )
        typed = {"email": change.email}
        match await self.request_change(change):
            case EmailChangeRequested(user, email) as requested:
                self.event("email change requested", username=user.username.value)
                self.flash("info", key(requested), email=email.value)
                self.redirect(self.reverse_url("account"))
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), typed, {field.field: key(field) for field in fields})
                self.redirect(self.reverse_url("account_email"))
            case EmailTaken() as taken:
                self.flash("error", key(taken), typed, {"email": key(taken)})
                self.redirect(self.reverse_url("account_email"))
            case TooManyAttempts() as refused:
                self.event("email change refused: too many attempts")
                await self.refuse_for_now(refused, "account_email.html", typed, session_id=change.session_id)
            case NotSignedIn():
                self.to_login("account_email")
            case unexpected:
                assert_never(unexpected)


class ConfirmEmailHandler(BaseHandler):
    """The link mailed to a new address: following it makes the address the user's."""

    def initialize(self, confirm_change: ConfirmEmailChange) -> None:
        self.confirm_change = confirm_change

    async def get(self) -> None:
        # The token is in this address: it is sent to no other site by the page it redirects to.
        self.set_header("Referrer-Policy", "no-referrer")
        match await self.confirm_change(self.get_query_argument("token", "")):
            case EmailChanged(user) as changed:
                self.event("email changed", username=user.username.value)
                self.flash("info", key(changed), email=user.email.value)
                self.redirect(self.reverse_url("index"))
            case EmailTaken() | InvalidLink() as refused:
                self.flash("error", key(refused))
                self.redirect(self.reverse_url("index"))
            case unexpected:
                assert_never(unexpected)
