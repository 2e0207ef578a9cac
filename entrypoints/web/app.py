"""The Tornado application: every URL with the use case its handler is given."""

from pathlib import Path

from tornado import locale
from tornado.httpserver import HTTPServer
from tornado.web import Application, url

from entrypoints import api
from entrypoints.api.base import NoSuchEndpoint
from entrypoints.api.openapi import OpenApiDocument
from entrypoints.container import Container
from entrypoints.logs import access_line
from entrypoints.web.handlers.account import (
    AccountHandler,
    ChangeEmailHandler,
    ChangePasswordHandler,
    ConfirmEmailHandler,
    DeleteAccountHandler,
    DisableTwoFactorHandler,
    RecoveryCodesHandler,
    SessionsHandler,
    TwoFactorHandler,
)
from entrypoints.web.handlers.auth import LoginHandler, LogoutHandler, RegisterHandler, SecondStepHandler
from entrypoints.web.handlers.captcha import CaptchaHandler
from entrypoints.web.handlers.pages import HealthHandler, IndexHandler, NotFoundHandler, ProfileHandler
from entrypoints.web.handlers.passkeys import (
    AddOptionsHandler,
    PasskeysHandler,
    PasskeySignInHandler,
    RemovePasskeyHandler,
    SignInOptionsHandler,
)
from entrypoints.web.handlers.password import NewPasswordHandler, ResetRequestHandler
from entrypoints.web.handlers.verify import ResendVerificationHandler, VerifyEmailHandler
from entrypoints.web.headers import StaticFiles
from entrypoints.web.in_flight import InFlight
from entrypoints.web.modules import Field
from entrypoints.web.shared_pages import SharedPages

HERE = Path(__file__).parent
# The server's own cap, over the handlers' 64 KB (entrypoints/web/gate.py): a body between the two gets a
# page saying it is too large; one over this is cut off before any handler runs.
HARD_BODY_CAP = 256 * 1024


def make_app(container: Container, in_flight: InFlight) -> Application:
    config = container.config
    locale.load_translations(str(HERE / "locale"))
    locale.set_default_locale("en_US")
    counted = {"in_flight": in_flight}
    page = counted | {"load_user": container.load_user()}
    verification = {"verification": container.email_verification()}
    app = Application(
        [
            # Tornado tries the rules in order, a regular expression each: the pages asked for most come first.
            url(
                r"/auth/login",
                LoginHandler,
                page | {"login": container.login(), "usernames": container.usernames()},
                name="login",
            ),
            url(r"/", IndexHandler, page | verification, name="index"),
            url(r"/auth/register", RegisterHandler, page | {"register": container.register_user()}, name="register"),
            url(r"/profile", ProfileHandler, page | {"update_profile": container.update_profile()}, name="profile"),
            url(r"/account", AccountHandler, page, name="account"),
            url(
                r"/account/password",
                ChangePasswordHandler,
                page | {"change_password": container.change_password()},
                name="account_password",
            ),
            url(
                r"/account/sessions",
                SessionsHandler,
                page | {"list_sessions": container.list_sessions(), "end_sessions": container.end_sessions()},
                name="account_sessions",
            ),
            url(
                r"/account/email",
                ChangeEmailHandler,
                page | {"request_change": container.request_email_change()},
                name="account_email",
            ),
            url(
                r"/account/email/confirm",
                ConfirmEmailHandler,
                counted | {"confirm_change": container.confirm_email_change()},
                name="account_email_confirm",
            ),
            url(
                r"/account/2fa",
                TwoFactorHandler,
                page | {"start_totp": container.start_totp(), "enable_totp": container.enable_totp()},
                name="account_2fa",
            ),
            url(
                r"/account/2fa/recovery-codes",
                RecoveryCodesHandler,
                page | {"new_recovery_codes": container.new_recovery_codes()},
                name="account_2fa_recovery",
            ),
            url(
                r"/account/2fa/disable",
                DisableTwoFactorHandler,
                page | {"disable_two_factor": container.disable_two_factor()},
                name="account_2fa_disable",
            ),
            url(
                r"/account/passkeys",
                PasskeysHandler,
                page | {"list_passkeys": container.list_passkeys(), "add_passkey": container.add_passkey()},
                name="account_passkeys",
            ),
            url(
                r"/account/passkeys/options",
                AddOptionsHandler,
                counted | {"start_passkey": container.start_passkey()},
                name="account_passkeys_options",
            ),
            url(
                r"/account/passkeys/remove",
                RemovePasskeyHandler,
                page | {"remove_passkey": container.remove_passkey()},
                name="account_passkeys_remove",
            ),
            url(
                r"/account/delete",
                DeleteAccountHandler,
                page | {"delete_account": container.delete_account()},
                name="account_delete",
            ),
            url(r"/auth/2fa", SecondStepHandler, page | {"second_step": container.second_step()}, name="second_step"),
            url(
                r"/auth/passkey/options",
                SignInOptionsHandler,
                counted | {"start_sign_in": container.start_passkey_sign_in()},
                name="passkey_options",
            ),
            url(
                r"/auth/passkey",
                PasskeySignInHandler,
                counted | {"passkey_sign_in": container.passkey_sign_in()},
                name="passkey_sign_in",
            ),
            # The same, under /auth/2fa: where the pending second step's cookie is sent, so that it ends too.
            url(
                r"/auth/2fa/passkey",
                PasskeySignInHandler,
                counted | {"passkey_sign_in": container.passkey_sign_in()},
                name="second_step_passkey",
            ),
            url(
                r"/auth/password/reset",
                ResetRequestHandler,
                page | {"request_reset": container.request_reset()},
                name="password_reset",
            ),
            url(
                r"/auth/password/new",
                NewPasswordHandler,
                page | {"open_link": container.open_reset_link(), "reset_password": container.reset_password()},
                name="password_new",
            ),
            url(
                r"/auth/verify", VerifyEmailHandler, counted | {"verify_email": container.verify_email()}, name="verify"
            ),
            url(
                r"/auth/verify/resend",
                ResendVerificationHandler,
                page | verification | {"resend_verification": container.resend_verification()},
                name="verify_resend",
            ),
            url(r"/auth/logout", LogoutHandler, counted | {"logout": container.logout()}, name="logout"),
            url(r"/auth/captcha", CaptchaHandler, counted | {"issue": container.issue_captcha()}, name="captcha"),
            url(
                r"/auth/captcha/audio",
                CaptchaHandler,
                counted | {"issue": container.issue_audio_captcha()},
                name="captcha_audio",
            ),
            url(r"/healthz", HealthHandler, counted | {"check_health": container.check_health()}, name="health"),
            *[
                url(
                    api.pattern(path),
                    handler,
                    counted | {arg: getattr(container, name)() for arg, name in uses.items()},
                )
                for path, handler, uses in api.ROUTES
            ],
            url(r"/api/openapi\.json", OpenApiDocument, counted, name="openapi"),
            url(r"/api/.*", NoSuchEndpoint, counted),
        ],
        default_handler_class=NotFoundHandler,
        default_handler_args=page,
        cookie_secret=config.cookie_secret(),
        xsrf_cookies=True,
        template_path=str(HERE / "templates"),
        static_path=str(HERE / "static"),
        static_handler_class=StaticFiles,
        ui_modules={"Field": Field},
        debug=config.debug(),
        autoreload=config.debug() and config.processes() == 1,  # reloading cannot restart forked workers
        https=config.https(),
        trust_proxy=config.trust_proxy(),
        cors_origins=config.cors_origins() or (),
        session_days=config.session_lifetime_hours() / 24,
        log_function=access_line,
        # In debug the templates are read again for every page, so no page is kept either.
        shared_pages=None if config.debug() else SharedPages(),
    )
    app.settings["login_url"] = app.reverse_url("login")
    return app


READ_CHUNK = 8 * 1024


def make_server(container: Container, in_flight: InFlight) -> HTTPServer:
    """meet's HTTP server. Tornado's xheaders stay off: they would also believe X-Real-Ip and X-Scheme;
    the handlers read the trusted proxy's X-Forwarded-For and -Proto themselves.

    Each read from a connection fills a new buffer of `chunk_size`, zeroed first: Tornado's 64 KB
    default is 32 times what a page request carries, and under load those buffers lift peak memory."""
    return HTTPServer(make_app(container, in_flight), max_body_size=HARD_BODY_CAP, chunk_size=READ_CHUNK)
