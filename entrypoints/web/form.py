"""Form fields as sent: Tornado's own arguments would turn control characters into spaces ("alice\\0" into
"alice")."""

from tornado.httputil import HTTPServerRequest
from tornado.web import HTTPError


def field(request: HTTPServerRequest, name: str, strip: bool = True) -> str:
    """One form field; absent is empty, repeated or not UTF-8 is a 400."""
    values = request.body_arguments.get(name, [])
    if len(values) > 1:
        raise HTTPError(400, f"{name} was sent more than once")
    try:
        value = values[0].decode() if values else ""
    except UnicodeDecodeError:
        raise HTTPError(400, f"{name} is not UTF-8") from None
    return value.strip() if strip else value
