import pytest
from tornado.web import create_signed_value

from tests.settings import TEST_SETTINGS
from tests.web.client import flashes

INVALID = [("error", "Wrong username or password.")]


@pytest.mark.parametrize("typed", ["alice", "ALICE", "alice@example.com", "Alice@Example.COM"])
async def test_logging_in_by_username_or_email(visitor, alice, typed):
    response = await visitor.login(username=typed)

    assert response.status_code == 302
    assert response.headers["location"] == "/"
    index = await visitor.get("/")
    assert "<h1><bdi>alice</bdi></h1>" in index.text
    assert flashes(index) == [("info", "Welcome back, alice.")]


@pytest.mark.parametrize(("username", "password"), [("alice", "wrong horse"), ("nobody", "correct horse")])
async def test_unknown_user_and_wrong_password_get_one_message(visitor, alice, username, password):
    response = await visitor.login(username=username, password=password)

    assert response.status_code == 302
    assert response.headers["location"] == "/auth/login"
    page = await visitor.get("/auth/login")
    assert flashes(page) == INVALID
    assert password not in page.text


async def test_logout_signs_out(visitor, alice):
    await visitor.login()

    response = await visitor.logout()

    assert (response.status_code, response.headers["location"]) == (302, "/")
    index = await visitor.get("/")
    assert "<h1><bdi>alice</bdi></h1>" not in index.text
    assert 'href="/auth/login"' in index.text


async def test_a_get_never_logs_anyone_out(visitor, alice):
    await visitor.login()

    assert (await visitor.get("/auth/logout")).status_code == 405
    assert "<h1><bdi>alice</bdi></h1>" in (await visitor.get("/")).text


@pytest.mark.parametrize("target", ["/", "/auth/register", "/a/b?c=d&e=f", "/caf%C3%A9"])
async def test_a_local_next_is_followed(visitor, alice, target):
    response = await visitor.login(next=target)

    assert response.headers["location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: x=1",
        "/ok\nLocation: https://evil.example",
        "/\tevil",
        "/%09/evil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "",
        "evil.example",
    ],
)
async def test_any_other_next_ends_on_the_index(visitor, alice, target):
    response = await visitor.login(next=target)

    assert response.status_code == 302
    assert response.headers["location"] == "/"


async def test_a_failed_login_keeps_next(visitor, alice):
    response = await visitor.login(password="wrong horse", next="/auth/register")

    assert response.headers["location"] == "/auth/login"
    assert 'name="next" value="/auth/register"' in (await visitor.get("/auth/login")).text


async def test_the_login_page_puts_only_a_local_next_in_its_form(visitor):
    assert 'name="next" value="/"' in (await visitor.get("/auth/login?next=//evil.example")).text


async def test_a_tampered_session_cookie_is_signed_out(visitor, alice):
    await visitor.login()
    signed = visitor.http.cookies["session"]
    visitor.http.cookies.delete("session")
    visitor.http.cookies.set("session", signed[:-2] + ("00" if not signed.endswith("00") else "11"))

    assert "<h1><bdi>alice</bdi></h1>" not in (await visitor.get("/")).text


async def test_a_cookie_naming_nobody_is_cleared(visitor):
    forged = create_signed_value(TEST_SETTINGS["MEET_COOKIE_SECRET"], "session", "no-such-session").decode()
    visitor.http.cookies.set("session", forged)

    index = await visitor.get("/")

    assert 'href="/auth/login"' in index.text
    cleared = [h for h in index.headers.get_list("set-cookie") if h.split(";")[0] in ("session=", 'session=""')]
    assert cleared and "expires=" in cleared[0]
