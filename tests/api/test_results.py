"""The rest of the use cases' results over the API: the second factor, addresses that must be confirmed, the
limits on password checks and reset requests, and what every answer carries."""

import logging
from datetime import UTC, datetime

import pytest

from tests.api.conftest import assert_problem
from tests.codes import code_at, wrong_code
from tests.mail import link_in, received, secret_of, sending, text_of
from tests.web.test_two_factor import turn_on


async def test_a_second_factor_finishes_a_login_once(visitors, site, clients):
    browser = visitors(site)
    assert (await browser.register()).status_code == 302
    secret, _ = await turn_on(browser)
    client = clients()

    first = await client.login()
    assert first.status_code == 202 and first.json()["second_factor"] == "totp" and not client.token
    pending = first.json()["pending"]
    now = datetime.now(UTC)
    wrong = await client.call("POST", "/login/second-factor", {"pending": pending, "code": wrong_code(secret, now)})
    assert_problem(wrong, 401, "invalid-fields", "code")
    # The setup spent this time step's code; one step of drift either way is accepted.
    right = {"pending": pending, "code": code_at(secret, now, drift=30), "bearer": True}
    done = await client.call("POST", "/login/second-factor", right)
    assert done.status_code == 200 and done.json()["user"]["username"] == "alice"
    client.token = done.json()["token"]
    assert (await client.call("GET", "/me")).status_code == 200
    again = await clients().call("POST", "/login/second-factor", right)
    assert_problem(again, 401, "sign-in-expired")


async def test_wrong_second_factor_codes_meet_the_login_limits(visitors, site, clients):
    browser = visitors(site)
    assert (await browser.register()).status_code == 302
    secret, _ = await turn_on(browser)
    client = clients()
    pending = (await client.login()).json()["pending"]
    wrong = {"pending": pending, "code": wrong_code(secret, datetime.now(UTC))}
    for _ in range(5):
        assert_problem(await client.call("POST", "/login/second-factor", wrong), 401, "invalid-fields", "code")
    right = wrong | {"code": code_at(secret, datetime.now(UTC), drift=30)}
    assert_problem(await client.call("POST", "/login/second-factor", right), 429, "too-many-attempts")


@pytest.mark.mail(verification="mandatory")
async def test_an_address_that_must_be_confirmed_signs_nobody_in(client, clients):
    registered = await client.register()
    assert registered.status_code == 202 and registered.json()["verification"] == "mailed"
    assert "token" not in registered.json() and "set-cookie" not in registered.headers
    assert_problem(await clients().login(), 403, "not-verified")


async def test_wrong_current_passwords_meet_the_login_limits(alice):
    change = {"current_password": "wrong horse", "password": "new horse battery"}
    for _ in range(5):
        assert_problem(await alice.call("POST", "/me/password", change), 422, "invalid-fields", "current_password")
    limited = await alice.call("POST", "/me/password", change | {"current_password": "correct horse"})
    assert_problem(limited, 429, "too-many-attempts")
    assert_problem(await alice.call("DELETE", "/me", {"current_password": "correct horse"}), 429, "too-many-attempts")
    assert (await alice.call("GET", "/me")).status_code == 200, "nothing was changed or deleted"


@pytest.mark.mail
async def test_reset_requests_are_checked_and_limited(alice, clients, container, mail_sink):
    assert_problem(await clients().call("POST", "/password/reset", {"email": "not an address"}), 422, "invalid-fields")
    async with sending(container):
        asker = clients()
        for _ in range(3):
            assert (await asker.call("POST", "/password/reset", {"email": "alice@example.com"})).status_code == 202
        limited = await asker.call("POST", "/password/reset", {"email": "alice@example.com"})
        assert_problem(limited, 429, "too-many-attempts")
        mails = await received(mail_sink, 3)
    token = secret_of(link_in(text_of(mails[0])))
    weak = await clients().call("POST", "/password/reset/confirm", {"token": token, "password": "alice"})
    assert_problem(weak, 422, "invalid-fields", "password")
    assert (
        await clients().call("POST", "/password/reset/confirm", {"token": token, "password": "new horse battery"})
    ).status_code == 200


async def test_answers_carry_the_sites_headers_request_id_and_access_line(alice, caplog):
    with caplog.at_level(logging.INFO, logger="meet.access"):
        answer = await alice.call("GET", "/me")
        refused = await alice.call("GET", "/nothing")
    for each in (answer, refused):
        assert each.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert each.headers["X-Content-Type-Options"] == "nosniff" and each.headers["Cache-Control"] == "no-store"
        assert len(each.headers["X-Request-Id"]) == 16
    lines = [r for r in caplog.records if r.name == "meet.access"]
    assert [r.fields["path"] for r in lines] == ["/api/v1/me", "/api/v1/nothing"]
    assert lines[0].fields["request_id"] == answer.headers["X-Request-Id"]
    assert "X-XSRFToken" not in answer.headers, "a bearer client is given no XSRF token"
