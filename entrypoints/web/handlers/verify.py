from typing import assert_never

from application.load_user import LoadUser
from application.verify_email import ResendRequest, ResendVerification, VerifyEmail
from domain.links import EmailVerification
from domain.results import (
    AlreadyVerified,
    EmailVerified,
    InvalidLink,
    NotSignedIn,
    TooManyAttempts,
    VerificationSent,
)
from entrypoints.messages import key
from entrypoints.web.handlers.base import BaseHandler, PageHandler


class VerifyEmailHandler(BaseHandler):
    """The link mailed to a new address: following it confirms the address."""

    def initialize(self, verify_email: VerifyEmail) -> None:
        self.verify_email = verify_email

    async def get(self) -> None:
        # The token is in this address: it is sent to no other site by the page it redirects to.
        self.set_header("Referrer-Policy", "no-referrer")
        match await self.verify_email(self.get_query_argument("token", "")):
            case EmailVerified(user) as verified:
                self.event("email verified", username=user.username.value)
                self.flash("info", key(verified), email=user.email.value)
                self.redirect(self.reverse_url("index"))
            case InvalidLink() as invalid:
                self.flash("error", key(invalid))
                self.redirect(self.reverse_url("index"))
            case unexpected:
                assert_never(unexpected)


class ResendVerificationHandler(PageHandler):
    """ "Send the link again": from `/` for a signed-in person, or from a login refused for an unconfirmed address."""

    def initialize(
        self, resend_verification: ResendVerification, verification: EmailVerification, **page: LoadUser
    ) -> None:
        super().initialize(**page)
        self.resend_verification = resend_verification
        self.verification = verification

    async def post(self) -> None:
        request = ResendRequest(self.cookies.session_id(), resend=self.field("resend"), client=self.client())
        match await self.resend_verification(request):
            case VerificationSent(user) as sent:
                self.event("verification mail requested", username=user.username.value)
                self.flash("info", key(sent), email=user.email.value)
                self.redirect(self.reverse_url("index"))
            case AlreadyVerified() as verified:
                self.flash("info", key(verified))
                self.redirect(self.reverse_url("index"))
            case TooManyAttempts() as refused:
                self.event("verification mail refused: too many requests")
                # The home page shows its user: loaded here, before the page is drawn.
                self.current_user = await self.load_user(request.session_id)
                await self.refuse_for_now(refused, "index.html", user=self.current_user, verification=self.verification)
            case InvalidLink() as invalid:
                # The login's link lasts minutes: logging in again makes a new one.
                self.flash("error", key(invalid))
                self.redirect(self.reverse_url("login"))
            case NotSignedIn():
                self.redirect(self.get_login_url())
            case unexpected:
                assert_never(unexpected)
