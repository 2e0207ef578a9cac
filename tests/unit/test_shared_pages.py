"""The pages kept for signed-out visitors: made once per key, each sent with its own XSRF field, bounded."""

from entrypoints.web.shared_pages import SharedPages


def test_a_page_is_rendered_once_and_each_visitor_gets_their_own_field():
    pages, made = SharedPages(), []

    def render(marker: str) -> bytes:
        made.append(marker)
        return f"<form>{marker}</form>".encode()

    first = pages.page(("login.html", "en_US"), render, "<input one>")
    second = pages.page(("login.html", "en_US"), render, "<input two>")

    assert (first, second) == (b"<form><input one></form>", b"<form><input two></form>")
    assert len(made) == 1


def test_each_key_has_its_own_page():
    pages = SharedPages()

    english = pages.page(("login.html", "en_US"), lambda m: b"Log in" + m.encode(), "")
    chinese = pages.page(("login.html", "zh_CN"), lambda m: "登录".encode() + m.encode(), "")

    assert (english, chinese) == (b"Log in", "登录".encode())


def test_the_least_recently_sent_page_goes_first_when_full():
    pages, made = SharedPages(size=2), []

    def render(marker: str) -> bytes:
        made.append(marker)
        return b"page"

    for key in ["a", "b", "a", "c", "a", "b"]:
        pages.page((key,), render, "")

    assert len(made) == 4  # a, b, c, then b again: c pushed b out, a was sent since


def test_the_marker_cannot_be_guessed_from_another_process():
    assert SharedPages().marker != SharedPages().marker
