"""meet's JSON API (`/api/v1`): a second inbound adapter on the same use cases as the web pages, no rules of its own.

ROUTES names each endpoint's path (as the OpenAPI document writes it), its handler, and the container's use case
for each of the handler's arguments; entrypoints/web/app.py builds them, so this package imports no adapter.
"""

from entrypoints.api.handlers import (
    CaptchaApi,
    LoginApi,
    LogoutApi,
    MeApi,
    PasswordApi,
    ProfileApi,
    RegisterApi,
    ResetApi,
    ResetConfirmApi,
    SecondFactorApi,
    SessionApi,
    SessionsApi,
)

ROUTES = (
    ("/api/v1/captcha", CaptchaApi, {"issue": "issue_captcha"}),
    ("/api/v1/register", RegisterApi, {"register": "register_user"}),
    ("/api/v1/login", LoginApi, {"login": "login", "usernames": "usernames"}),
    ("/api/v1/login/second-factor", SecondFactorApi, {"second_step": "second_step"}),
    ("/api/v1/logout", LogoutApi, {"logout": "logout"}),
    ("/api/v1/me", MeApi, {"load_user": "load_user", "delete_account": "delete_account"}),
    ("/api/v1/me/profile", ProfileApi, {"update_profile": "update_profile"}),
    ("/api/v1/me/password", PasswordApi, {"change_password": "change_password"}),
    ("/api/v1/me/sessions", SessionsApi, {"list_sessions": "list_sessions"}),
    ("/api/v1/me/sessions/{id}", SessionApi, {"end_sessions": "end_sessions"}),
    ("/api/v1/password/reset", ResetApi, {"request_reset": "request_reset"}),
    ("/api/v1/password/reset/confirm", ResetConfirmApi, {"reset_password": "reset_password"}),
)


def pattern(path: str) -> str:
    """The Tornado URL pattern of an OpenAPI path: each `{name}` one path segment."""
    return "^" + path.replace("{id}", "([^/]+)") + "$"
