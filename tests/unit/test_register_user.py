import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.emails import EmailAddressValidator
from application.login import Credentials
from domain.errors import InvalidField, Problem
from domain.model import Email
from domain.results import EmailTaken, InvalidFields, LoggedIn, Registered, UsernameLookalike, UsernameTaken
from tests.names import username

CAPTCHA_WRONG = InvalidField("captcha", Problem.CAPTCHA_WRONG)
ONLY_THE_CAPTCHA = InvalidFields((CAPTCHA_WRONG,))


async def test_registers_a_user_with_an_empty_profile(register_user, users, solve, clock):
    result = await register_user(await solve())

    assert isinstance(result, Registered)
    assert (result.session.user_id, result.session.created_at) == (result.user.id, clock.now())
    stored = await users.by_username(username("alice"))
    assert stored == result.user
    assert stored.email == Email("alice@example.com")
    assert stored.created_at == clock.now()
    assert stored.profile.headimg == stored.profile.description == ""
    assert stored.password_hash.value != "correct horse"


async def test_a_wrong_captcha_stores_no_user(register_user, users, solve):
    # The tutorial's bug: the redirect did not end the handler, so this user was stored anyway.
    result = await register_user(await solve(captcha="WRONG"))

    assert result == ONLY_THE_CAPTCHA
    assert await users.by_username(username("alice")) is None
    assert await users.by_email(Email("alice@example.com")) is None


@pytest.mark.parametrize("typed", ["xk7pd", " X K 7 P D ", "Xk7pD"])
async def test_the_captcha_is_compared_ignoring_case_and_spaces(register_user, solve, typed):
    assert isinstance(await register_user(await solve(captcha=typed)), Registered)


async def test_a_form_without_a_challenge_is_a_wrong_captcha(register_user, solve):
    assert await register_user(await solve(challenge_id=None)) == ONLY_THE_CAPTCHA
    assert await register_user(await solve(challenge_id="never-issued")) == ONLY_THE_CAPTCHA


async def test_an_expired_challenge_is_a_wrong_captcha(register_user, solve, clock):
    form = await solve()
    clock.advance(timedelta(minutes=10))
    assert await register_user(form) == ONLY_THE_CAPTCHA


async def test_a_challenge_answers_once_even_when_the_answer_was_wrong(register_user, solve):
    form = await solve(captcha="WRONG")
    assert await register_user(form) == ONLY_THE_CAPTCHA
    assert await register_user(replace(form, captcha="XK7PD")) == ONLY_THE_CAPTCHA


async def test_a_solved_challenge_cannot_be_replayed(register_user, solve):
    form = await solve()
    assert isinstance(await register_user(form), Registered)
    replay = replace(form, username="bob", email="bob@example.com")
    assert await register_user(replay) == ONLY_THE_CAPTCHA


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"username": ""}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "a" * 33}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "张" * 33}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "al ice"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "张\u3000三"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # an ideographic space
        ({"username": "alice@home"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "a/b"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "<b>"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "alice\n"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "al\u200bice"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # zero-width space
        ({"username": "al\u00adice"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # soft hyphen
        ({"username": "alice\u202e"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # right-to-left override
        ({"username": "שלוםa"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # the Bidi Rule
        ({"username": "\ufb01sh"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # the ligature ﬁ
        ({"username": "♥"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "\u0430lice"}, InvalidField("username", Problem.USERNAME_MIXED_SCRIPTS)),  # a Cyrillic a
        ({"username": "Ωmega"}, InvalidField("username", Problem.USERNAME_MIXED_SCRIPTS)),
        ({"username": "al\u0131\u0307ce"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # dotless i, a dot
        ({"username": "ali\u0307ce"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # a dot on the i's dot
        ({"username": "\u0301"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # a mark on nothing
        ({"username": "e\u0301\u0301"}, InvalidField("username", Problem.USERNAME_FORMAT)),  # one mark twice
        ({"username": "a" + "\u0301\u0302\u0303\u0304\u0306"}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"username": "x" * 200_000}, InvalidField("username", Problem.USERNAME_FORMAT)),
        ({"email": "alice"}, InvalidField("email", Problem.EMAIL_FORMAT)),
        ({"email": "alice@"}, InvalidField("email", Problem.EMAIL_FORMAT)),
        ({"email": ""}, InvalidField("email", Problem.EMAIL_FORMAT)),
        ({"password": "seven77"}, InvalidField("password", Problem.PASSWORD_TOO_SHORT)),
        ({"password": "x" * 1025}, InvalidField("password", Problem.PASSWORD_TOO_LONG)),
        ({"password": "password123"}, InvalidField("password", Problem.PASSWORD_COMMON)),
        ({"password": "PassWord123"}, InvalidField("password", Problem.PASSWORD_COMMON)),
        ({"password": "iloveyou"}, InvalidField("password", Problem.PASSWORD_COMMON)),
        ({"username": "alice_smith", "password": "Alice_Smith"}, InvalidField("password", Problem.PASSWORD_IS_NAME)),
        ({"password": "ALICE@example.com"}, InvalidField("password", Problem.PASSWORD_IS_NAME)),
        (
            {"email": "alice.smith@example.com", "password": "alice.smith"},
            InvalidField("password", Problem.PASSWORD_IS_NAME),
        ),
    ],
)
async def test_a_refused_field_is_named_and_nothing_is_stored(register_user, users, solve, fields, expected):
    assert await register_user(await solve(**fields)) == InvalidFields((expected,))
    assert await users.by_email(Email(fields.get("email", "alice@example.com"))) is None


@pytest.mark.parametrize(
    "username",
    [
        "a.b",
        "A_b-c.9",
        "x" * 32,
        "x",
        "张三",
        "张",
        "张" * 32,
        "ålice",
        "Ελένη",
        "שלום",
        "日本語カタカナ",
        "張三abc",
        "한국어",
        "Nguyễn",
        "नमस्ते",
    ],
)
async def test_usernames_of_the_allowed_shape_register(register_user, solve, username):
    assert isinstance(await register_user(await solve(username=username)), Registered)


async def test_every_refused_field_and_the_captcha_come_at_once(register_user, users, solve):
    result = await register_user(await solve(username="n o", email="alice@", password="short", captcha="WRONG"))

    assert result == InvalidFields(
        (
            InvalidField("username", Problem.USERNAME_FORMAT),
            InvalidField("email", Problem.EMAIL_FORMAT),
            InvalidField("password", Problem.PASSWORD_TOO_SHORT),
            CAPTCHA_WRONG,
        )
    )
    assert await users.all() == []


async def test_a_password_is_checked_against_the_names_as_typed_even_when_they_are_refused(register_user, solve):
    result = await register_user(await solve(username="al ice smith", password="AL ICE SMITH"))

    assert result == InvalidFields(
        (InvalidField("username", Problem.USERNAME_FORMAT), InvalidField("password", Problem.PASSWORD_IS_NAME))
    )


async def test_a_taken_name_is_not_told_without_a_right_captcha(register_user, solve):
    await register_user(await solve())

    assert await register_user(await solve(email="other@example.com", captcha="WRONG")) == ONLY_THE_CAPTCHA
    assert await register_user(await solve(username="bob", captcha="WRONG")) == ONLY_THE_CAPTCHA


class CountingEmails(EmailAddressValidator):
    def __init__(self) -> None:
        self.calls = 0

    def normalize(self, raw: str) -> Email | None:
        self.calls += 1
        return super().normalize(raw)


async def test_the_form_is_checked_once(container, solve):
    counting = CountingEmails()
    container.emails.override(counting)

    assert isinstance(await container.register_user()(await solve()), Registered)
    assert counting.calls == 1


async def test_a_taken_username_is_refused_ignoring_case(register_user, solve):
    await register_user(await solve())
    result = await register_user(await solve(username="ALICE", email="other@example.com"))
    assert result == UsernameTaken()


async def test_a_taken_email_is_refused_ignoring_case(register_user, solve):
    await register_user(await solve())
    result = await register_user(await solve(username="alice2", email="ALICE@Example.COM"))
    assert result == EmailTaken()


async def test_a_password_of_many_multibyte_characters_registers(register_user, solve, login):
    password = "密码很长" * 30
    assert isinstance(await register_user(await solve(password=password)), Registered)
    assert isinstance(await login(Credentials("alice", password)), LoggedIn)


async def test_simultaneous_registrations_of_one_username_store_one_user(register_user, solve, users):
    forms = [await solve(email=f"alice{n}@example.com") for n in range(20)]

    results = await asyncio.gather(*(register_user(form) for form in forms))

    assert sum(isinstance(r, Registered) for r in results) == 1
    assert results.count(UsernameTaken()) == 19


async def test_a_name_shows_as_typed_in_its_normal_form_and_one_spelling_of_it_is_taken(register_user, solve, users):
    result = await register_user(await solve(username="ＡＬＩＣＥ"))  # full-width

    assert result.user.username.value == "ALICE"
    assert await users.by_username(username("alice")) == result.user
    again = await register_user(await solve(username="Alice", email="other@example.com"))
    assert again == UsernameTaken()


@pytest.mark.parametrize(
    ("first", "lookalike"),
    [
        ("cop", "\u0441\u043e\u0440"),
        ("alice", "a1ice"),
        ("modern", "rnodern"),
        ("alice", "aIice"),
        ("paypaI", "paypal"),
    ],
    ids=["all cyrillic", "digit one", "rn", "capital I", "small l"],
)
async def test_a_lookalike_of_an_existing_name_is_refused_and_stores_nothing(
    register_user, solve, users, first, lookalike
):
    await register_user(await solve(username=first))

    result = await register_user(await solve(username=lookalike, email="other@example.com"))

    assert result == UsernameLookalike()
    assert await users.by_email(Email("other@example.com")) is None


async def test_names_that_only_share_letters_are_not_lookalikes(register_user, solve):
    await register_user(await solve(username="张三"))

    assert isinstance(await register_user(await solve(username="張三", email="zhang@example.com")), Registered)
    assert isinstance(await register_user(await solve(username="张三丰", email="feng@example.com")), Registered)
