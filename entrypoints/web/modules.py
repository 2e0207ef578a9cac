"""UI modules: pieces of page the templates use with {% module %}."""

from functools import cache, lru_cache
from typing import Any

from tornado.template import Loader
from tornado.web import UIModule


class Field(UIModule):
    """A labelled input or textarea, with an optional hint under it; when the page's flash refused it, its own
    message stands under it too, and the first refused field takes focus."""

    def render(
        self, name: str, label: str, value: str = "", kind: str = "text", hint: str = "", **attributes: str
    ) -> bytes:
        flash = getattr(self.handler, "shown_flash", None)
        refused = flash.fields if flash else {}
        error = refused.get(name, "")
        described = " ".join(id for id, shown in [(f"{name}-hint", hint), (f"{name}-error", error)] if shown)
        first = bool(error) and next(iter(refused)) == name
        values = (name, label, value, kind, hint, error, first, described, tuple(_attributes(attributes)))
        if value or error:
            return _render(self._template(), *values)
        # A blank field (most of every form) looks the same to everyone: rendered once, not once a page.
        return _blank(self._template(), *values)

    def _template(self) -> Any:
        """The field's template, given only its own values: UIModule.render_string builds the page's whole
        namespace again for every field, which cost a tenth of a login page's time."""
        loader = _loader(self.handler.get_template_path())
        if not self.handler.settings.get("compiled_template_cache", True):
            loader.reset()  # debug: templates are read again, as Tornado does for pages
        return loader.load("modules/field.html")


@cache
def _loader(path: str) -> Loader:
    return Loader(path)


def _render(template: Any, *values: Any) -> bytes:
    names = ("name", "label", "value", "kind", "hint", "error", "first", "described", "attributes")
    return bytes(template.generate(**dict(zip(names, values, strict=True))))


_blank = lru_cache(maxsize=256)(_render)


def _attributes(attributes: dict[str, Any]) -> list[tuple[str, str]]:
    """Keyword arguments as HTML attributes: autocomplete="off", data_x -> data-x."""
    return [(key.replace("_", "-"), str(value)) for key, value in attributes.items()]
