"""Ending a sign-in in another browser from /account/sessions, in real browsers."""

from urllib.parse import urlsplit

from playwright.async_api import expect

from tests.browser.test_journey import register


async def log_in(page) -> None:
    await page.goto("/auth/login")
    await page.get_by_label("Username or email").fill("alice")
    await page.get_by_label("Password").fill("correct horse")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator(".flash-info")).to_have_text("Welcome back, alice.")


async def test_one_browser_ends_anothers_sign_in(page, shoot):
    await register(page)
    site = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    second = await page.context.browser.new_context(base_url=site)
    other = await second.new_page()
    await log_in(other)

    await page.get_by_role("link", name="Account").click()
    await page.get_by_role("link", name="Where you are signed in").click()
    await expect(page.locator(".sessions li")).to_have_count(2)
    await expect(page.locator(".sessions li").first).to_contain_text("this browser")
    await shoot(page, "sessions-en")
    await page.get_by_role("button", name="End this sign-in").click()

    await expect(page.locator(".flash-info")).to_have_text("Sign-ins ended: 1.")
    await expect(page.locator(".sessions li")).to_have_count(1)
    await other.goto("/account")
    await expect(other).to_have_url(f"{site}/auth/login?next=%2Faccount")
    await second.close()
