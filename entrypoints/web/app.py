"""The Tornado application: every URL with the use case its handler is given."""

from pathlib import Path

from tornado import locale
from tornado.httpserver import HTTPServer
from tornado.web import Application, url

from entrypoints.container import Container
from entrypoints.web.handlers.auth import LoginHandler, LogoutHandler, RegisterHandler
from entrypoints.web.handlers.base import StaticFiles, log_request
from entrypoints.web.handlers.captcha import CaptchaHandler
from entrypoints.web.handlers.pages import HealthHandler, IndexHandler, NotFoundHandler, ProfileHandler
from entrypoints.web.in_flight import InFlight

HERE = Path(__file__).parent
MAX_BODY_SIZE = 64 * 1024


def make_app(container: Container) -> Application:
    config = container.config
    locale.load_translations(str(HERE / "locale"))
    locale.set_default_locale("en_US")
    page = {"load_user": container.load_user()}
    return Application(
        [
            url(r"/", IndexHandler, page, name="index"),
            url(r"/profile", ProfileHandler, page | {"update_profile": container.update_profile()}, name="profile"),
            url(r"/auth/register", RegisterHandler, page | {"register": container.register_user()}, name="register"),
            url(r"/auth/login", LoginHandler, page | {"login": container.login()}, name="login"),
            url(r"/auth/logout", LogoutHandler, {"logout": container.logout()}, name="logout"),
            url(r"/auth/captcha", CaptchaHandler, {"issue": container.issue_captcha()}, name="captcha"),
            url(
                r"/auth/captcha/audio", CaptchaHandler, {"issue": container.issue_audio_captcha()}, name="captcha_audio"
            ),
            url(r"/healthz", HealthHandler, {"check_health": container.check_health()}, name="health"),
        ],
        default_handler_class=NotFoundHandler,
        cookie_secret=config.cookie_secret(),
        xsrf_cookies=True,
        template_path=str(HERE / "templates"),
        static_path=str(HERE / "static"),
        static_handler_class=StaticFiles,
        debug=config.debug(),
        autoreload=config.debug() and config.processes() == 1,  # reloading cannot restart forked workers
        https=config.https(),
        trust_proxy=config.trust_proxy(),
        session_days=config.session_lifetime_hours() / 24,
        in_flight=InFlight(),
        log_function=log_request,
    )


def make_server(container: Container) -> HTTPServer:
    """meet's HTTP server, taking small bodies only. Tornado's xheaders stay off: they would also believe
    X-Real-Ip and X-Scheme; the handlers read the trusted proxy's X-Forwarded-For and -Proto themselves."""
    return HTTPServer(make_app(container), max_body_size=MAX_BODY_SIZE)
