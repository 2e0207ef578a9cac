"""A forgotten password over HTTP, with the mail delivered by the background sender through a real SMTP server."""

import asyncio
import re

import pytest

from tests.mail import PUBLIC, mailed_path, received, text_of
from tests.web.client import field_value, flashes

pytestmark = pytest.mark.mail

NEW = "battery staple"


async def ask(visitor, email: str = "alice@example.com", **headers: str):
    return await visitor.post("/auth/password/reset", {"email": email}, headers=headers or None)


async def test_the_login_page_links_the_reset_page(visitor):
    page = await visitor.get("/auth/login")

    assert 'href="/auth/password/reset"' in page.text
    assert field_value(await visitor.get("/auth/password/reset"), "email") == ""


async def test_a_forgotten_password_is_reset_through_the_mailed_path(alice, visit, sender, mail_sink):
    someone = visit()
    answer = await ask(someone)
    assert answer.status_code == 302
    (mail,) = await received(mail_sink, 1)
    assert mail["To"] == "alice@example.com"

    form = await someone.get(mailed_path(mail))
    assert form.status_code == 200
    assert form.headers["Referrer-Policy"] == "no-referrer"
    done = await someone.post(
        "/auth/password/new",
        {"token": field_value(form, "token"), "password": NEW, "password_confirm": NEW},
        page=mailed_path(mail),
    )

    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "alice" in (await someone.get("/")).text
    assert (await alice.get("/profile")).status_code == 302, "the session from before the reset has ended"
    assert (await visit().login(password=NEW)).headers["Location"] == "/"
    assert (await visit().login()).status_code == 302
    assert (await visit().login()).headers["Location"] == "/auth/login"


async def test_an_unknown_address_gets_the_same_answer_and_page(alice, visit, sender, mail_sink):
    known, unknown = visit(), visit()
    answers = [await ask(known), await ask(unknown, "nobody@example.com")]

    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    pages = [await known.get(answers[0].headers["Location"]), await unknown.get(answers[1].headers["Location"])]
    assert flashes(pages[0]) == flashes(pages[1]) != []
    assert re.sub(r'value="[^"]*"', "", pages[0].text) == re.sub(r'value="[^"]*"', "", pages[1].text)
    mails = {mail["To"]: mail for mail in await received(mail_sink, 2)}
    assert "token=" not in text_of(mails["nobody@example.com"])


async def test_a_forged_host_header_does_not_change_the_mailed_path(alice, visit, sender, mail_sink):
    await ask(visit(), **{"Host": "evil.example", "X-Forwarded-Host": "evil.example"})

    (mail,) = await received(mail_sink, 1)
    text = text_of(mail)
    assert "evil.example" not in text
    assert f"{PUBLIC}/auth/password/new?token=" in text


async def test_a_used_link_leads_back_to_the_request_page(alice, visit, sender, mail_sink):
    someone = visit()
    await ask(someone)
    (mail,) = await received(mail_sink, 1)
    form = await someone.get(mailed_path(mail))
    fields = {"token": field_value(form, "token"), "password": NEW, "password_confirm": NEW}
    assert (await someone.post("/auth/password/new", fields, page=mailed_path(mail))).headers["Location"] == "/"

    later = visit()
    again = await later.get(mailed_path(mail))

    assert again.status_code == 302 and again.headers["Location"] == "/auth/password/reset"
    assert flashes(await later.get(again.headers["Location"])) == [
        ("error", "That link has expired or been used already; ask for a new one.")
    ]


async def test_two_submissions_of_one_link_reset_once(alice, visit, sender, mail_sink):
    someone = visit()
    await ask(someone)
    (mail,) = await received(mail_sink, 1)
    token = field_value(await someone.get(mailed_path(mail)), "token")
    tabs = [visit(), visit()]
    pages = [await tab.get(mailed_path(mail)) for tab in tabs]
    posts = [
        tab.http.post(
            "/auth/password/new",
            data={
                "_xsrf": field_value(page, "_xsrf"),
                "token": token,
                "password": f"{NEW} {n}",
                "password_confirm": f"{NEW} {n}",
            },
        )
        for n, (tab, page) in enumerate(zip(tabs, pages, strict=True))
    ]

    answers = await asyncio.gather(*posts)

    assert sorted(answer.headers["Location"] for answer in answers) == ["/", "/auth/password/reset"]


async def test_mismatched_passwords_go_back_to_the_form_with_the_link_still_working(alice, visit, sender, mail_sink):
    someone = visit()
    await ask(someone)
    (mail,) = await received(mail_sink, 1)
    form = await someone.get(mailed_path(mail))
    fields = {"token": field_value(form, "token"), "password": NEW, "password_confirm": NEW + "?"}

    refused = await someone.post("/auth/password/new", fields, page=mailed_path(mail))

    assert refused.status_code == 302
    back = await someone.get(refused.headers["Location"])
    assert back.status_code == 200
    assert 'id="password_confirm-error"' in back.text
    assert field_value(back, "token") == fields["token"]


async def test_past_three_requests_for_one_address_the_answer_is_429_whoever_has_it(alice, visit):
    for address in ["alice@example.com", "nobody@example.com"]:
        for _ in range(3):
            assert (await ask(visit(), address)).status_code == 302

        refused = await ask(visit(), address)

        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 3600
        assert flashes(refused)[0][0] == "error"
