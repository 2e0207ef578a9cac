"""A forgotten password in a real browser: the link arrives through a real SMTP server and is followed."""

import pytest
from playwright.async_api import expect

from entrypoints import settings
from entrypoints.container import Container
from tests.browser.test_journey import register
from tests.mail import mail_settings, mailed_path, received, sending
from tests.settings import TEST_SETTINGS


@pytest.fixture
def container(meet_env, mail_sink):
    meet_env(TEST_SETTINGS | {"MEET_STORAGE": "memory"} | mail_settings(mail_sink))
    container = Container()
    settings.configure(container.config)
    yield container
    container.shutdown_resources()


@pytest.fixture
async def sender(container):
    async with sending(container):
        yield


async def test_forgot_password_follow_the_mailed_link_and_log_in_with_the_new_one(page, sender, mail_sink, shoot):
    await register(page)
    await page.get_by_role("button", name="Log out").click()
    await page.get_by_role("link", name="Log in").first.click()

    await page.get_by_role("link", name="Forgot your password?").click()
    await page.get_by_label("Email").fill("alice@example.com")
    await shoot(page, "password-reset-en")
    await page.get_by_role("button", name="Mail me a link").click()
    await expect(page.locator(".flash-info")).to_contain_text("A link to choose a new password is on its way")

    (mail,) = await received(mail_sink, 1)
    await page.goto(mailed_path(mail))
    await page.get_by_label("New password", exact=True).fill("battery staple")
    await page.get_by_label("The new password again").fill("battery staple")
    await page.get_by_role("button", name="Save the new password").click()
    await expect(page.locator(".flash-info")).to_have_text(
        "Your new password is saved, alice; every other sign-in has ended."
    )
    await expect(page.locator("h1")).to_have_text("alice")

    await page.get_by_role("button", name="Log out").click()
    await page.get_by_role("link", name="Log in").first.click()
    await page.get_by_label("Username or email").fill("alice")
    await page.get_by_label("Password").fill("battery staple")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator(".flash-info")).to_have_text("Welcome back, alice.")
