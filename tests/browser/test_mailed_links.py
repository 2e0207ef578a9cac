"""The mailed links in a real browser: each arrives through a real SMTP server and is followed."""

import pytest
from playwright.async_api import expect

from entrypoints import settings
from entrypoints.container import Container
from tests.browser.test_journey import register
from tests.mail import mail_settings, mailed_path, received, sending
from tests.settings import TEST_SETTINGS


@pytest.fixture
def container(meet_env, mail_sink):
    meet_env(TEST_SETTINGS | {"MEET_STORAGE": "memory"} | mail_settings(mail_sink, verification="optional"))
    container = Container()
    settings.configure(container.config)
    yield container
    container.shutdown_resources()


@pytest.fixture
async def sender(container):
    async with sending(container):
        yield


async def test_confirm_the_address_then_reset_the_password_through_the_mailed_links(page, sender, mail_sink, shoot):
    await register(page)
    await expect(page.locator(".unconfirmed")).to_contain_text("Your address is not confirmed yet.")
    (confirm,) = await received(mail_sink, 1)
    await page.goto(mailed_path(confirm))
    await expect(page.locator(".flash-info")).to_have_text("Your address alice@example.com is confirmed.")
    await expect(page.locator(".unconfirmed")).to_have_count(0)
    await page.get_by_role("button", name="Log out").click()
    await page.get_by_role("link", name="Log in").first.click()

    await page.get_by_role("link", name="Forgot your password?").click()
    await page.get_by_label("Email").fill("alice@example.com")
    await shoot(page, "password-reset-en")
    await page.get_by_role("button", name="Mail me a link").click()
    await expect(page.locator(".flash-info")).to_contain_text("A link to choose a new password is on its way")

    _, mail = await received(mail_sink, 2)
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


async def test_change_the_address_through_the_mailed_link_and_the_old_one_is_told(page, sender, mail_sink, shoot):
    await register(page)
    (confirm,) = await received(mail_sink, 1)
    await page.goto(mailed_path(confirm))

    await page.get_by_role("link", name="Account").click()
    await page.get_by_role("link", name="Change your email address").click()
    await page.get_by_label("New email address").fill("alice@new.example")
    await page.get_by_label("Current password").fill("correct horse")
    await shoot(page, "account-email-en")
    await page.get_by_role("button", name="Send a link to the new address").click()
    await expect(page.locator(".flash-info")).to_contain_text("A link to confirm alice@new.example is on its way")

    _, link = await received(mail_sink, 2)
    assert link["To"] == "alice@new.example"
    await page.goto(mailed_path(link))
    await expect(page.locator(".flash-info")).to_have_text(
        "Your address is now alice@new.example; the old one has been told."
    )
    await expect(page.locator(".profile")).to_contain_text("alice@new.example")
    *_, notice = await received(mail_sink, 3)
    assert notice["To"] == "alice@example.com"
    assert "alice@new.example" in notice.get_body(("plain",)).get_content()
