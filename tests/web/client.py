"""A visitor to a running meet: one cookie jar, the forms filled as a browser would."""

import html
import re

import httpx

ANSWER = "abc"  # the fixed captcha answer the web tests configure


class Visitor:
    def __init__(self, base_url: str, keep_alive: bool = True) -> None:
        """`keep_alive=False` opens a new connection for every request, as separate browsers would."""
        limits = httpx.Limits(max_keepalive_connections=None if keep_alive else 0)
        self.http = httpx.AsyncClient(base_url=base_url, follow_redirects=False, timeout=10, limits=limits)

    async def close(self) -> None:
        await self.http.aclose()

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path)

    async def post(
        self, path: str, form: dict[str, str], page: str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        """POST `form` with the XSRF token of `page` (default: `path` itself), as submitting its form would."""
        token = xsrf_token(await self.get(page or path))
        return await self.http.post(path, data={"_xsrf": token, **form}, headers=headers)

    async def register(
        self,
        username: str = "alice",
        email: str = "alice@example.com",
        password: str = "correct horse",
        new_captcha: bool = True,
        **extra: str,
    ) -> httpx.Response:
        """Fill the register form; the page's image starts a new challenge unless `new_captcha` is False."""
        page = await self.get("/auth/register")
        if new_captcha:
            await self.get("/auth/captcha")
        form = {"username": username, "email": email, "password": password, "captcha": ANSWER} | extra
        return await self.http.post("/auth/register", data={"_xsrf": xsrf_token(page), **form})

    async def login(self, username: str = "alice", password: str = "correct horse", **extra: str) -> httpx.Response:
        return await self.post("/auth/login", {"username": username, "password": password, **extra})

    async def logout(self) -> httpx.Response:
        return await self.post("/auth/logout", {}, page="/")


def xsrf_token(page: httpx.Response) -> str:
    found = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    assert found, "the page has no XSRF field"
    return found.group(1)


def flashes(page: httpx.Response) -> list[tuple[str, str]]:
    """(kind, text) of each flash message on the page."""
    found = re.findall(r'<p class="flash flash-(\w+)"[^>]*>(.*?)</p>', page.text, re.S)
    return [(kind, html.unescape(text).strip()) for kind, text in found]


def field_value(page: httpx.Response, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page.text)
    if found is None:
        return None
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""
