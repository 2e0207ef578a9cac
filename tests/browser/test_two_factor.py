"""Two-step sign-in in a real browser: the authenticator set up from the page (its code computed here, as the app
would), then a sign-in with the password and a code; a recovery code works once."""

from datetime import UTC, datetime

from playwright.async_api import expect

from tests.browser.test_journey import register
from tests.codes import code_at


async def password(page, next_path: str = "") -> None:
    await page.goto(f"/auth/login?next={next_path}" if next_path else "/auth/login")
    await page.get_by_label("Username or email").fill("alice")
    await page.get_by_label("Password").fill("correct horse")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("h1")).to_have_text("Second step")


async def second_step(page, code: str) -> None:
    await page.get_by_label("Code").fill(code)
    await page.get_by_role("button", name="Sign in", exact=True).click()


async def test_turn_it_on_then_sign_in_with_the_password_and_a_code(page, shoot):
    await register(page)
    await page.goto("/account")
    await page.get_by_role("link", name="Two-step sign-in").click()
    await expect(page.locator("svg.qr")).to_be_visible()
    await shoot(page, "two-step-setup-en")
    secret = (await page.locator("#totp-secret").inner_text()).replace(" ", "")
    await page.get_by_label("Code").fill(code_at(secret, datetime.now(UTC)))
    await page.get_by_role("button", name="Turn on").click()

    await expect(page.locator("#recovery-codes li")).to_have_count(10)
    recovery = await page.locator("#recovery-codes li").all_inner_texts()
    await page.get_by_role("button", name="Log out").click()

    await password(page, "/profile")
    await second_step(page, code_at(secret, datetime.now(UTC), 30))
    await expect(page.locator(".flash-info")).to_have_text("Welcome back, alice.")
    await expect(page).to_have_url(f"{page.url.split('/profile')[0]}/profile")

    await page.get_by_role("button", name="Log out").click()
    await password(page)
    await second_step(page, recovery[0])
    await expect(page.locator(".flash-info")).to_have_text("Welcome back, alice.")

    await page.get_by_role("button", name="Log out").click()
    await password(page)
    await second_step(page, recovery[0])
    await expect(page.locator("#code-error")).to_be_visible()
    await expect(page.locator("h1")).to_have_text("Second step")
