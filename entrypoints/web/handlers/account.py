from typing import assert_never

from tornado.web import authenticated

from application.change_email import ConfirmEmailChange, EmailChange, RequestEmailChange
from application.change_password import ChangePassword, PasswordChange
from application.delete_account import DeleteAccount
from application.load_user import LoadUser
from application.sessions import EndRequest, EndSessions, ListSessions
from application.throttle import PasswordConfirmation
from application.two_factor import DisableTwoFactor, EnableTotp, NewRecoveryCodes, StartTotp, TotpConfirmation
from domain.errors import InvalidField, Problem
from domain.results import (
    AccountDeleted,
    EmailChanged,
    EmailChangeRequested,
    EmailTaken,
    InvalidFields,
    InvalidLink,
    NotSignedIn,
    PasswordChanged,
    RecoveryCodesMade,
    SessionList,
    SessionsEnded,
    TooManyAttempts,
    TotpEnabled,
    TotpNotConfirmed,
    TotpSetup,
    TwoFactorAlreadyOn,
    TwoFactorNotOn,
    TwoFactorOff,
)
from entrypoints.messages import key
from entrypoints.web import agents, qr
from entrypoints.web.flash import Flash
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


class TwoFactorHandler(PageHandler):
    """The authenticator app: set up with a QR code and a code from the app, or, once on, its recovery codes."""

    def initialize(self, start_totp: StartTotp, enable_totp: EnableTotp, **page: LoadUser) -> None:
        super().initialize(**page)
        self.start_totp = start_totp
        self.enable_totp = enable_totp

    async def get(self) -> None:
        match await self.start_totp(self.cookies.session_id()):
            case TotpSetup() as setup:
                self.show_setup(setup)
            case TwoFactorAlreadyOn(_, recovery_left):
                self.render_page("account_2fa.html", recovery_left=recovery_left)
            case NotSignedIn():
                self.to_login("account_2fa")
            case unexpected:
                assert_never(unexpected)

    async def post(self) -> None:
        confirmation = TotpConfirmation(self.cookies.session_id(), self.field("pending"), self.field("code"))
        match await self.enable_totp(confirmation):
            case TotpEnabled(user, codes) as enabled:
                self.event("two-factor sign-in on", username=user.username.value)
                show_codes(self, enabled, codes)
            case TotpNotConfirmed(setup):
                self.set_status(400)
                refused = key(InvalidField("code", Problem.CODE_WRONG))
                self.show_setup(setup, Flash("error", self.say(refused), fields={"code": self.say(refused)}))
            case TwoFactorAlreadyOn():
                self.redirect(self.reverse_url("account_2fa"))
            case NotSignedIn():
                self.to_login("account_2fa")
            case unexpected:
                assert_never(unexpected)

    def show_setup(self, setup: TotpSetup, flash: Flash | None = None) -> None:
        self.current_user = setup.user
        picture = qr.svg(setup.uri, self.locale.translate("QR code for your authenticator app"))
        secret = qr.grouped(setup.secret)
        self.render_page(
            "account_2fa_setup.html", flash, shared=False, qr=picture, secret=secret, pending=setup.pending
        )


def show_codes(handler: PageHandler, outcome: TotpEnabled | RecoveryCodesMade, codes: tuple[str, ...]) -> None:
    """The recovery codes, this once: only their hashes are kept."""
    handler.current_user = outcome.user
    flash = handler.flash_now("info", key(outcome))
    handler.render_page("account_2fa_codes.html", flash, shared=False, codes=codes)


class RecoveryCodesHandler(PageHandler):
    def initialize(self, new_recovery_codes: NewRecoveryCodes, **page: LoadUser) -> None:
        super().initialize(**page)
        self.new_recovery_codes = new_recovery_codes

    async def post(self) -> None:
        confirmation = PasswordConfirmation(
            self.cookies.session_id(), self.field("current_password", strip=False), self.client()
        )
        match await self.new_recovery_codes(confirmation):
            case RecoveryCodesMade(user, codes) as made:
                self.event("recovery codes replaced", username=user.username.value)
                show_codes(self, made, codes)
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), fields={field.field: key(field) for field in fields})
                self.redirect(self.reverse_url("account_2fa"))
            case TwoFactorNotOn() as off:
                self.flash("error", key(off))
                self.redirect(self.reverse_url("account_2fa"))
            case TooManyAttempts() as refused:
                self.event("recovery codes refused: too many attempts")
                await self.refuse_for_now(
                    refused, "account_2fa.html", session_id=confirmation.session_id, recovery_left=None
                )
            case NotSignedIn():
                self.to_login("account_2fa")
            case unexpected:
                assert_never(unexpected)


class DisableTwoFactorHandler(PageHandler):
    def initialize(self, disable_two_factor: DisableTwoFactor, **page: LoadUser) -> None:
        super().initialize(**page)
        self.disable_two_factor = disable_two_factor

    @authenticated
    def get(self) -> None:
        self.render_page("account_2fa_disable.html")

    async def post(self) -> None:
        confirmation = PasswordConfirmation(
            self.cookies.session_id(), self.field("current_password", strip=False), self.client()
        )
        match await self.disable_two_factor(confirmation):
            case TwoFactorOff(user) as off:
                self.event("two-factor sign-in off", username=user.username.value)
                self.flash("info", key(off))
                self.redirect(self.reverse_url("account"))
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), fields={field.field: key(field) for field in fields})
                self.redirect(self.reverse_url("account_2fa_disable"))
            case TooManyAttempts() as refused:
                self.event("two-factor change refused: too many attempts")
                await self.refuse_for_now(refused, "account_2fa_disable.html", session_id=confirmation.session_id)
            case NotSignedIn():
                self.to_login("account_2fa_disable")
            case unexpected:
                assert_never(unexpected)
