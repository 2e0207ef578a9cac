"""The JSON API over HTTP, on both storages: every result of every use case it calls, as one answer each."""

import base64

import pytest

from tests.api.conftest import Client, assert_problem
from tests.mail import link_in, received, secret_of, sending, text_of


async def test_register_me_and_logout_with_a_bearer_token(client):
    registered = await client.register()
    assert registered.status_code == 201
    assert registered.json()["user"]["username"] == "alice"
    assert "set-cookie" not in {name.lower() for name in registered.headers}, "a bearer client gets no cookie"

    me = await client.call("GET", "/me")
    assert me.status_code == 200 and me.json()["user"]["email"] == "alice@example.com"
    assert me.headers["Content-Type"] == "application/json"

    assert (await client.call("POST", "/logout")).status_code == 204
    assert_problem(await client.call("GET", "/me"), 401, "not-signed-in")


async def test_a_wrong_captcha_or_a_bad_field_is_refused_by_name(client):
    assert_problem(await client.register(captcha="wrong"), 422, "invalid-fields", "captcha")
    body = assert_problem(await client.register(username="", email="nope"), 422, "invalid-fields")
    assert {"username", "email"} <= {error["field"] for error in body["errors"]}
    assert_problem(await client.register(challenge_id="forged"), 422, "invalid-fields", "captcha")


async def test_a_taken_name_or_address_is_a_conflict(alice, clients):
    assert_problem(await clients().register(email="other@example.com"), 409, "taken", "username")
    assert (await clients().register("cop", "cop@example.com")).status_code == 201
    lookalike = await clients().register("\u0441\u043e\u0440", "other@example.com")  # Cyrillic
    assert_problem(lookalike, 409, "taken", "username")
    assert_problem(await clients().register(username="bob"), 409, "taken", "email")


async def test_login_by_name_or_address_and_wrong_passwords(alice, clients):
    by_name, by_address = clients(), clients()
    assert (await by_name.login()).status_code == 200
    assert (await by_address.login("alice@example.com")).status_code == 200
    assert by_name.token != by_address.token != alice.token
    assert_problem(await clients().login(password="wrong horse"), 401, "invalid-credentials")
    assert_problem(await clients().login("nobody"), 401, "invalid-credentials")


async def test_too_many_wrong_passwords_get_429_with_retry_after(alice, clients):
    guesser = clients()
    for _ in range(5):
        await guesser.login(password="wrong horse")
    refused = await guesser.login()
    body = assert_problem(refused, 429, "too-many-attempts")
    assert int(refused.headers["Retry-After"]) == body["retry_after"] > 0


async def test_a_cookie_client_needs_the_xsrf_header_that_answers_carry(site, alice):
    async with Client(site).http as browser:
        body = {"login": "alice", "password": "correct horse"}
        signed_in = await browser.post("/login", json=body)
        assert signed_in.status_code == 200 and "token" not in signed_in.json(), "no session yet: nothing to guard"
        assert "session" in browser.cookies
        token = signed_in.headers["X-XSRFToken"]
        me = await browser.get("/me")
        assert me.json()["user"]["username"] == "alice" and me.headers["X-XSRFToken"]
        assert_problem(await browser.post("/login", json=body), 403, "xsrf")
        assert_problem(await browser.patch("/me/profile", json={"job": "x"}), 403, "xsrf")
        assert_problem(await browser.post("/logout"), 403, "xsrf")
        assert_problem(await browser.post("/logout", headers={"X-XSRFToken": "2|00|00|0"}), 403, "xsrf")
        assert (
            await browser.patch("/me/profile", json={"job": "x"}, headers={"X-XSRFToken": token})
        ).status_code == 200
        assert (await browser.post("/logout", headers={"X-XSRFToken": token})).status_code == 204
        assert_problem(await browser.get("/me"), 401, "not-signed-in")


async def test_a_client_without_a_session_gets_no_cookie_and_no_xsrf_token(client):
    answer = await client.call("POST", "/captcha")
    assert answer.status_code == 201
    assert "set-cookie" not in answer.headers and "X-XSRFToken" not in answer.headers
    assert (await client.call("POST", "/logout")).status_code == 204, "logging out without a session is no error"


async def test_a_login_with_an_authorization_header_gets_a_token_not_a_cookie(site, alice):
    async with Client(site).http as browser:
        body = {"login": "alice", "password": "correct horse"}
        answer = await browser.post("/login", json=body, headers={"Authorization": "Bearer stale"})
        assert answer.status_code == 200 and answer.json()["token"] and "session" not in browser.cookies


async def test_a_bearer_request_ignores_the_session_cookie(site, alice):
    async with Client(site).http as browser:
        body = {"login": "alice", "password": "correct horse"}
        assert (await browser.post("/login", json=body)).status_code == 200
        assert (await browser.get("/me")).status_code == 200
        forged = await browser.get("/me", headers={"Authorization": "Bearer not-a-session"})
        assert_problem(forged, 401, "not-signed-in")


@pytest.mark.parametrize(
    ("content", "headers", "status", "slug"),
    [
        (b"username=alice", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "not-json"),
        (b"{not json", {"Content-Type": "application/json"}, 400, "bad-json"),
        (b"[1, 2]", {"Content-Type": "application/json"}, 400, "bad-json"),
        (b'{"login": 7}', {"Content-Type": "application/json"}, 422, "invalid-fields"),
        (b'{"login": "a", "bearer": "yes"}', {"Content-Type": "application/json"}, 422, "invalid-fields"),
        (b"{" + b" " * 70_000 + b"}", {"Content-Type": "application/json"}, 413, "too-large"),
        (b'{"login": ' + b"[" * 30_000 + b"]" * 30_000 + b"}", {"Content-Type": "application/json"}, 400, "bad-json"),
        (b'{"login": "\\ud800", "password": "x"}', {"Content-Type": "application/json"}, 422, "invalid-fields"),
    ],
)
async def test_bodies_that_are_not_a_json_object_of_strings_are_refused(client, content, headers, status, slug):
    answer = await client.http.post("/login", content=content, headers=client.headers() | headers)
    assert_problem(answer, status, slug)


async def test_unknown_endpoints_and_methods_are_problems_not_pages(client):
    assert_problem(await client.call("GET", "/nothing"), 404, "not-found")
    assert_problem(await client.call("GET", "/login"), 405, "method-not-allowed")


async def test_a_profile_field_that_is_not_text_is_refused_and_nothing_breaks(alice):
    answer = await alice.http.patch(
        "/me/profile", content=b'{"job": "\\ud800"}', headers=alice.headers() | {"Content-Type": "application/json"}
    )
    assert_problem(answer, 422, "invalid-fields", "job")
    assert (await alice.call("GET", "/me")).status_code == 200


async def test_the_profile_changes_only_the_fields_sent(alice):
    first = await alice.call("PATCH", "/me/profile", {"job": "tester", "site": "https://alice.example"})
    assert first.status_code == 200
    second = await alice.call("PATCH", "/me/profile", {"job": "writer"})
    profile = second.json()["user"]["profile"]
    assert profile["job"] == "writer" and profile["site"] == "https://alice.example"
    assert_problem(await alice.call("PATCH", "/me/profile", {"site": "ftp://x"}), 422, "invalid-fields", "site")
    assert_problem(await alice.call("PATCH", "/me/profile", {"age": "7"}), 422, "invalid-fields", "age")
    stored = (await alice.call("GET", "/me")).json()["user"]["profile"]
    assert stored["job"] == "writer" and stored["site"] == "https://alice.example", "a refused change stores nothing"


async def test_signed_out_calls_are_401(client):
    for method, path in [("GET", "/me"), ("PATCH", "/me/profile"), ("GET", "/me/sessions"), ("DELETE", "/me")]:
        assert_problem(await client.call(method, path, {} if method != "GET" else None), 401, "not-signed-in")
    assert_problem(await client.call("DELETE", "/me/sessions/abc"), 401, "not-signed-in")
    assert_problem(
        await client.call("POST", "/me/password", {"current_password": "x", "password": "y"}), 401, "not-signed-in"
    )


async def test_sessions_are_listed_and_another_one_ended_by_its_id(alice, clients):
    other = clients()
    await other.login()
    sessions = (await alice.call("GET", "/me/sessions")).json()["sessions"]
    assert len(sessions) == 2 and [s["current"] for s in sessions].count(True) == 1
    theirs = next(s["id"] for s in sessions if not s["current"])
    assert (await alice.call("DELETE", f"/me/sessions/{theirs}")).status_code == 204
    assert_problem(await other.call("GET", "/me"), 401, "not-signed-in")
    assert_problem(await alice.call("DELETE", f"/me/sessions/{theirs}"), 404, "not-found")
    mine = next(s["id"] for s in sessions if s["current"])
    assert_problem(await alice.call("DELETE", f"/me/sessions/{mine}"), 404, "not-found")


async def test_a_password_change_needs_the_current_one_and_ends_other_sessions(alice, clients):
    other = clients()
    await other.login()
    wrong = await alice.call("POST", "/me/password", {"current_password": "nope", "password": "new horse battery"})
    assert_problem(wrong, 422, "invalid-fields", "current_password")
    weak = await alice.call("POST", "/me/password", {"current_password": "correct horse", "password": "alice"})
    assert_problem(weak, 422, "invalid-fields", "password")
    done = await alice.call(
        "POST", "/me/password", {"current_password": "correct horse", "password": "new horse battery"}
    )
    assert done.status_code == 204
    assert_problem(await other.call("GET", "/me"), 401, "not-signed-in")
    assert (await alice.call("GET", "/me")).status_code == 200
    assert (await clients().login(password="new horse battery")).status_code == 200


async def test_deleting_the_account_needs_its_password(alice, clients):
    wrong = await alice.call("DELETE", "/me", {"current_password": "nope"})
    assert_problem(wrong, 422, "invalid-fields", "current_password")
    assert (await alice.call("DELETE", "/me", {"current_password": "correct horse"})).status_code == 204
    assert_problem(await clients().login(), 401, "invalid-credentials")
    assert (await clients().register()).status_code == 201, "the name and address are free again"


async def test_a_second_factor_step_that_was_never_begun_is_expired(client):
    answer = await client.call("POST", "/login/second-factor", {"pending": "made-up", "code": "123456"})
    assert_problem(answer, 401, "sign-in-expired")


async def test_a_reset_link_that_is_not_one_is_gone(client):
    answer = await client.call("POST", "/password/reset/confirm", {"token": "made-up", "password": "new horse battery"})
    assert_problem(answer, 410, "invalid-link")


@pytest.mark.mail
async def test_a_password_is_reset_through_the_mailed_token(alice, clients, container, mail_sink):
    async with sending(container):
        asked = await clients().call("POST", "/password/reset", {"email": "alice@example.com"})
        unknown = await clients().call("POST", "/password/reset", {"email": "nobody@example.com"})
        assert asked.status_code == unknown.status_code == 202 and asked.json() == unknown.json()
        mails = [m for m in await received(mail_sink, 2) if m["To"] == "alice@example.com"]
    token = secret_of(link_in(text_of(mails[0])))
    someone = clients()
    done = await someone.call(
        "POST", "/password/reset/confirm", {"token": token, "password": "new horse battery", "bearer": True}
    )
    assert done.status_code == 200 and done.json()["user"]["username"] == "alice"
    someone.token = done.json()["token"]
    assert (await someone.call("GET", "/me")).status_code == 200
    assert_problem(await alice.call("GET", "/me"), 401, "not-signed-in")
    again = await someone.call("POST", "/password/reset/confirm", {"token": token, "password": "other horse battery"})
    assert_problem(again, 410, "invalid-link")


async def test_the_captcha_is_a_png_with_an_id(client):
    issued = await client.call("POST", "/captcha")
    assert issued.status_code == 201
    body = issued.json()
    assert body["media_type"] == "image/png" and base64.b64decode(body["image"]).startswith(b"\x89PNG")
    assert body["challenge_id"]
