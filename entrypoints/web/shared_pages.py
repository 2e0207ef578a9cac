"""Pages every signed-out visitor sees alike: rendered once per language, sent with each visitor's own XSRF field."""

import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable

Key = tuple[Hashable, ...]


class SharedPages:
    """The bytes of pages that hold nothing of one visitor but the XSRF field, which stands as a marker until sent.

    Rendering a page's template was a quarter of a login page's time (docs/performance.md). Bounded: the least
    recently sent page goes first, since a key holds what the visitor chose (a language, a `next` path).
    """

    def __init__(self, size: int = 256) -> None:
        # Random per process, so no value a visitor puts into a page can forge the marker.
        self.marker = f"<!--xsrf {secrets.token_hex(8)}-->"
        self._size = size
        self._pages: OrderedDict[Key, bytes] = OrderedDict()

    def page(self, key: Key, render: Callable[[str], bytes], xsrf_field: str) -> bytes:
        """The page `key` names, made by `render(marker)` once, with `xsrf_field` in place of the marker."""
        page = self._pages.get(key)
        if page is None:
            page = self._pages[key] = render(self.marker)
            if len(self._pages) > self._size:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(key)
        return page.replace(self.marker.encode(), xsrf_field.encode())
