"""Error answers: a page in the site's style and language for a browser, one plain line for anything else."""

import logging
from typing import Any

from tornado.web import RequestHandler

from domain.errors import StorageUnavailable

log = logging.getLogger("meet.web")

STORAGE_RETRY_SECONDS = 5

# The heading and the sentence of each error page (English source text, translated in zh_CN.csv).
PAGES = {
    400: ("Bad request", "Something in that request could not be read."),
    403: ("Not allowed", "That form has expired or did not come from this site; go back, reload it and try again."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Not allowed here", "This address does not take that kind of request."),
    413: ("Too large", "What was sent is larger than this site takes (64 KB)."),
    415: ("Not a form", "This site takes forms only."),
    429: ("Too many attempts", "Too many attempts; wait a while and try again."),
    503: ("Back in a moment", "The database is not answering; try again in a moment."),
}
OTHER = ("Something went wrong", "That request could not be answered.")


def wants_html(accept: str) -> bool:
    """A browser's Accept names text/html; curl's */* and an API client's do not."""
    return "text/html" in accept.lower()


class ErrorPages(RequestHandler):
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Cache-Control", "no-store")
        if _storage_unavailable(kwargs):
            status_code = 503
            self.set_status(503)
            self.set_header("Retry-After", str(STORAGE_RETRY_SECONDS))
        elif self.settings.get("serve_traceback") and status_code >= 500:
            super().write_error(status_code, **kwargs)
            return
        heading, sentence = PAGES.get(status_code, OTHER)
        if wants_html(self.request.headers.get("Accept", "")):
            self.render("error.html", status=status_code, heading=heading, sentence=sentence, flash=None, kept={})
        else:
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(f"{status_code} {self._reason}: {sentence}\n")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, StorageUnavailable):
            log.warning("503 %s %s: the database is not answering: %s", self.request.method, self.request.path, value)
        else:
            super().log_exception(typ, value, tb)


def _storage_unavailable(error_details: dict[str, Any]) -> bool:
    exc_info = error_details.get("exc_info")
    return exc_info is not None and isinstance(exc_info[1], StorageUnavailable)
