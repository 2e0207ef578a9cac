"""meet writes its Set-Cookie lines itself (for speed); each must be what Tornado's own set_cookie sends."""

import datetime

import pytest
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
from tornado.web import Application, RequestHandler

from entrypoints.web.cookies import set_cookie_line


class Connection:
    """What RequestHandler asks of a connection before any answer is written."""

    def set_close_callback(self, callback: object) -> None:
        pass


def tornados(name: str, value: str, **options: object) -> str:
    start = RequestStartLine("GET", "/", "HTTP/1.1")
    request = HTTPServerRequest(connection=Connection(), start_line=start, headers=HTTPHeaders(Host="meet"))
    handler = RequestHandler(Application(), request)
    RequestHandler.set_cookie(handler, name, value, **options)
    return handler._new_cookie[name].OutputString(None)


PAST = datetime.datetime(2025, 12, 6, 18, 0, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("name", "value", "options"),
    [
        ("_xsrf", "2|a721fb66|b85d0de939504cedbb159fc2fa86169f|1796582540", {"httponly": True, "samesite": "Lax"}),
        ("session", "2|1:0|10:1796582540|7:session|8:YWJjZA==|9f2c", {"expires": PAST, "secure": True}),
        ("flash", 'a"quoted"value;with,commas\\', {"httponly": True}),
        ("signin", "", {"expires": 1796582540.5, "path": "/auth/2fa", "samesite": "Lax", "secure": True}),
        ("lang", "zh_CN", {"domain": "example.com", "max_age": 60, "path": None}),
        ("captcha", "ünïcode", {}),
    ],
)
def test_a_line_is_the_one_tornado_writes(name, value, options):
    assert set_cookie_line(name, value, **options) == tornados(name, value, **options)


def test_a_lifetime_in_days_ends_that_many_days_from_now():
    line = set_cookie_line("lang", "en_US", expires_days=365)
    ends = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=365)
    assert f"expires={ends:%a, %d %b %Y}" in line


@pytest.mark.parametrize(
    "bad", [{"name": "a;b"}, {"name": "a b"}, {"value": "a b"}, {"path": "/x;Secure"}, {"domain": "a\nb"}]
)
def test_a_name_or_attribute_that_would_break_the_header_is_refused(bad):
    with pytest.raises(ValueError):
        set_cookie_line(**{"name": "ok", "value": "v"} | bad)
