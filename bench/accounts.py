"""meet's accounts for the loads: users registered through the site, and registrations per second."""

import asyncio
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

TOKEN = re.compile(r'name="_xsrf" value="([^"]+)"')


async def _register(client: httpx.AsyncClient, token: str, username: str, password: str, captcha: str) -> bool:
    await client.get("/auth/captcha")
    form = {"_xsrf": token, "username": username, "email": f"{username}@example.com", "password": password}
    response = await client.post("/auth/register", data=form | {"captcha": captcha})
    return response.headers.get("location") == "/"


@asynccontextmanager
async def _visitor(url: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client that has opened the registration page, and the page's XSRF token."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        match = TOKEN.search((await client.get("/auth/register")).text)
        if match is None:
            raise RuntimeError(f"{url}/auth/register has no _xsrf input")
        yield client, match.group(1)


async def _register_all(url: str, usernames: list[str], password: str, captcha: str) -> None:
    for name in usernames:
        async with _visitor(url) as (client, token):
            if not await _register(client, token, name, password, captcha):
                raise RuntimeError(f"registering {name} on {url} failed")


def register(url: str, usernames: list[str], password: str, captcha: str) -> None:
    """Register each user through the site (a fresh visitor each)."""
    asyncio.run(_register_all(url, usernames, password, captcha))


async def _registrations(url: str, seconds: float, prefix: str, password: str, captcha: str, workers: int) -> float:
    done = 0
    stop = time.monotonic() + seconds

    async def worker(index: int) -> None:
        nonlocal done
        async with _visitor(url) as (client, token):
            n = 0
            while time.monotonic() < stop:
                n += 1
                done += await _register(client, token, f"{prefix}{index}x{n}", password, captcha)

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(workers)))
    return done / (time.monotonic() - started)


def registration_rate(url: str, seconds: float, prefix: str, password: str, captcha: str, workers: int = 8) -> float:
    """Registrations per second by `workers` visitors, each fetching a captcha and registering a new name."""
    return asyncio.run(_registrations(url, seconds, prefix, password, captcha, workers))
