"""What a person sees: the header, field errors, the profile page, two languages."""

import csv
import dataclasses
import logging
import re
from pathlib import Path

import pytest
from tornado.escape import xhtml_escape
from tornado.testing import bind_unused_port

from domain.model import Profile
from entrypoints.messages import MESSAGES
from entrypoints.web.app import make_server
from entrypoints.web.in_flight import InFlight
from tests.names import username
from tests.web.client import field_value, flashes

WEB = Path(__file__).resolve().parents[2] / "entrypoints" / "web"


def template_strings() -> set[str]:
    found = set()
    for template in (WEB / "templates").rglob("*.html"):
        for double, single in re.findall(r"""_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""", template.read_text()):
            found.add(double or single)
    return found


def test_every_label_and_message_has_a_chinese_translation():
    with (WEB / "locale" / "zh_CN.csv").open(encoding="utf-8") as f:
        translated = {row[0]: row[1] for row in csv.reader(f) if row}

    missing = (template_strings() | set(MESSAGES.values())) - set(translated)

    assert not missing, f"no zh_CN translation for: {sorted(missing)}"
    assert all(translated[s].strip() for s in translated)


async def test_the_header_shows_who_is_signed_in_with_a_logout_button(visitor):
    anonymous = await visitor.get("/auth/login")
    await visitor.register()
    page = await visitor.get("/auth/login")

    assert 'href="/auth/register"' in anonymous.text and "Signed in as" not in anonymous.text
    assert "Signed in as" in page.text and '<a href="/profile"><bdi>alice</bdi></a>' in page.text
    assert re.search(r'<form class="inline" method="post" action="/auth/logout">', page.text)


async def test_a_refused_field_shows_its_message_next_to_it_and_takes_focus(visitor):
    await visitor.register(email="not-an-email")
    page = await visitor.get("/auth/register")

    assert re.search(r'<input id="email"[^>]*autofocus aria-invalid="true"', page.text)
    assert '<p class="field-error" id="email-error">That is not a valid email address.</p>' in page.text
    assert not re.search(r'<input id="username"[^>]*autofocus', page.text)


async def test_the_forms_say_what_browsers_may_autocomplete(visitor):
    register, login = await visitor.get("/auth/register"), await visitor.get("/auth/login")

    for name, value in [("username", "username"), ("email", "email"), ("password", "new-password")]:
        assert re.search(rf'<input id="{name}"[^>]*autocomplete="{value}"', register.text)
    assert re.search(r'<input id="password"[^>]*autocomplete="current-password"', login.text)
    assert all(f'<label for="{name}">' in register.text for name in ["username", "email", "password", "captcha"])


async def test_a_signed_out_visitor_is_sent_to_log_in_first(visitor):
    response = await visitor.get("/profile")
    login = await visitor.get(response.headers["location"])

    assert (response.status_code, response.headers["location"]) == (302, "/auth/login?next=%2Fprofile")
    assert 'name="next" value="/profile"' in login.text


async def test_the_profile_is_shown_and_saved(visitor, container):
    await visitor.register()
    form = {
        "headimg": "https://img.example/a.png",
        "site": "https://alice.example",
        "job": "工程师",
        "signature": "Hello",
        "github": "alice-dev",
        "description": "Line one\nLine two",
    }

    response = await visitor.post("/profile", form)

    assert response.headers["location"] == "/profile"
    page = await visitor.get("/profile")
    assert flashes(page) == [("info", "Your profile is saved.")]
    assert field_value(page, "job") == "工程师"
    stored = await container.users().by_username(username("alice"))
    assert (stored.profile.site, stored.profile.github, stored.profile.description) == (
        "https://alice.example",
        "alice-dev",
        "Line one\nLine two",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site", "javascript:alert(1)", "The site must be an http or https address."),
        ("headimg", "ftp://img.example/a.png", "The head image must be an https address."),
        ("headimg", "http://img.example/a.png", "The head image must be an https address."),
        ("github", "-not-a-name", "That is not a GitHub user name."),
        ("job", "x" * 101, "The job can be at most 100 characters."),
        ("description", "x" * 2001, "The description can be at most 2000 characters."),
    ],
)
async def test_a_bad_profile_field_gets_its_message_and_nothing_is_stored(visitor, container, field, value, message):
    await visitor.register()
    await visitor.post("/profile", {"job": "engineer"})

    await visitor.post("/profile", {"job": "pilot", field: value})

    page = await visitor.get("/profile")
    assert flashes(page) == [("error", message)]
    assert f'<p class="field-error" id="{field}-error">' in page.text
    stored = await container.users().by_username(username("alice"))
    assert stored.profile.job == "engineer"


# What a browser keeps of a cookie's name and value; it silently drops a longer one.
BROWSER_COOKIE_BYTES = 4096


@pytest.mark.parametrize(
    "typed",
    [
        {"description": "\x01" * 2001},
        {"job": "\x01" * 100, "signature": "\x01" * 200, "description": "\x01" * 2001},
    ],
    ids=["description", "every-text-field"],
)
async def test_a_profile_of_control_characters_still_leaves_its_message_for_the_next_page(visitor, typed):
    await visitor.register()

    answer = await visitor.post("/profile", typed)

    flash = [c.split(";")[0] for c in answer.headers.get_list("set-cookie") if c.startswith("flash=")]
    assert len(flash) == 1 and len(flash[0].encode()) <= BROWSER_COOKIE_BYTES
    page = await visitor.get("/profile")
    assert flashes(page) == [("error", "The description can be at most 2000 characters.")]
    assert '<p class="field-error" id="description-error">' in page.text


async def test_the_language_follows_accept_language_and_the_switch_overrides_it(visitor):
    chinese = await visitor.http.get("/auth/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN">' in chinese.text and "<h1>登录</h1>" in chinese.text

    switched = await visitor.http.get("/auth/login?lang=en", headers={"Accept-Language": "zh-CN"})
    remembered = await visitor.http.get("/auth/register", headers={"Accept-Language": "zh-CN"})
    assert "<h1>Log in</h1>" in switched.text and "<h1>Register</h1>" in remembered.text

    await visitor.get("/?lang=zh_CN")
    assert "<h1>注册</h1>" in (await visitor.get("/auth/register")).text


@pytest.mark.parametrize("asked", ["%ff", "xx", "%00", "zh_CN%ff"])
async def test_a_lang_meet_does_not_speak_or_cannot_decode_is_ignored(visitor, asked, caplog):
    page = await visitor.http.get(f"/?lang={asked}", headers={"Accept-Language": "zh-CN"})

    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_messages_use_the_tutorials_chinese_wording(visit):
    await visit().register()
    visitor = visit()
    await visitor.get("/?lang=zh_CN")

    await visitor.register(email="other@example.com")
    assert flashes(await visitor.get("/auth/register")) == [("error", "用户名已存在。")]
    await visitor.register(username="bob")
    assert flashes(await visitor.get("/auth/register")) == [("error", "邮箱已注册。")]
    await visitor.register(username="carol", email="carol@example.com", captcha="wrong")
    assert flashes(await visitor.get("/auth/register"))[0][1].startswith("验证码输入错误")


async def test_the_profile_on_the_index_shows_the_image_links_and_lines_all_escaped(visitor):
    await visitor.register()
    await visitor.post(
        "/profile",
        {
            "headimg": "https://img.example/a.png?x=1&y=2",
            "site": "https://alice.example/<b>",
            "github": "alice-dev",
            "signature": "<script>alert(1)</script>",
            "description": "Line one\n<i>Line two</i>",
        },
    )

    page = (await visitor.get("/")).text

    assert '<img class="headimg" src="https://img.example/a.png?x=1&amp;y=2"' in page
    assert '<a href="https://alice.example/&lt;b&gt;" rel="nofollow noopener ugc">' in page
    assert '<a href="https://github.com/alice-dev" rel="nofollow noopener ugc">alice-dev</a>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<dd class="about">Line one\n&lt;i&gt;Line two&lt;/i&gt;</dd>' in page
    css = (await visitor.get("/static/style.css")).text
    assert re.search(r"\.about \{[^}]*white-space: pre-line", css)


async def test_a_head_image_stored_before_the_https_rule_shows_as_a_link_not_a_broken_image(visitor, container):
    await visitor.register()
    users = container.users()
    user = await users.by_username(username("alice"))
    await users.update(dataclasses.replace(user, profile=Profile(headimg="http://img.example/a.png?x=1&y=2")))

    page = (await visitor.get("/")).text

    assert "<img" not in page
    assert '<a class="headimg-link" href="http://img.example/a.png?x=1&amp;y=2" rel="nofollow noopener ugc">' in page


async def test_the_policy_lets_a_head_image_come_from_any_https_address(visitor):
    policy = (await visitor.get("/")).headers["content-security-policy"]

    assert "img-src 'self' https:;" in policy


async def test_the_username_rules_stand_under_the_field_before_anyone_gets_them_wrong(visitor):
    page = await visitor.get("/auth/register")
    chinese = await visitor.get("/auth/register?lang=zh_CN")

    assert re.search(r'<input id="username"[^>]*aria-describedby="username-hint"', page.text)
    assert '<p class="field-hint" id="username-hint">1 to 32 letters or digits of any language' in page.text
    assert '<p class="field-hint" id="username-hint">1 到 32 个任意语言的字母或数字' in chinese.text
    assert 'pattern="' not in page.text  # 张三 is a name: the server says what is not


async def test_every_refused_field_shows_its_own_message_beside_it_and_the_first_takes_focus(visitor):
    response = await visitor.register(username="a b", email="not-an-email", password="password", captcha="wrong")

    assert response.status_code == 302
    page = await visitor.get("/auth/register")
    assert flashes(page) == [("error", "Some fields need another look; each says why below.")]
    for name, text in [
        (
            "username",
            "A username is 1 to 32 letters or digits of any language, '_', '.' or '-', with no spaces or symbols.",
        ),
        ("email", "That is not a valid email address."),
        ("password", "That password is one of the most common ones; choose another."),
        ("captcha", "The captcha was wrong or has expired; try the new one."),
    ]:
        assert re.search(rf'<input id="{name}"[^>]*aria-invalid="true"', page.text)
        assert f'<p class="field-error" id="{name}-error">{xhtml_escape(text)}</p>' in page.text
    assert re.search(
        r'<input id="username"[^>]*autofocus[^>]*aria-describedby="username-hint username-error"', page.text
    )
    assert len(re.findall(r"autofocus", page.text)) == 1
    assert field_value(page, "username") == "a b"
    assert field_value(page, "email") == "not-an-email"


async def test_a_refused_about_text_is_marked_on_its_textarea(visitor):
    await visitor.register()
    await visitor.post("/profile", {"description": "x" * 2001})

    page = await visitor.get("/profile")

    assert re.search(
        r'<textarea id="description"[^>]*autofocus aria-invalid="true" aria-describedby="description-error"', page.text
    )
    assert '<p class="field-error" id="description-error">' in page.text


async def test_the_server_counts_requests_on_the_in_flight_counter_it_is_given(container, serve, visitors):
    class Counting(InFlight):
        started = 0

        def start(self) -> None:
            self.started += 1
            super().start()

    in_flight = Counting()
    server = make_server(container, in_flight)
    sock, port = bind_unused_port()
    server.add_sockets([sock])
    try:
        await visitors(f"http://127.0.0.1:{port}").get("/auth/login")
    finally:
        server.stop()
    assert (in_flight.started, in_flight.count) == (1, 0)


async def test_a_page_kept_for_signed_out_visitors_is_the_page_made_for_each(container, visitors):
    """The kept page, after the language and the `next` of others, equals the page rendered for this visitor alone."""

    async def site(shared: bool) -> str:
        server = make_server(container, InFlight())
        if not shared:
            server.request_callback.settings["shared_pages"] = None
        sock, port = bind_unused_port()
        server.add_sockets([sock])
        servers.append(server)
        return f"http://127.0.0.1:{port}"

    def tokenless(page) -> str:
        return re.sub(r'name="_xsrf" value="[^"]+"', 'name="_xsrf" value=""', page.text)

    servers: list = []
    kept, rendered = await site(shared=True), await site(shared=False)
    paths = [
        "/auth/login",
        "/auth/login?lang=zh_CN",
        "/auth/login?next=/profile",
        "/",
        "/?lang=zh_CN",
        "/auth/register",
    ]
    try:
        for path in paths:
            pages = [await visitors(to).get(path) for to in (kept, kept, rendered)]
            assert "<!--xsrf" not in pages[0].text
            assert tokenless(pages[0]) == tokenless(pages[1]) == tokenless(pages[2]), path
    finally:
        for server in servers:
            server.stop()
