"""XSRF, bad input, headers, and the captcha's secrecy."""

import asyncio

import pytest
from tornado.web import decode_signed_value

from domain.model import Email
from tests.names import username
from tests.settings import TEST_SETTINGS
from tests.web.client import flashes, xsrf_token


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/auth/logout"])
async def test_a_post_without_the_xsrf_token_is_forbidden(visitor, path, container):
    await visitor.get("/auth/login")  # has the _xsrf cookie, but the form leaves the token out
    form = {"username": "alice", "email": "alice@example.com", "password": "correct horse", "captcha": "abc"}

    response = await visitor.http.post(path, data=form)

    assert response.status_code == 403
    assert await container.users().by_username(username("alice")) is None


async def test_a_repeated_field_is_a_bad_request(visitor, container):
    page = await visitor.get("/auth/register")
    await visitor.get("/auth/captcha")
    body = (
        f"_xsrf={xsrf_token(page)}&username=alice&username=bob&email=alice%40example.com"
        "&password=correct+horse&captcha=abc"
    )
    response = await visitor.http.post(
        "/auth/register", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 400
    assert await container.users().by_username(username("alice")) is None
    assert "Traceback" not in response.text


async def test_bytes_that_are_not_utf8_are_a_bad_request(visitor):
    page = await visitor.get("/auth/login")
    body = f"_xsrf={xsrf_token(page)}&username=%ff%fe&password=x".encode()
    response = await visitor.http.post(
        "/auth/login", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 400


async def test_a_body_over_the_limit_is_refused_and_the_server_carries_on(site, visitor):
    host, port = site.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /auth/login HTTP/1.1\r\nHost: meet\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n" + b"x" * 4096
    )
    status_line = await asyncio.wait_for(reader.readline(), 5)
    writer.close()

    assert status_line.split()[1] in (b"400", b"413")
    assert (await visitor.get("/auth/login")).status_code == 200


@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register", "/nowhere"])
async def test_every_page_sends_the_security_headers(visitor, path):
    headers = (await visitor.get(path)).headers

    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


async def test_an_error_page_shows_no_traceback(visitor):
    response = await visitor.get("/nowhere")

    assert response.status_code == 404
    assert "Traceback" not in response.text


async def test_the_image_captcha_keeps_its_answer_on_the_server(container, serve, visitors):
    container.config.captcha_answer.from_value(None)
    visitor = visitors(await serve(container))

    image = await visitor.get("/auth/captcha")
    cookie = visitor.http.cookies["captcha"]
    challenge_id = decode_signed_value(TEST_SETTINGS["MEET_COOKIE_SECRET"], "captcha", cookie).decode()
    challenge = await container.challenges().take(challenge_id)
    await container.challenges().add(challenge)  # looked at, and put back for the registration below

    assert image.headers["content-type"] == "image/png"
    assert image.headers["cache-control"] == "no-store"
    for header in image.headers.get_list("set-cookie"):
        name, _, value = header.partition(";")[0].partition("=")
        readable = decode_signed_value(TEST_SETTINGS["MEET_COOKIE_SECRET"], name, value) or value.encode()
        assert challenge.answer.lower().encode() not in readable.lower()
    response = await visitor.register(captcha=f" {challenge.answer.lower()} ", new_captcha=False)
    assert response.headers["location"] == "/"


async def test_a_password_is_kept_exactly_as_typed(visit):
    # Tornado's form arguments turn control characters into spaces; a password must not change.
    await visit().register(password="pass\x01word!")

    assert (await visit().login(password="pass\x02word!")).headers["location"] == "/auth/login"
    assert (await visit().login(password="pass word!")).headers["location"] == "/auth/login"
    assert (await visit().login(password="pass\x01word!")).headers["location"] == "/"


async def test_spaces_around_a_password_count(visit):
    await visit().register(password="  correct horse  ")

    assert (await visit().login(password="correct horse")).headers["location"] == "/auth/login"
    assert (await visit().login(password="  correct horse  ")).headers["location"] == "/"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"username": {"$ne": ""}, "password": {"$ne": ""}}'),
        ("text/plain", b"username=alice&password=correct+horse"),
        ("multipart/form-data; boundary=x", b"--x--"),
    ],
)
async def test_a_body_that_is_not_a_form_is_refused(visitor, content_type, body):
    page = await visitor.get("/auth/login")
    response = await visitor.http.post(
        "/auth/login", content=body, headers={"Content-Type": content_type, "X-XSRFToken": xsrf_token(page)}
    )

    assert response.status_code == 415


@pytest.mark.parametrize(
    "form",
    [
        {"username": '{"$ne": ""}', "password": '{"$ne": ""}'},
        {"username": "$where", "password": "sleep(1000) || true"},
        {"username": "alice\x00", "password": "correct horse\x00"},
        {"username[$ne]": "", "password[$ne]": ""},
        {"username": "alice", "password": "x" * 60_000},
    ],
)
async def test_odd_values_are_ordinary_failed_logins(visit, form):
    await visit().register()
    visitor = visit()

    response = await visitor.post("/auth/login", form)

    assert (response.status_code, response.headers["location"]) == (302, "/auth/login")
    assert "<h1><bdi>alice</bdi></h1>" not in (await visitor.get("/")).text


async def test_odd_values_register_nobody(visitor, container):
    for name in ['{"$gt": ""}', "$where", "alice\x00"]:
        response = await visitor.register(username=name, email="x@example.com")
        assert response.headers["location"] == "/auth/register"
    assert await container.users().by_email(Email("x@example.com")) is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "password123"}, "That password is one of the most common ones; choose another."),
        ({"password": "Alice@Example.com"}, "A password cannot be your username or email address."),
        (
            {"username": "alice_smith", "password": "ALICE_SMITH"},
            "A password cannot be your username or email address.",
        ),
    ],
)
async def test_weak_passwords_are_refused_with_a_message(visitor, fields, message):
    assert (await visitor.register(**fields)).headers["location"] == "/auth/register"
    assert flashes(await visitor.get("/auth/register")) == [("error", message)]


async def test_a_73_byte_password_at_login_is_an_ordinary_failure(visit):
    await visit().register(password="a" * 72 + "b")

    response = await visit().login(password="a" * 73)

    assert (response.status_code, response.headers["location"]) == (302, "/auth/login")


@pytest.mark.parametrize("path", ["/static/style.css", "/healthz"])
async def test_static_files_and_the_health_check_send_the_security_headers_too(visitor, path):
    headers = (await visitor.get(path)).headers

    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


async def test_no_page_has_an_inline_script(visitor):
    for path in ["/", "/auth/login", "/auth/register"]:
        text = (await visitor.get(path)).text
        assert "<script>" not in text and " on" + "click=" not in text
