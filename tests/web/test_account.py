"""The account pages over HTTP: /account, changing the password (with the notice through real SMTP), sessions."""

import re

import pytest

from tests.mail import PUBLIC, mailed_path, received, text_of
from tests.names import username
from tests.web.client import field_value, flashes

pytestmark = pytest.mark.mail

NEW = "battery staple"


def changing(current: str = "correct horse", password: str = NEW, confirm: str = NEW) -> dict[str, str]:
    return {"current_password": current, "password": password, "password_confirm": confirm}


@pytest.mark.parametrize("path", ["/account", "/account/password", "/account/sessions", "/account/delete"])
async def test_the_account_pages_ask_a_visitor_to_log_in(visitor, path):
    page = await visitor.get(path)

    assert page.status_code == 302
    assert page.headers["Location"].startswith("/auth/login?next=")


async def test_the_header_links_the_account_which_links_its_pages(alice):
    index = await alice.get("/")
    account = await alice.get("/account")

    assert 'href="/account"' in index.text
    assert account.status_code == 200
    assert 'href="/account/password"' in account.text and 'href="/profile"' in account.text
    assert 'href="/account/sessions"' in account.text and 'href="/account/delete"' in account.text


async def test_changing_the_password_ends_the_other_sessions_and_mails_a_notice(alice, visit, sender, mail_sink):
    elsewhere = visit()
    await elsewhere.login()

    answer = await alice.post("/account/password", changing())

    assert answer.headers["Location"] == "/account"
    assert flashes(await alice.get("/account")) == [
        ("info", "Your password is changed; every other sign-in has ended.")
    ]
    assert (await elsewhere.get("/account")).status_code == 302
    assert (await visit().login(password=NEW)).headers["Location"] == "/"
    (notice,) = await received(mail_sink, 1)
    assert notice["To"] == "alice@example.com"
    assert f"{PUBLIC}/auth/password/reset" in text_of(notice)
    assert NEW not in notice.as_string()


async def test_a_wrong_current_password_is_said_beside_its_field(alice, visit):
    answer = await alice.post("/account/password", changing(current="not the password"))

    back = await alice.get(answer.headers["Location"])
    assert 'id="current_password-error"' in back.text
    assert flashes(back) == [("error", "That is not your current password.")]
    assert (await visit().login()).headers["Location"] == "/"


async def test_five_wrong_current_passwords_lock_the_login_too(alice, visit):
    for _ in range(5):
        await alice.post("/account/password", changing(current="a wrong guess"))

    refused = await alice.post("/account/password", changing())

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "alice" in refused.text, "the page still shows who is signed in"
    assert (await visit().login()).status_code == 429


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


async def test_the_sessions_page_lists_each_browser_and_ends_another(alice, visit, container):
    elsewhere = visit()
    elsewhere.http.headers["User-Agent"] = FIREFOX
    await elsewhere.login()

    page = await alice.get("/account/sessions")
    handles = re.findall(r'name="end" value="([0-9a-f]{20})"', page.text)
    assert page.status_code == 200
    assert "Firefox · Linux" in page.text and "(this browser)" in page.text
    user = await container.users().by_username(username("alice"))
    stored = await container.sessions().for_user(user.id)
    assert len(stored) == 2 and not any(session.id in page.text for session in stored), "ids are the cookies' secret"
    assert len(handles) == 1, "every session but this one has its own button"

    ended = await alice.post("/account/sessions", {"end": handles[0]})

    assert ended.headers["Location"] == "/account/sessions"
    assert flashes(await alice.get("/account/sessions")) == [("info", "Sign-ins ended: 1.")]
    assert (await elsewhere.get("/account")).status_code == 302
    assert (await alice.get("/account")).status_code == 200


async def test_ending_every_other_session_keeps_this_one(alice, visit):
    others = [visit(), visit()]
    for other in others:
        await other.login()

    await alice.post("/account/sessions", {"end": "others"})

    assert [(await other.get("/account")).status_code for other in others] == [302, 302]
    assert (await alice.get("/account")).status_code == 200
    assert "End every other sign-in" not in (await alice.get("/account/sessions")).text


async def test_ending_sessions_signed_out_asks_to_log_in(visitor):
    answer = await visitor.post("/account/sessions", {"end": "others"}, page="/auth/login")

    assert answer.headers["Location"].startswith("/auth/login?next=")


async def test_deleting_the_account_signs_out_everywhere_and_frees_the_name(alice, visit):
    elsewhere = visit()
    await elsewhere.login()

    deleted = await alice.post("/account/delete", {"current_password": "correct horse"})

    assert deleted.headers["Location"] == "/"
    home = await alice.get("/")
    assert flashes(home) == [("info", "Your account is deleted. Goodbye.")]
    assert 'href="/auth/login"' in home.text
    assert (await elsewhere.get("/account")).status_code == 302
    assert (await visit().login()).headers["Location"] == "/auth/login"
    assert (await visit().register()).headers["Location"] == "/"


async def test_a_wrong_password_deletes_nothing(alice, visit):
    refused = await alice.post("/account/delete", {"current_password": "not the password"})

    assert refused.headers["Location"] == "/account/delete"
    page = await alice.get("/account/delete")
    assert flashes(page) == [("error", "That is not your current password.")]
    assert (await visit().login()).headers["Location"] == "/"


async def test_deleting_past_the_login_limits_is_429(alice):
    for _ in range(5):
        await alice.post("/account/delete", {"current_password": "not the password"})

    refused = await alice.post("/account/delete", {"current_password": "correct horse"})

    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert (await alice.get("/account")).status_code == 200


async def test_a_new_address_is_mailed_a_link_and_the_old_one_told(alice, visit, sender, mail_sink):
    asked = await alice.post(
        "/account/email",
        {"email": "alice@new.example", "current_password": "correct horse"},
        headers={"Host": "evil.example"},
    )

    assert asked.headers["Location"] == "/account"
    (link_mail,) = await received(mail_sink, 1)
    assert link_mail["To"] == "alice@new.example"
    assert f"{PUBLIC}/account/email/confirm?token=" in text_of(link_mail), "links come from MEET_PUBLIC_URL"
    assert "evil.example" not in text_of(link_mail)
    assert "alice@example.com" in (await alice.get("/")).text, "nothing changes before the link is followed"

    followed = await visit().get(mailed_path(link_mail))

    assert followed.headers["Location"] == "/" and followed.headers["Referrer-Policy"] == "no-referrer"
    _, notice = await received(mail_sink, 2)
    assert notice["To"] == "alice@example.com" and "alice@new.example" in text_of(notice)
    assert (await visit().login("alice@new.example")).headers["Location"] == "/"
    assert (await visit().login("alice@example.com")).headers["Location"] == "/auth/login"


async def test_a_taken_or_unchanged_address_is_refused_beside_the_field(alice, visit):
    await visit().register("bob", "bob@example.com")

    for email, message in [
        ("BOB@example.com", "That email address is already registered."),
        ("alice@example.com", "That is already your address."),
    ]:
        refused = await alice.post("/account/email", {"email": email, "current_password": "correct horse"})
        assert refused.headers["Location"] == "/account/email"
        page = await alice.get("/account/email")
        assert flashes(page) == [("error", message)]
        assert field_value(page, "email") == email
