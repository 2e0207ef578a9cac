"""Passkeys over HTTP on both storages, as static/passkeys.js drives them: options asked for in JSON, the software
authenticator's answer (tests/authenticator.py) posted in the form; the origin is the server's public one."""

import json
import re

import httpx
import pytest

from entrypoints.container import origin
from tests.authenticator import SoftAuthenticator
from tests.codes import code_at
from tests.web.client import Visitor, flashes, xsrf_token
from tests.web.test_two_factor import now, password_step, turn_on

RIGHT = "correct horse"


@pytest.fixture
def device() -> SoftAuthenticator:
    return SoftAuthenticator()


@pytest.fixture
def site_origin(container) -> str:
    """The origin the server expects answers from: its MEET_PUBLIC_URL's (here the default, its host and port)."""
    return origin(container.public_url())


async def add_options(visitor: Visitor, password: str = RIGHT) -> httpx.Response:
    return await visitor.post(
        "/account/passkeys/options", {"name": "Laptop", "current_password": password}, page="/account/passkeys"
    )


async def add(visitor: Visitor, device: SoftAuthenticator, origin: str, name: str = "Laptop") -> httpx.Response:
    asked = await add_options(visitor)
    assert asked.status_code == 200 and asked.headers["Cache-Control"] == "no-store"
    answer = device.create(json.dumps(asked.json()["options"]), origin)
    return await visitor.post("/account/passkeys", {"name": name, "answer": answer})


async def sign_in(
    visitor: Visitor,
    device: SoftAuthenticator,
    origin: str,
    page: str = "/auth/login",
    to: str = "/auth/passkey",
    **form,
):
    asked = await visitor.post("/auth/passkey/options", {}, page=page)
    assert asked.status_code == 200
    answer = device.get(json.dumps(asked.json()["options"]), origin)
    return await visitor.post(to, {"answer": answer, **form}, page=page)


def listed(page: httpx.Response) -> list[str]:
    return re.findall(r"<li>\s*<strong>([^<]*)</strong>", page.text)


async def test_signed_out_the_page_sends_to_login(visitor):
    answer = await visitor.get("/account/passkeys")

    assert answer.status_code == 302 and answer.headers["Location"].startswith("/auth/login?next=")


async def test_add_sign_in_with_the_passkey_alone_then_remove_it(alice, device, site_origin, visit):
    added = await add(alice, device, site_origin)
    assert added.status_code == 302 and added.headers["Location"] == "/account/passkeys"
    page = await alice.get("/account/passkeys")
    assert listed(page) == ["Laptop"] and ("info", "Your passkey “Laptop” is added; your address has been told.") in (
        flashes(page)
    )

    stranger = visit()
    signed_in = await sign_in(stranger, device, site_origin, next="/profile")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/profile"
    assert (await stranger.get("/profile")).status_code == 200
    assert "last used" in (await alice.get("/account/passkeys")).text

    handle = re.search(r'name="passkey" value="([^"]+)"', page.text).group(1)
    removed = await alice.post("/account/passkeys/remove", {"passkey": handle}, page="/account/passkeys")
    assert removed.status_code == 302 and listed(await alice.get("/account/passkeys")) == []
    refused = await sign_in(visit(), device, site_origin)
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/auth/login?next=")


async def test_a_passkey_finishes_the_second_step_of_a_password_sign_in(alice, device, site_origin, visit):
    await add(alice, device, site_origin)
    secret, _ = await turn_on(alice)
    visitor = visit()
    await password_step(visitor, next="/profile")

    second_page = "/auth/2fa?next=/profile"
    assert 'action="/auth/2fa/passkey"' in (await visitor.get(second_page)).text
    signed_in = await sign_in(visitor, device, site_origin, page=second_page, to="/auth/2fa/passkey", next="/profile")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/profile"
    assert (await visitor.get("/profile")).status_code == 200

    later = await visitor.post("/auth/2fa", {"code": code_at(secret, now(), 30)}, page="/auth/login")
    assert later.headers["Location"].startswith("/auth/login"), "the password's pending step was left open"


async def test_a_wrong_password_gets_no_options_but_a_page_saying_why(alice):
    asked = await add_options(alice, password="not it")

    assert asked.status_code == 200 and asked.json() == {"redirect": "/account/passkeys"}
    page = await alice.get("/account/passkeys")
    assert ("error", "That is not your current password.") in flashes(page)


async def test_signed_out_options_send_to_login(visitor, alice):
    token = xsrf_token(await visitor.get("/auth/login"))
    asked = await visitor.http.post("/account/passkeys/options", data={"_xsrf": token, "current_password": RIGHT})

    assert asked.json()["redirect"].startswith("/auth/login?next=")


async def test_an_answer_from_another_origin_signs_no_one_in(alice, device, site_origin, visit):
    await add(alice, device, site_origin)

    refused = await sign_in(visit(), device, "https://evil.example")

    assert refused.status_code == 302 and refused.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize("answer", ["", "{", "[]", '{"id": 1}', "x" * 5000])
async def test_garbage_answers_are_refused_with_a_message_not_an_error(alice, visit, answer):
    visitor = visit()
    refused = await visitor.post("/auth/passkey", {"answer": answer}, page="/auth/login")
    assert refused.status_code == 302
    assert ("error", "That passkey was not accepted; try again, or use your password.") in flashes(
        await visitor.get(refused.headers["Location"])
    )
    added = await alice.post("/account/passkeys", {"name": "X", "answer": answer})
    assert added.status_code == 302 and listed(await alice.get("/account/passkeys")) == []


async def test_options_need_the_xsrf_token(visitor):
    await visitor.get("/auth/login")

    assert (await visitor.http.post("/auth/passkey/options")).status_code == 403


async def test_the_login_page_offers_a_passkey_to_browsers_that_can(visitor):
    page = await visitor.get("/auth/login")

    assert re.search(r'<form id="passkey-sign-in"[^>]*action="/auth/passkey"[^>]*hidden>', page.text)
    assert re.search(r'<script src="/static/passkeys.js\?v=\w+"></script>', page.text)
