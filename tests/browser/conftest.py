"""A real browser: Debian's chromium driven by Playwright, against meet on a free port (memory storage)."""

import os
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

CHROMIUM = "/usr/bin/chromium"
# Where `make screenshots` wants the pictures; unset, the tests take none.
SCREENSHOTS = os.environ.get("MEET_SCREENSHOTS")


@pytest.fixture
def storage() -> dict[str, str]:
    """One storage: the browser tests are about the pages, which the web tests check on both."""
    return {"MEET_STORAGE": "memory"}


@pytest.fixture
async def page(site):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root)", pytrace=False)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = await browser.new_context(base_url=site, viewport={"width": 420, "height": 820})
        page = await context.new_page()
        page.set_default_timeout(10_000)
        yield page
        await browser.close()


@pytest.fixture
def shoot():
    """Save a screenshot as docs/screenshots/NAME.png when MEET_SCREENSHOTS says where."""

    async def take(page, name: str) -> None:
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)

    return take
