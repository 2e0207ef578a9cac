"""A person's way through meet, in a real browser, in English and in Chinese."""

import io

import pytest
from PIL import Image
from playwright.async_api import expect

from tests.web.client import ANSWER


async def register(page, username="alice", password="correct horse"):
    await page.goto("/auth/register")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Email").fill(f"{username}@example.com")
    await page.get_by_label("Password").fill(password)
    await page.get_by_label("Type the characters you see or hear").fill(ANSWER)
    await page.get_by_role("button", name="Register").click()


async def test_register_log_out_and_log_back_in(page, shoot):
    await page.goto("/auth/register")
    await expect(page.locator("img.captcha")).to_be_visible()
    await shoot(page, "register-en")
    await register(page)

    await expect(page.locator("h1")).to_have_text("alice")
    await expect(page.locator(".flash-info")).to_have_text("Welcome to meet, alice.")
    await shoot(page, "signed-in-en")

    await page.get_by_role("button", name="Log out").click()
    await expect(page.locator(".flash-info")).to_have_text("You are signed out.")
    await page.get_by_role("link", name="Log in").first.click()
    await shoot(page, "login-en")
    await page.get_by_label("Username or email").fill("alice@example.com")
    await page.get_by_label("Password").fill("correct horse")
    await page.get_by_role("button", name="Log in").click()

    await expect(page.locator("h1")).to_have_text("alice")
    await expect(page.locator(".who")).to_contain_text("alice")


async def test_a_wrong_password_says_so_next_to_the_field(page):
    await register(page)
    await page.get_by_role("button", name="Log out").click()
    await page.goto("/auth/login")
    await page.get_by_label("Username or email").fill("alice")
    await page.get_by_label("Password").fill("wrong horse")
    await page.get_by_role("button", name="Log in").click()

    await expect(page.locator(".flash-error")).to_have_text("Wrong username or password.")
    await expect(page.locator("#password-error")).to_have_text("Wrong username or password.")
    await expect(page.locator("#password")).to_be_focused()
    await expect(page.get_by_label("Username or email")).to_have_value("alice")


async def test_a_new_captcha_image_keeps_what_was_typed(page):
    await page.goto("/auth/register")
    await page.get_by_label("Username").fill("alice")
    first = await page.locator("#captcha-image").get_attribute("src")

    await page.get_by_role("link", name="New image").click()

    await expect(page.locator("#captcha-image")).not_to_have_attribute("src", first)
    await expect(page.get_by_label("Username")).to_have_value("alice")


async def test_listening_plays_a_new_challenge_here_and_its_answer_registers(page, container):
    spoken = []
    page.on("request", lambda request: spoken.append(request.url) if "/auth/captcha/audio" in request.url else None)
    await page.goto("/auth/register")

    await page.get_by_role("link", name="Listen to the captcha").click()

    player = page.get_by_label("Listen to the captcha")
    await expect(player).to_be_visible()
    for _ in range(50):  # wait_for_function would need the eval the CSP forbids
        if await player.evaluate("audio => audio.readyState") >= 2:
            break
        await page.wait_for_timeout(100)
    assert await player.evaluate("audio => audio.readyState") >= 2
    await expect(page.locator("#captcha-image")).to_be_hidden()
    await player.evaluate("audio => { audio.currentTime = 0; }")  # hearing it again
    await page.wait_for_timeout(300)
    assert len(spoken) == 1, spoken
    await page.get_by_label("Username").fill("alice")
    await page.get_by_label("Email").fill("alice@example.com")
    await page.get_by_label("Password").fill("correct horse")
    await page.get_by_label("Type the characters you see or hear").fill(ANSWER)
    await page.get_by_role("button", name="Register").click()
    await expect(page.locator("h1")).to_have_text("alice")


async def test_editing_the_profile(page, shoot):
    await register(page)
    await page.goto("/profile")
    await page.get_by_label("Site").fill("ftp://alice.example")
    await page.get_by_label("Job").fill("engineer")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#site-error")).to_be_visible()

    await page.get_by_label("Site").fill("https://alice.example")
    await page.get_by_label("GitHub").fill("alice-dev")
    await page.get_by_label("About").fill("Builds things.")
    await page.get_by_role("button", name="Save").click()

    await expect(page.locator(".flash-info")).to_have_text("Your profile is saved.")
    await shoot(page, "profile-en")
    await page.goto("/")
    await expect(page.locator(".profile")).to_contain_text("https://alice.example")


@pytest.mark.parametrize("start", ["/auth/register"])
async def test_the_pages_in_chinese(page, shoot, start):
    await page.goto(f"{start}?lang=zh_CN")
    await expect(page.locator("h1")).to_have_text("注册")
    await shoot(page, "register-zh")
    await page.get_by_label("用户名").fill("xiaoming")
    await page.get_by_label("邮箱").fill("xiaoming@example.com")
    await page.get_by_label("密码").fill("一二三四五六七八")
    await page.get_by_label("输入你看到或听到的字符").fill("wrong")
    await page.get_by_role("button", name="注册").click()
    await expect(page.locator(".flash-error")).to_contain_text("验证码输入错误")

    await page.get_by_label("密码").fill("一二三四五六七八")
    await page.get_by_label("输入你看到或听到的字符").fill(ANSWER)
    await page.get_by_role("button", name="注册").click()
    await expect(page.locator(".flash-info")).to_have_text("欢迎加入 meet，xiaoming。")
    await shoot(page, "signed-in-zh")
    await page.goto("/profile")
    await expect(page.locator("h1")).to_have_text("个人资料")
    await shoot(page, "profile-zh")
    await page.get_by_role("button", name="退出").click()
    await page.goto("/auth/login")
    await expect(page.locator("h1")).to_have_text("登录")
    await shoot(page, "login-zh")


def avatar() -> bytes:
    """A small PNG, served in place of the https head image (this machine reaches no other site)."""
    image, out = Image.new("RGB", (96, 96), (74, 128, 200)), io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def test_the_profile_on_the_index_shows_links_and_keeps_the_lines_of_about(page, shoot):
    body = avatar()
    await page.route("https://img.example/**", lambda route: route.fulfill(body=body, content_type="image/png"))
    await register(page)
    await page.goto("/profile")
    await page.get_by_label("Head image").fill("https://img.example/alice.png")
    await page.get_by_label("GitHub").fill("alice-dev")
    await page.get_by_label("About").fill("Builds things.\nFixes them too.")
    await page.get_by_role("button", name="Save").click()

    await page.goto("/")

    await expect(page.locator("img.headimg")).to_have_attribute("src", "https://img.example/alice.png")
    # The policy lets an https image in: it loaded.
    assert await page.locator("img.headimg").evaluate("img => img.complete && img.naturalWidth") == 96
    await expect(page.get_by_role("link", name="alice-dev")).to_have_attribute("href", "https://github.com/alice-dev")
    assert await page.locator(".about").inner_text() == "Builds things.\nFixes them too."
    await shoot(page, "index-en")


async def test_the_username_rules_are_read_out_with_the_field(page):
    await page.goto("/auth/register")

    await expect(page.get_by_label("Username")).to_have_accessible_description(
        "1 to 32 letters or digits of any language, '_', '.' or '-'; "
        "capitals and full-width forms do not make a name different."
    )


async def test_a_missing_page_is_the_sites_own_with_a_way_back(page, shoot):
    response = await page.goto("/nowhere?lang=zh_CN")

    assert response.status == 404
    await expect(page.locator("h1")).to_have_text("页面不存在")
    await shoot(page, "not-found-zh")
    home = page.url.split("/nowhere")[0] + "/"
    await page.get_by_role("link", name="返回首页").click()
    await expect(page).to_have_url(home)
