import pytest

from domain.model import Email
from tests.names import username
from tests.web.client import field_value, flashes

CAPTCHA_WRONG = "The captcha was wrong or has expired; try the new one."
MIXED_SCRIPTS = (
    "A username keeps to one script: not Latin and Cyrillic letters together, say; "
    "Chinese, Japanese and Korean may mix with Latin."
)
LOOKALIKE = "That username looks too much like an existing one; choose another."


async def test_registering_signs_in_and_shows_the_user_on_the_index(visitor):
    response = await visitor.register(username="Alice", email="alice@example.com")

    assert response.status_code == 302
    assert response.headers["location"] == "/"
    index = await visitor.get("/")
    assert "<h1><bdi>Alice</bdi></h1>" in index.text
    assert "alice@example.com" in index.text
    assert flashes(index) == [("info", "Welcome to meet, Alice.")]


async def test_the_user_and_profile_are_stored(visitor, container):
    await visitor.register()

    user = await container.users().by_username(username("alice"))
    assert user is not None
    assert user.profile.github == ""


async def test_a_wrong_captcha_registers_nobody(visitor, container):
    # The tutorial's bug: code ran on after redirect(), so this user was stored anyway.
    response = await visitor.register(captcha="wrong")

    assert response.headers["location"] == "/auth/register"
    assert await container.users().by_username(username("alice")) is None
    assert (await visitor.login()).headers["location"] == "/auth/login"
    assert "<h1><bdi>alice</bdi></h1>" not in (await visitor.get("/")).text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"username": "a b"},
            "A username is 1 to 32 letters or digits of any language, '_', '.' or '-', with no spaces or symbols.",
        ),
        ({"username": "\u0430lice"}, MIXED_SCRIPTS),  # a Cyrillic a
        ({"email": "not-an-email"}, "That is not a valid email address."),
        ({"password": "short"}, "A password needs at least 8 characters."),
        ({"password": "x" * 1025}, "A password can be at most 1024 characters."),
        ({"captcha": "wrong"}, CAPTCHA_WRONG),
    ],
)
async def test_a_refused_registration_goes_back_with_one_message_and_the_typed_values(visitor, fields, message):
    response = await visitor.register(**fields)

    assert response.status_code == 302
    assert response.headers["location"] == "/auth/register"
    page = await visitor.get("/auth/register")
    assert flashes(page) == [("error", message)]
    assert field_value(page, "username") == fields.get("username", "alice")
    assert field_value(page, "email") == fields.get("email", "alice@example.com")
    assert field_value(page, "password") == ""
    assert fields.get("password", "correct horse") not in page.text


async def test_taken_username_and_email_are_named_ignoring_case(visit):
    await visit().register(username="alice", email="alice@example.com")
    second, third = visit(), visit()

    await second.register(username="ALICE", email="other@example.com")
    await third.register(username="bob", email="Alice@EXAMPLE.com")

    assert flashes(await second.get("/auth/register")) == [("error", "That username is already taken.")]
    assert flashes(await third.get("/auth/register")) == [("error", "That email address is already registered.")]


async def test_a_flash_is_shown_once(visitor):
    await visitor.register(captcha="wrong")

    assert len(flashes(await visitor.get("/auth/register"))) == 1
    assert flashes(await visitor.get("/auth/register")) == []


async def test_a_solved_captcha_cannot_be_replayed(visit):
    first = visit()
    await first.get("/auth/captcha")
    used = first.http.cookies["captcha"]
    assert (await first.register(new_captcha=False)).headers["location"] == "/"

    replay = visit()
    replay.http.cookies.set("captcha", used)
    response = await replay.register(username="bob", email="bob@example.com", new_captcha=False)

    assert response.headers["location"] == "/auth/register"
    assert flashes(await replay.get("/auth/register")) == [("error", CAPTCHA_WRONG)]


async def test_a_wrong_answer_uses_up_the_challenge(visitor):
    await visitor.get("/auth/captcha")
    used = visitor.http.cookies["captcha"]
    await visitor.register(captcha="wrong", new_captcha=False)

    visitor.http.cookies.set("captcha", used)
    response = await visitor.register(new_captcha=False)

    assert response.headers["location"] == "/auth/register"


@pytest.mark.parametrize("password", ["p" * 100, "密码" * 60, "🔑" * 200], ids=["100 ascii", "120 cjk", "200 emoji"])
async def test_long_and_multibyte_passwords_work_end_to_end(visit, password):
    assert (await visit().register(password=password)).headers["location"] == "/"
    assert (await visit().login(password=password)).headers["location"] == "/"


async def test_passwords_sharing_their_first_72_bytes_are_different(visit):
    await visit().register(password="a" * 72 + "first")

    assert (await visit().login(password="a" * 72 + "second")).headers["location"] == "/auth/login"


async def test_a_chinese_name_registers_logs_in_and_shows_on_the_index(visit, container):
    registering = visit()
    response = await registering.register(username="张三", email="zhang@example.com")

    assert response.headers["location"] == "/"
    index = await registering.get("/")
    assert "<h1><bdi>张三</bdi></h1>" in index.text
    assert flashes(index) == [("info", "Welcome to meet, 张三.")]
    assert (await container.users().by_username(username("张三"))).email.value == "zhang@example.com"
    returning = visit()
    assert (await returning.login(username="张三")).headers["location"] == "/"
    assert "<h1><bdi>张三</bdi></h1>" in (await returning.get("/")).text


async def test_a_full_width_name_shows_in_its_normal_form_and_is_taken_in_any_spelling(visit):
    first = visit()
    await first.register(username="ＡＬＩＣＥ", email="alice@example.com")
    assert "<h1><bdi>ALICE</bdi></h1>" in (await first.get("/")).text

    second = visit()
    await second.register(username="alice", email="other@example.com")
    assert flashes(await second.get("/auth/register")) == [("error", "That username is already taken.")]


@pytest.mark.parametrize(
    ("first", "lookalike", "message"),
    [("cop", "\u0441\u043e\u0440", LOOKALIKE), ("alice", "a1ice", LOOKALIKE), ("alice", "\u0430lice", MIXED_SCRIPTS)],
    ids=["all cyrillic", "digit one", "one cyrillic letter"],
)
async def test_a_lookalike_of_a_registered_name_is_refused_with_its_message(
    visit, container, first, lookalike, message
):
    await visit().register(username=first, email="first@example.com")
    second = visit()

    response = await second.register(username=lookalike, email="second@example.com")

    assert response.headers["location"] == "/auth/register"
    page = await second.get("/auth/register")
    assert flashes(page) == [("error", message)]
    assert field_value(page, "username") == lookalike
    assert await container.users().by_email(Email("second@example.com")) is None
