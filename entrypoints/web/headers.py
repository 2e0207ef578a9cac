"""The headers every answer carries: the security policy and a request id."""

import random

from tornado.web import RequestHandler, StaticFileHandler

from entrypoints.web.errors import ErrorPages

# Images may come from any https address: a profile's head image is the user's own URL (docs/security.md).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders(RequestHandler):
    def set_default_headers(self) -> None:
        # Made once per request (this runs again when an error clears the headers), sent back and logged. Not a
        # secret, so Python's own generator (reseeded in each forked worker) rather than a system call.
        self.request_id: str = getattr(self, "request_id", None) or f"{random.getrandbits(64):016x}"
        self.set_header("X-Request-Id", self.request_id)
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        if self.settings.get("https"):
            self.set_header("Strict-Transport-Security", "max-age=31536000")


class StaticFiles(ErrorPages, SecurityHeaders, StaticFileHandler):
    """Static files, whose 404 is the site's page too."""
