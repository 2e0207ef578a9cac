from typing import assert_never
from urllib.parse import urlencode

from application.load_user import LoadUser
from application.password_reset import (
    OpenResetLink,
    PasswordChoice,
    RequestPasswordReset,
    ResetPassword,
    ResetRequest,
)
from domain.results import (
    InvalidFields,
    InvalidLink,
    PasswordReset,
    ResetLinkWorks,
    ResetRequested,
    TooManyAttempts,
)
from entrypoints.messages import key
from entrypoints.web.handlers.base import PageHandler


class ResetRequestHandler(PageHandler):
    """ "Forgot your password?": asks for the address to mail a link to."""

    def initialize(self, request_reset: RequestPasswordReset, **page: LoadUser) -> None:
        super().initialize(**page)
        self.request_reset = request_reset

    def get(self) -> None:
        self.render_page("password_reset.html")

    async def post(self) -> None:
        request = ResetRequest(email=self.field("email"), client=self.client(), language=self.locale.code)
        match await self.request_reset(request):
            case ResetRequested() as requested:
                # Logged without the address: the log should not say who asked about which address either.
                self.event("password reset requested")
                self.flash("info", key(requested))
                self.redirect(self.reverse_url("password_reset"))
            case InvalidFields(fields):
                refused = {field.field: key(field) for field in fields}
                self.flash("error", key(fields[0]), {"email": request.email}, refused)
                self.redirect(self.reverse_url("password_reset"))
            case TooManyAttempts() as refused:
                self.event("password reset refused: too many requests")
                await self.refuse_for_now(refused, "password_reset.html")
            case unexpected:
                assert_never(unexpected)


class NewPasswordHandler(PageHandler):
    """The mailed link's page: a form for the new password, carrying the link's token."""

    def initialize(self, open_link: OpenResetLink, reset_password: ResetPassword, **page: LoadUser) -> None:
        super().initialize(**page)
        self.open_link = open_link
        self.reset_password = reset_password

    async def get(self) -> None:
        # The page holds the token: it is sent to no other site, even by a link a browser extension adds.
        self.set_header("Referrer-Policy", "no-referrer")
        token = self.get_query_argument("token", "")
        match await self.open_link(token):
            case ResetLinkWorks(user):
                self.render_page("password_new.html", shared=False, token=token, username=user.username.value)
            case InvalidLink() as invalid:
                self.flash("error", key(invalid))
                self.redirect(self.reverse_url("password_reset"))
            case unexpected:
                assert_never(unexpected)

    async def post(self) -> None:
        choice = PasswordChoice(
            token=self.field("token"),
            password=self.field("password", strip=False),
            password_confirm=self.field("password_confirm", strip=False),
            session_id=self.cookies.session_id(),
            client=self.client(),
            agent=self.agent(),
        )
        match await self.reset_password(choice):
            case PasswordReset(user, session) as reset:
                self.event("password reset", username=user.username.value)
                self.cookies.sign_in(session)
                self.flash("info", key(reset), username=user.username.value)
                self.redirect(self.reverse_url("index"))
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), fields={field.field: key(field) for field in fields})
                self.redirect(f"{self.reverse_url('password_new')}?{urlencode({'token': choice.token})}")
            case InvalidLink() as invalid:
                self.flash("error", key(invalid))
                self.redirect(self.reverse_url("password_reset"))
            case unexpected:
                assert_never(unexpected)
