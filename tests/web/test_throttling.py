"""Login limits per account and per client, over HTTP, and what several meet processes share."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from dependency_injector import providers

from adapters.bcrypt_hasher import BcryptPasswordHasher
from entrypoints import settings
from entrypoints.container import Container
from tests.fakes import FakeHasher, ManualClock
from tests.names import username
from tests.web.client import field_value, flashes, xsrf_token

TOO_MANY = [("error", "Too many attempts; try again in 1 minute.")]
INVALID = [("error", "Wrong username or password.")]


async def fail(visitor, username="alice", times=1, **headers):
    for _ in range(times):
        response = await visitor.post(
            "/auth/login", {"username": username, "password": "wrong horse"}, headers=headers or None
        )
        assert response.status_code == 302, response.status_code


@pytest.mark.parametrize("username", ["alice", "nobody"])
async def test_after_five_failures_an_account_is_refused_even_the_right_password(visitor, visit, alice, username):
    await fail(visitor, username, times=5)

    refused = await visit().login(username=username)

    assert refused.status_code == 429
    assert flashes(refused) == TOO_MANY
    assert "Traceback" not in refused.text


async def test_unknown_user_and_wrong_password_look_the_same_until_the_lock(visitor, alice):
    wrong = await visitor.login(password="wrong horse")
    wrong_page = await visitor.get("/auth/login")
    unknown = await visitor.login(username="nobody", password="wrong horse")
    unknown_page = await visitor.get("/auth/login")

    assert (wrong.status_code, wrong.headers["location"]) == (unknown.status_code, unknown.headers["location"])
    assert flashes(wrong_page) == flashes(unknown_page) == INVALID


async def test_a_success_resets_the_account_count(visitor, alice):
    await fail(visitor, times=4)
    assert (await visitor.login()).headers["location"] == "/"

    await fail(visitor, times=4)
    assert (await visitor.login()).headers["location"] == "/"


async def test_one_client_trying_many_accounts_is_refused_after_twenty(visitor, alice):
    for n in range(20):
        await fail(visitor, f"user{n}")

    assert (await visitor.login()).status_code == 429


@pytest.mark.parametrize("trusted", [True, False])
async def test_the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(
    container, serve, visitors, trusted
):
    container.config.trust_proxy.from_value(trusted)
    visitor = visitors(await serve(container))
    await visitor.register()
    for n in range(20):
        await fail(visitor, f"user{n}", **{"X-Forwarded-For": f"198.51.100.{n}, 203.0.113.9"})

    other_client = await visitor.post(
        "/auth/login", {"username": "alice", "password": "correct horse"}, headers={"X-Forwarded-For": "203.0.113.10"}
    )

    assert other_client.status_code == (302 if trusted else 429)


async def test_an_unknown_user_costs_one_password_check(container, serve, visitors):
    counting = FakeHasher()
    container.hasher.override(providers.Object(counting))
    visitor = visitors(await serve(container))

    await visitor.login(username="nobody")

    assert counting.checks == 1


async def test_a_raised_bcrypt_cost_upgrades_the_hash_at_the_next_login(container, serve, visitors):
    container.config.bcrypt_rounds.from_value(5)
    visitor = visitors(await serve(container))
    await visitor.register()
    users = container.users()
    alice = await users.by_username(username("alice"))
    cheap = await BcryptPasswordHasher(4, container.config.pepper(), container.hash_pool()).hash("correct horse")
    await users.update(replace(alice, password_hash=cheap))

    assert (await visitor.login()).headers["location"] == "/"

    upgraded = (await users.get(alice.id)).password_hash.value
    assert upgraded.startswith("$2b$05$")
    assert (await visitor.login()).headers["location"] == "/"


@pytest.mark.parametrize("storage", ["mongo"], indirect=True)
async def test_two_meet_processes_on_one_database_share_users_sessions_captchas_and_limits(
    container, serve, visitors, storage, meet_env
):
    other = Container()
    settings.configure(other.config)  # the same MEET_* settings: the same database
    first, second = await serve(container), await serve(other)
    alice = visitors(first)

    await alice.get("/auth/register")
    await alice.get("/auth/captcha")  # the challenge is made by the first process...
    alice.http.base_url = second  # ...and answered, and the session made, by the second
    assert (await alice.register(new_captcha=False)).headers["location"] == "/"
    alice.http.base_url = first
    assert "<h1><bdi>alice</bdi></h1>" in (await alice.get("/")).text

    await fail(visitors(first), times=3)
    await fail(visitors(second), times=2)
    assert (await visitors(first).login()).status_code == 429
    other.shutdown_resources()


class SlowHasher(FakeHasher):
    """Checks take a fifth of a second, so logins sent together are all being checked at once."""

    async def verify(self, password, hashed):
        await asyncio.sleep(0.2)
        return await super().verify(password, hashed)


async def test_guesses_sent_at_once_are_checked_no_more_than_the_limit(container, serve, visitors):
    counting = SlowHasher()  # every guess is still being checked when the others arrive
    container.hasher.override(providers.Object(counting))
    site = await serve(container)
    await visitors(site).register()
    crowd = [visitors(site) for _ in range(30)]
    tokens = [xsrf_token(await v.get("/auth/login")) for v in crowd]
    checks_before = counting.checks

    responses = await asyncio.gather(
        *(
            v.http.post("/auth/login", data={"_xsrf": t, "username": "alice", "password": f"guess {n}"})
            for n, (v, t) in enumerate(zip(crowd, tokens, strict=True))
        )
    )

    assert counting.checks - checks_before <= 5
    assert sum(r.status_code == 429 for r in responses) >= 25


async def test_six_right_logins_sent_at_once_are_all_let_in(container, serve, visitors):
    container.hasher.override(providers.Object(SlowHasher()))
    site = await serve(container)
    await visitors(site).register()
    crowd = [visitors(site) for _ in range(6)]
    tokens = [xsrf_token(await v.get("/auth/login")) for v in crowd]

    responses = await asyncio.gather(
        *(
            v.http.post("/auth/login", data={"_xsrf": t, "username": "alice", "password": "correct horse"})
            for v, t in zip(crowd, tokens, strict=True)
        )
    )

    assert [(r.status_code, r.headers.get("location")) for r in responses] == [(302, "/")] * 6
    assert (await crowd[0].login()).headers["location"] == "/"


async def test_the_lock_grows_and_retry_after_says_for_how_long(container, serve, visitors):
    clock = ManualClock()
    container.clock.override(providers.Object(clock))
    visitor = visitors(await serve(container))
    await visitor.register()
    await fail(visitor, times=5)

    first = await visitor.login()
    clock.advance(timedelta(minutes=1))
    await fail(visitor)  # the sixth failure: two minutes now
    clock.advance(timedelta(minutes=1))
    second = await visitor.login()

    assert (first.status_code, first.headers["retry-after"]) == (429, "60")
    assert (second.status_code, second.headers["retry-after"]) == (429, "60")
    clock.advance(timedelta(minutes=1))
    assert (await visitor.login()).headers["location"] == "/"


async def test_x_real_ip_does_not_change_the_client_behind_a_trusted_proxy(container, serve, visitors):
    container.config.trust_proxy.from_value(True)
    visitor = visitors(await serve(container))
    await visitor.register()
    for n in range(20):
        await fail(visitor, f"user{n}", **{"X-Forwarded-For": "203.0.113.9", "X-Real-Ip": f"198.51.100.{n}"})

    response = await visitor.post(
        "/auth/login",
        {"username": "alice", "password": "correct horse"},
        headers={"X-Forwarded-For": "203.0.113.9", "X-Real-Ip": "198.51.100.99"},
    )

    assert response.status_code == 429


async def test_the_429_page_says_how_long_to_wait_and_keeps_what_was_typed(visitor, visit, alice):
    await fail(visitor, times=5)
    refused_visitor = visit()
    page = await refused_visitor.get("/auth/login?next=/profile")

    refused = await refused_visitor.http.post(
        "/auth/login", data={"_xsrf": xsrf_token(page), "username": "alice", "password": "x", "next": "/profile"}
    )
    chinese = await refused_visitor.http.post(
        "/auth/login?lang=zh_CN",
        data={"_xsrf": xsrf_token(page), "username": "alice", "password": "x", "next": "/profile"},
    )

    assert (refused.status_code, refused.headers["retry-after"]) == (429, "60")
    assert flashes(refused) == [("error", "Too many attempts; try again in 1 minute.")]
    assert field_value(refused, "username") == "alice"
    assert 'name="next" value="/profile"' in refused.text
    assert flashes(chinese) == [("error", "尝试次数过多，请在 1 分钟后再试。")]


async def test_every_spelling_of_a_name_counts_against_one_lock(visitor, visit, alice):
    for typed in ["ＡＬＩＣＥ", "alice", "Alice", "ａｌｉｃｅ", "ALICE"]:  # full-width and ordinary
        await fail(visitor, typed)

    for typed in ["alice", "ＡＬＩＣＥ"]:
        assert (await visit().login(username=typed)).status_code == 429
