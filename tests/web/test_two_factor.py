"""Two-factor sign-in over HTTP on both storages: setting up the app from the page (the code computed here, as the
app would), the second step at login, recovery codes, turning it off; the notices through real SMTP."""

import re
from datetime import UTC, datetime
from http.cookies import SimpleCookie

import httpx
import pytest

from tests.codes import code_at, wrong_code
from tests.mail import received
from tests.web.client import Visitor, field_value, flashes

pytestmark = pytest.mark.mail


def now() -> datetime:
    return datetime.now(UTC)


def secret_of(page: httpx.Response) -> str:
    found = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page.text)
    assert found, "the setup page shows no secret"
    return found.group(1).replace(" ", "")


def recovery_codes(page: httpx.Response) -> list[str]:
    listed = re.search(r'<ul id="recovery-codes"[^>]*>(.*?)</ul>', page.text, re.S)
    assert listed, "the page lists no recovery codes"
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", listed.group(1))


async def turn_on(visitor: Visitor) -> tuple[str, list[str]]:
    """Set up the authenticator from the page as a person would: the secret read, the app's code typed."""
    setup = await visitor.get("/account/2fa")
    secret = secret_of(setup)
    form = {"pending": field_value(setup, "pending") or "", "code": code_at(secret, now())}
    enabled = await visitor.post("/account/2fa", form)
    assert enabled.status_code == 200
    return secret, recovery_codes(enabled)


async def password_step(visitor: Visitor, **extra: str) -> httpx.Response:
    answer = await visitor.login(**extra)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/auth/2fa?next=")
    return answer


async def test_the_setup_page_draws_the_qr_code_and_shows_the_key(alice):
    page = await alice.get("/account/2fa")

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert re.search(r'<svg [^>]*class="qr"[^>]*>.*<path ', page.text, re.S)
    assert len(secret_of(page)) == 32
    assert "<script" not in page.text and "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_a_wrong_code_shows_the_same_key_again_and_turns_nothing_on(alice, visit):
    setup = await alice.get("/account/2fa")
    secret = secret_of(setup)
    form = {"pending": field_value(setup, "pending") or "", "code": wrong_code(secret, now())}

    refused = await alice.post("/account/2fa", form)

    assert refused.status_code == 400 and secret_of(refused) == secret
    assert 'id="code-error"' in refused.text
    await alice.logout()
    assert (await alice.login()).headers["Location"] == "/", "the password alone still signs in"


async def test_turning_it_on_shows_ten_codes_once_and_mails_a_notice(alice, sender, mail_sink):
    _, codes = await turn_on(alice)

    assert len(set(codes)) == 10
    status = await alice.get("/account/2fa")
    assert "Recovery codes left: 10." in status.text and not set(codes) & set(
        re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", status.text)
    )
    (notice,) = await received(mail_sink, 1)
    assert notice["To"] == "alice@example.com" and "on" in notice["Subject"]


async def test_the_password_alone_starts_no_session_and_the_app_code_finishes_the_sign_in(alice, visit):
    secret, _ = await turn_on(alice)
    browser = visit()

    answer = await password_step(browser, next="/profile")

    assert "session" not in answer.cookies
    pending = SimpleCookie(answer.headers["Set-Cookie"])["signin"]
    assert pending["path"] == "/auth/2fa" and pending["httponly"]
    assert (await browser.get("/account")).status_code == 302, "not signed in before the second step"
    step = await browser.get(answer.headers["Location"])
    assert step.status_code == 200 and field_value(step, "next") == "/profile"
    done = await browser.post(
        "/auth/2fa", {"code": code_at(secret, now(), 30), "next": "/profile"}, page=answer.headers["Location"]
    )
    assert done.status_code == 302 and done.headers["Location"] == "/profile"
    assert (await browser.get("/account")).status_code == 200


async def test_the_second_step_only_works_in_the_browser_that_began_it(alice, visit):
    secret, _ = await turn_on(alice)
    browser, other = visit(), visit()
    await password_step(browser)
    await other.get("/auth/login")

    stolen = await other.post("/auth/2fa", {"code": code_at(secret, now(), 30)}, page="/auth/login")

    assert stolen.status_code == 302 and stolen.headers["Location"].startswith("/auth/login")
    assert (await other.get("/account")).status_code == 302
    done = await browser.post("/auth/2fa", {"code": code_at(secret, now(), 30)}, page="/auth/2fa")
    assert done.headers["Location"] == "/"


async def test_a_code_is_not_accepted_twice(alice, visit):
    secret, _ = await turn_on(alice)
    code = code_at(secret, now(), 30)
    first, second = visit(), visit()
    await password_step(first)
    await password_step(second)

    assert (await first.post("/auth/2fa", {"code": code}, page="/auth/2fa")).headers["Location"] == "/"
    replayed = await second.post("/auth/2fa", {"code": code}, page="/auth/2fa")

    assert replayed.headers["Location"].startswith("/auth/2fa")
    assert flashes(await second.get(replayed.headers["Location"]))[0][0] == "error"
    assert (await second.get("/account")).status_code == 302


async def test_a_recovery_code_signs_in_once(alice, visit):
    _, codes = await turn_on(alice)
    first, second = visit(), visit()

    await password_step(first)
    assert (await first.post("/auth/2fa", {"code": codes[0]}, page="/auth/2fa")).headers["Location"] == "/"
    await password_step(second)
    again = await second.post("/auth/2fa", {"code": codes[0]}, page="/auth/2fa")

    assert again.headers["Location"].startswith("/auth/2fa")
    assert "Recovery codes left: 9." in (await first.get("/account/2fa")).text


async def test_wrong_codes_past_the_limit_are_refused_for_a_while(alice, visit):
    secret, _ = await turn_on(alice)
    browser = visit()
    await password_step(browser)
    for _ in range(5):
        await browser.post("/auth/2fa", {"code": wrong_code(secret, now())}, page="/auth/2fa")

    refused = await browser.post("/auth/2fa", {"code": code_at(secret, now(), 30)}, page="/auth/2fa")

    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert (await visit().login()).status_code == 429, "the password is locked out too"


async def test_new_recovery_codes_void_the_old_ones(alice, visit):
    _, old = await turn_on(alice)

    refused = await alice.post("/account/2fa/recovery-codes", {"current_password": "not it"}, page="/account/2fa")
    assert refused.headers["Location"] == "/account/2fa"
    made = await alice.post("/account/2fa/recovery-codes", {"current_password": "correct horse"}, page="/account/2fa")

    new = recovery_codes(made)
    assert made.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    browser = visit()
    await password_step(browser)
    assert (await browser.post("/auth/2fa", {"code": old[1]}, page="/auth/2fa")).headers["Location"] != "/"
    assert (await browser.post("/auth/2fa", {"code": new[1]}, page="/auth/2fa")).headers["Location"] == "/"


async def test_turning_it_off_needs_the_password_and_mails_a_notice(alice, visit, sender, mail_sink):
    await turn_on(alice)

    refused = await alice.post("/account/2fa/disable", {"current_password": "not it"})
    assert refused.headers["Location"] == "/account/2fa/disable"
    off = await alice.post("/account/2fa/disable", {"current_password": "correct horse"})

    assert off.headers["Location"] == "/account"
    assert (await visit().login()).headers["Location"] == "/", "the password alone signs in again"
    notices = await received(mail_sink, 2)
    assert [n["To"] for n in notices] == ["alice@example.com"] * 2 and "off" in notices[1]["Subject"]


async def test_the_second_step_without_a_pending_sign_in_goes_back_to_the_login_page(visitor):
    page = await visitor.get("/auth/2fa?next=/profile")

    assert page.status_code == 302 and page.headers["Location"] == "/auth/login?next=%2Fprofile"


@pytest.mark.parametrize("path", ["/account/2fa", "/account/2fa/disable"])
async def test_the_pages_ask_a_visitor_to_log_in(visitor, path):
    page = await visitor.get(path)

    assert page.status_code == 302 and page.headers["Location"].startswith("/auth/login?next=")
