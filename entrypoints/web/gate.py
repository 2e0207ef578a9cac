"""What a request body must be before a handler reads it: a urlencoded form of at most 64 KB."""

from tornado.httputil import HTTPServerRequest
from tornado.web import HTTPError

FORM = "application/x-www-form-urlencoded"
MAX_BODY = 64 * 1024


def check_body(request: HTTPServerRequest) -> None:
    """A 413 for a body over MAX_BODY (the server's own cap is larger, so this one gets a page) and a 415
    for a POST that is not a form."""
    length = request.headers.get("Content-Length", "")
    if len(request.body) > MAX_BODY or (length.isdigit() and int(length) > MAX_BODY):
        raise HTTPError(413, f"a body may be at most {MAX_BODY} bytes")
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if request.method == "POST" and content_type != FORM:
        raise HTTPError(415, "a form must be sent as application/x-www-form-urlencoded")
