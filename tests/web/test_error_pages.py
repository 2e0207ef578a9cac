"""Error answers: a browser gets a page in the site's style and language with a way back; anything else a line."""

import re

import pytest
from dependency_injector import providers

from domain.errors import StorageUnavailable
from tests.web.client import xsrf_token

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def styled(page) -> bool:
    """The site's own page: its stylesheet, its header with the nav, and a link back home."""
    return (
        page.headers["content-type"].startswith("text/html")
        and 'rel="stylesheet"' in page.text
        and '<a class="brand" href="/">meet</a>' in page.text
        and "<nav>" in page.text
        and re.search(r'<a href="/">[^<]+</a>', page.text) is not None
    )


async def test_a_browser_gets_a_styled_404_page_with_a_way_back(visitor):
    page = await visitor.http.get("/nowhere", headers=BROWSER)

    assert page.status_code == 404
    assert styled(page)
    assert "<h1>Page not found</h1>" in page.text and "Back to the home page" in page.text


async def test_the_error_page_speaks_the_visitors_language(visitor):
    page = await visitor.http.get("/nowhere", headers=BROWSER | {"Accept-Language": "zh-CN"})

    assert '<html lang="zh-CN">' in page.text
    assert "<h1>页面不存在</h1>" in page.text and "返回首页" in page.text


async def test_a_client_that_is_not_a_browser_gets_one_plain_line(visitor):
    response = await visitor.http.get("/nowhere", headers={"Accept": "*/*"})

    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "404 Not Found: There is no page at this address.\n"


async def test_a_browser_gets_a_styled_405_page(visitor):
    page = await visitor.http.get("/auth/logout", headers=BROWSER)

    assert page.status_code == 405
    assert styled(page) and "<h1>Not allowed here</h1>" in page.text


async def test_a_browser_gets_a_styled_413_page_for_a_form_over_64_kb(visitor):
    token = xsrf_token(await visitor.get("/auth/login"))
    form = {"_xsrf": token, "username": "alice", "password": "x" * (70 * 1024)}

    page = await visitor.http.post("/auth/login", data=form, headers=BROWSER)

    assert page.status_code == 413
    assert styled(page) and "<h1>Too large</h1>" in page.text and "64 KB" in page.text


async def test_a_signed_in_visitor_keeps_the_header_on_an_error_page(visitor):
    await visitor.register()

    page = await visitor.http.get("/nowhere", headers=BROWSER)

    assert page.status_code == 404
    assert "Signed in as" in page.text and '<a href="/profile"><bdi>alice</bdi></a>' in page.text


@pytest.fixture
def storage_away(container):
    """Call it to make the database go away: a signed-out page asks nothing of it, so the visitor signs in first."""
    real = container.load_user()
    away = False

    async def load(session_id, switched_to=None):
        if away:
            raise StorageUnavailable("test: the database is away")
        return await real(session_id, switched_to)

    def leave() -> None:
        nonlocal away
        away = True

    container.load_user.override(providers.Object(load))
    yield leave
    container.load_user.reset_override()


async def test_a_browser_gets_a_styled_503_page_while_the_database_is_away(storage_away, site, visitors):
    visitor = visitors(site)
    await visitor.register()
    storage_away()

    page = await visitor.http.get("/", headers=BROWSER)
    line = await visitor.http.get("/", headers={"Accept": "*/*"})

    assert (page.status_code, page.headers["retry-after"]) == (503, "5")
    assert styled(page) and "<h1>Back in a moment</h1>" in page.text
    assert line.text == "503 Service Unavailable: The database is not answering; try again in a moment.\n"


async def test_a_missing_static_file_is_the_sites_page_too(visitor):
    page = await visitor.http.get("/static/nowhere.css", headers=BROWSER)

    assert page.status_code == 404
    assert styled(page) and "<h1>Page not found</h1>" in page.text
