"""The spoken captcha: a WAV of a fresh challenge whose answer registers, and the link to it."""

import io
import wave

from tornado.web import decode_signed_value

from tests.names import username
from tests.settings import TEST_SETTINGS
from tests.web.client import ANSWER, xsrf_token

SECRET = TEST_SETTINGS["MEET_COOKIE_SECRET"]
LINK = '<a href="/auth/captcha/audio" id="listen-captcha" type="audio/wav">{}</a>'


async def listen_and_register(visitor, answer: str):
    """Open the register page, listen (never looking at the image), and send what was heard."""
    page = await visitor.get("/auth/register")
    sound = await visitor.get("/auth/captcha/audio")
    form = {"username": "alice", "email": "alice@example.com", "password": "correct horse", "captcha": answer}
    return sound, await visitor.http.post("/auth/register", data={"_xsrf": xsrf_token(page), **form})


async def test_the_answer_heard_registers(visitor, container):
    sound, response = await listen_and_register(visitor, f" {ANSWER.upper()} ")

    assert sound.status_code == 200
    assert sound.headers["content-type"] == "audio/wav"
    assert sound.headers["cache-control"] == "no-store"
    assert sound.content[:4] == b"RIFF" and sound.content[8:12] == b"WAVE"
    with wave.open(io.BytesIO(sound.content)) as wav:
        assert wav.getnframes() > 0
    assert response.headers["location"] == "/"
    assert await container.users().by_username(username("alice")) is not None


async def test_a_wrong_answer_heard_registers_nobody(visitor, container):
    _, response = await listen_and_register(visitor, "123456")

    assert response.headers["location"] == "/auth/register"
    assert await container.users().by_username(username("alice")) is None


async def looked_at(container, visitor):
    """The challenge the visitor's cookie names, looked at and put back."""
    challenge_id = decode_signed_value(SECRET, "captcha", visitor.http.cookies["captcha"]).decode()
    challenge = await container.challenges().take(challenge_id)
    await container.challenges().add(challenge)
    return challenge


async def test_the_sound_keeps_its_answer_on_the_server_and_replaces_the_images(container, serve, visitors):
    container.config.captcha_answer.from_value(None)
    visitor = visitors(await serve(container))
    page = await visitor.get("/auth/register")
    await visitor.get("/auth/captcha")
    seen = await looked_at(container, visitor)

    sound = await visitor.get("/auth/captcha/audio")
    heard = await looked_at(container, visitor)

    assert heard.answer.isdigit() and heard.id != seen.id
    cookies = sound.headers.get_list("set-cookie")
    assert [c.partition("=")[0] for c in cookies] == ["captcha"]
    value = cookies[0].partition(";")[0].partition("=")[2]
    assert decode_signed_value(SECRET, "captcha", value) == heard.id.encode()
    # Content-Length is left out: six digits, it could be the answer by chance.
    others = [value for name, value in sound.headers.multi_items() if name not in {"set-cookie", "content-length"}]
    assert not any(heard.answer in value for value in others)
    form = {"username": "alice", "email": "alice@example.com", "password": "correct horse", "captcha": seen.answer}
    refused = await visitor.http.post("/auth/register", data={"_xsrf": xsrf_token(page), **form})
    assert refused.headers["location"] == "/auth/register"


async def test_the_register_page_offers_to_listen_in_both_languages(visitor):
    english = await visitor.get("/auth/register")
    chinese = await visitor.get("/auth/register?lang=zh_CN")

    assert LINK.format("Listen to the captcha") in english.text
    assert "Type the characters you see or hear" in english.text
    assert LINK.format("收听语音验证码") in chinese.text
