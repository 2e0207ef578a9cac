"""Email verification over HTTP, with the mail delivered by the background sender through a real SMTP server."""

from email.header import decode_header, make_header

import pytest

from tests.mail import PUBLIC, mailed_path, received, text_of
from tests.web.client import field_value, flashes


def subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


@pytest.mark.mail(verification="optional")
async def test_optional_signs_in_and_the_mailed_link_confirms_the_address(visitor, sender, mail_sink):
    registered = await visitor.register()
    assert registered.headers["Location"] == "/"
    home = await visitor.get("/")
    assert "Your address is not confirmed yet." in home.text
    assert 'action="/auth/verify/resend"' in home.text

    (mail,) = await received(mail_sink, 1)
    assert mail["To"] == "alice@example.com"
    assert f"{PUBLIC}/auth/verify?token=" in text_of(mail)
    followed = await visitor.get(mailed_path(mail))

    assert followed.status_code == 302 and followed.headers["Location"] == "/"
    assert followed.headers["Referrer-Policy"] == "no-referrer"
    home = await visitor.get("/")
    assert flashes(home) == [("info", "Your address alice@example.com is confirmed.")]
    assert "not confirmed" not in home.text and "/auth/verify/resend" not in home.text
    again = await visitor.get(mailed_path(mail))
    assert again.headers["Location"] == "/"
    assert flashes(await visitor.get("/"))[0][0] == "error"


@pytest.mark.mail(verification="optional")
async def test_the_button_on_the_home_page_mails_a_new_link(visitor, sender, mail_sink):
    await visitor.register()
    await received(mail_sink, 1)

    sent = await visitor.post("/auth/verify/resend", {}, page="/")

    assert sent.status_code == 302 and sent.headers["Location"] == "/"
    assert flashes(await visitor.get("/"))[0] == ("info", sent_text("alice@example.com"))
    first, second = await received(mail_sink, 2)
    assert mailed_path(first) != mailed_path(second)
    assert (await visitor.get(mailed_path(second))).headers["Location"] == "/"
    assert "not confirmed" not in (await visitor.get("/")).text


def sent_text(email: str) -> str:
    return f"A new link to confirm your address is on its way to {email}; it works for three days."


@pytest.mark.mail(verification="optional")
async def test_asking_again_past_the_limit_is_429_with_retry_after(visitor, sender, mail_sink):
    await visitor.register()
    answers = [await visitor.post("/auth/verify/resend", {}, page="/") for _ in range(4)]

    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 3600
    assert "Too many attempts" in answers[-1].text
    assert len(await received(mail_sink, 4)) == 4


@pytest.mark.mail(verification="optional")
async def test_the_mail_speaks_the_language_of_the_page_registered_on(visitor, sender, mail_sink):
    await visitor.get("/?lang=zh_CN")
    await visitor.register()

    (mail,) = await received(mail_sink, 1)
    assert subject(mail) == "请确认你在 meet 的邮箱"
    assert "你好" in text_of(mail)


@pytest.mark.mail(verification="mandatory")
async def test_mandatory_lets_nobody_in_until_the_mailed_link_is_followed(visit, sender, mail_sink):
    person = visit()
    registered = await person.register()
    assert registered.headers["Location"] == "/auth/login"
    login_page = await person.get("/auth/login")
    assert flashes(login_page)[0][0] == "info" and "alice@example.com" in flashes(login_page)[0][1]
    assert (await person.get("/profile")).status_code == 302, "registering signed nobody in"

    refused = await person.login()
    assert refused.status_code == 403
    assert "not confirmed yet" in flashes(refused)[0][1]
    assert "session" not in refused.headers.get("Set-Cookie", "")
    assert (await person.get("/profile")).status_code == 302, "the right password made no session"

    asked = await person.post("/auth/verify/resend", {"resend": field_value(refused, "resend")}, page="/auth/login")
    assert asked.status_code == 302
    _, second = await received(mail_sink, 2)
    assert (await person.get(mailed_path(second))).headers["Location"] == "/"
    assert (await person.login()).headers["Location"] == "/"
    assert (await person.get("/profile")).status_code == 200


@pytest.mark.mail(verification="mandatory")
async def test_a_forged_resend_field_sends_nothing(visit, sender, mail_sink):
    person = visit()
    await person.register()
    await received(mail_sink, 1)

    asked = await person.post("/auth/verify/resend", {"resend": "forged"}, page="/auth/login")

    assert asked.headers["Location"] == "/auth/login"
    assert flashes(await person.get("/auth/login"))[0][0] == "error"
    assert len(await received(mail_sink, 2, seconds=0.5)) == 1


async def test_without_mail_nothing_asks_to_confirm(alice):
    home = await alice.get("/")

    assert "not confirmed" not in home.text
    assert (await alice.post("/auth/verify/resend", {}, page="/")).headers["Location"] == "/"
