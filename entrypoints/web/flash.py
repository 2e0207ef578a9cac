"""A message left for the next page only: what happened, each refused field's own message, what was typed."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Kept values go back into the form through a cookie, and a browser keeps at most 4 KB of one.
KEPT_VALUE_BYTES = 254


@dataclass(frozen=True)
class Flash:
    kind: str
    text: str
    kept: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    """Each refused form field and its message, in the form's order: shown beside it, the first focused."""


def encode(kind: str, key: str, args: dict[str, str], fields: dict[str, str], kept: dict[str, str]) -> str:
    """The cookie's text: message keys and values only, never a message itself."""
    clipped = {name: _clip(value, KEPT_VALUE_BYTES) for name, value in kept.items()}
    payload = {"kind": kind, "key": key, "args": args, "fields": fields, "kept": clipped}
    return json.dumps(payload, ensure_ascii=False)


def decode(raw: str, say: Callable[[str], str]) -> Flash | None:
    """The Flash a cookie's text describes, its keys said by `say`; None when the text is not one."""
    try:
        payload: dict[str, Any] = json.loads(raw)
        text = say(payload["key"]).format(**payload["args"])
        fields = {name: say(key) for name, key in payload["fields"].items()}
        return Flash(payload["kind"], text, dict(payload["kept"]), fields)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _clip(text: str, size: int) -> str:
    """At most `size` bytes of UTF-8, never half a character."""
    return text.encode()[:size].decode(errors="ignore")
