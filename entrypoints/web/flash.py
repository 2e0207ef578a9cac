"""A message left for the next page only: what happened, each refused field's own message, what was typed."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Kept values go back into the form through a cookie, and a browser silently drops one over 4 KB.
KEPT_VALUE_BYTES = 254
# The whole payload, as JSON (where a control character takes 6 bytes): the signed cookie carries it
# in base64 (4/3 of it) plus about 110 bytes, so at most about 3,110 bytes.
PAYLOAD_BYTES = 2250


@dataclass(frozen=True)
class Flash:
    kind: str
    text: str
    kept: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    """Each refused form field and its message, in the form's order: shown beside it, the first focused."""


def encode(kind: str, key: str, args: dict[str, str], fields: dict[str, str], kept: dict[str, str]) -> str:
    """The cookie's text: message keys and values only, never a message itself.

    Within PAYLOAD_BYTES: the largest kept values are left out until it fits; the message and the fields' keys stay.
    """
    clipped = {name: _clip(value, KEPT_VALUE_BYTES) for name, value in kept.items()}
    while True:
        payload = {"kind": kind, "key": key, "args": args, "fields": fields, "kept": clipped}
        text = json.dumps(payload, ensure_ascii=False)
        if len(text.encode()) <= PAYLOAD_BYTES or not clipped:
            return text
        del clipped[max(clipped, key=lambda name: len(json.dumps(clipped[name], ensure_ascii=False).encode()))]


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
