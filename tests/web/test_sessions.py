"""Server-side sessions as a reviewer checks them: random ids, logout, timeouts, fixation, cookie flags."""

from datetime import timedelta

import pytest
from dependency_injector import providers
from tornado.web import decode_signed_value

from tests.fakes import ManualClock
from tests.names import username
from tests.settings import TEST_SETTINGS
from tests.web.client import Visitor, xsrf_token

SECRET = TEST_SETTINGS["MEET_COOKIE_SECRET"]


def session_id(visitor: Visitor) -> str:
    signed = visitor.http.cookies["session"].strip('"')  # quoted: the signed value holds a '='
    return decode_signed_value(SECRET, "session", signed).decode()


def signed_in(page) -> bool:
    return "<h1><bdi>alice</bdi></h1>" in page.text


async def test_the_cookie_carries_only_a_random_session_id(visitor, container):
    await visitor.register()
    user = await container.users().by_username(username("alice"))

    sid = session_id(visitor)

    assert len(sid) >= 40
    assert user.id not in sid and "alice" not in sid
    session = await container.sessions().get(sid)
    assert session is not None and session.user_id == user.id


async def test_a_cookie_captured_before_logout_is_signed_out_after(visitor, visit):
    await visitor.register()
    captured = visitor.http.cookies["session"]

    await visitor.logout()

    thief = visit()
    thief.http.cookies.set("session", captured)
    assert not signed_in(await thief.get("/"))


async def test_every_login_issues_a_new_session_id(visitor, visit):
    await visitor.register()
    before = visitor.http.cookies["session"]
    planted = session_id(visitor)

    await visitor.login()

    assert session_id(visitor) != planted
    old = visit()
    old.http.cookies.set("session", before)
    assert not signed_in(await old.get("/"))
    assert signed_in(await visitor.get("/"))


@pytest.fixture
def clock(container) -> ManualClock:
    clock = ManualClock()
    container.clock.override(providers.Object(clock))
    container.config.session_idle_minutes.from_value(30)
    container.config.session_lifetime_hours.from_value(8)
    return clock


async def test_an_idle_session_ends(clock, container, serve, visitors):
    visitor = visitors(await serve(container))
    await visitor.register()

    clock.advance(timedelta(minutes=29))
    assert signed_in(await visitor.get("/"))
    clock.advance(timedelta(minutes=30))
    assert not signed_in(await visitor.get("/"))


async def test_a_busy_session_ends_at_its_absolute_limit(clock, container, serve, visitors):
    visitor = visitors(await serve(container))
    await visitor.register()

    for _ in range(16):
        clock.advance(timedelta(minutes=29))
        assert signed_in(await visitor.get("/"))
    clock.advance(timedelta(minutes=29))
    assert not signed_in(await visitor.get("/"))


def set_cookies(response) -> dict[str, str]:
    return {h.split("=")[0]: h for h in response.headers.get_list("set-cookie")}


async def register_by_hand(visitor: Visitor, **headers: str) -> dict[str, str]:
    """Register sending every cookie back by hand (a Secure cookie would not come back over http)."""
    page = await visitor.http.get("/auth/register", headers=headers)
    image = await visitor.http.get("/auth/captcha", headers=headers)
    cookies = "; ".join(f"{name}={value}" for name, value in {**page.cookies, **image.cookies}.items())
    form = {"_xsrf": xsrf_token(page), "username": "alice", "email": "alice@example.com"}
    form |= {"password": "correct horse", "captcha": "abc"}
    response = await visitor.http.post("/auth/register", data=form, headers=headers | {"Cookie": cookies})
    assert response.headers["location"] == "/"
    return set_cookies(page) | set_cookies(image) | set_cookies(response)


async def test_cookies_are_httponly_and_samesite_lax_and_not_secure_over_http(visitor):
    cookies = await register_by_hand(visitor)

    assert set(cookies) >= {"_xsrf", "captcha", "session", "flash"}
    for header in cookies.values():
        assert "HttpOnly" in header and "SameSite=Lax" in header
        assert "Secure" not in header


async def test_cookies_are_secure_when_meet_is_served_over_https(container, serve, visitors):
    container.config.https.from_value(True)
    cookies = await register_by_hand(visitors(await serve(container)))

    assert all("Secure" in header for header in cookies.values())


@pytest.mark.parametrize("trusted", [True, False])
async def test_a_trusted_proxy_decides_secure_by_its_forwarded_proto(container, serve, visitors, trusted):
    container.config.trust_proxy.from_value(trusted)
    cookies = await register_by_hand(visitors(await serve(container)), **{"X-Forwarded-Proto": "https"})

    for name in ["session", "flash", "captcha", "_xsrf"]:
        assert ("Secure" in cookies[name]) is trusted, name


async def test_https_adds_strict_transport_security(container, serve, visitors):
    container.config.https.from_value(True)
    visitor = visitors(await serve(container))

    assert (await visitor.get("/auth/login")).headers["strict-transport-security"] == "max-age=31536000"


async def test_a_real_session_id_without_its_signature_is_signed_out(visitor):
    await visitor.register()
    sid = session_id(visitor)

    visitor.http.cookies.delete("session")
    visitor.http.cookies.set("session", sid)

    assert not signed_in(await visitor.get("/"))
