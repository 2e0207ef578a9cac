"""Passkeys in a real browser with Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): one added
from the account page, a sign-in with it alone, and after its removal a sign-in refused."""

import pytest
from playwright.async_api import expect
from tornado.testing import bind_unused_port

from tests.browser.test_journey import register


@pytest.fixture
async def site(serve, container) -> str:
    """Reached as localhost, which is also its public address: a relying party id cannot be an IP address."""
    bound = bind_unused_port()
    public = f"http://localhost:{bound[1]}"
    container.config.public_url.from_value(public)
    await serve(container, bound)
    return public


@pytest.fixture
async def authenticator(page) -> str:
    """A platform authenticator that keeps discoverable credentials and verifies its user (as a fingerprint would)."""
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("WebAuthn.enable")
    added = await cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return added["authenticatorId"]


async def passkey_sign_in(page) -> None:
    await page.goto("/auth/login?next=/profile")
    await page.get_by_role("button", name="Sign in with a passkey").click()


async def test_add_a_passkey_sign_in_with_it_alone_then_remove_it(page, authenticator, shoot):
    await register(page)
    await page.goto("/account")
    await page.get_by_role("link", name="Passkeys").click()
    await page.get_by_label("Name").fill("This laptop")
    await page.get_by_label("Current password").fill("correct horse")
    await page.get_by_role("button", name="Add a passkey").click()
    await expect(page.locator(".flash-info")).to_have_text(
        "Your passkey “This laptop” is added; your address has been told."
    )
    await expect(page.locator("#passkeys li strong")).to_have_text(["This laptop"])
    await shoot(page, "passkeys-en")

    await page.get_by_role("button", name="Log out").click()
    await passkey_sign_in(page)
    await expect(page.locator(".flash-info")).to_have_text("Welcome back, alice.")
    await expect(page).to_have_url(f"{page.url.split('/profile')[0]}/profile")

    await page.goto("/account/passkeys")
    await page.get_by_role("button", name="Remove").click()
    await expect(page.locator("#passkeys")).to_have_text("You have no passkeys yet.")
    await page.get_by_role("button", name="Log out").click()

    await passkey_sign_in(page)
    await expect(page.locator(".flash-error")).to_have_text(
        "That passkey was not accepted; try again, or use your password."
    )
    await expect(page.locator("h1")).to_have_text("Log in")
