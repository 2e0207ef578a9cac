"""meet's settings, read from MEET_* environment variables, each refused with one line naming it."""

import logging
import os
import secrets
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

STORAGES = ("memory",)
SECRET_MIN_BYTES = 32


class SettingError(Exception):
    """A setting is missing or has a value meet cannot use; the message names it."""


def load(environ: Mapping[str, str]) -> dict[str, Any]:
    debug = _flag(environ, "MEET_DEBUG")
    captcha = environ.get("MEET_CAPTCHA", "image")
    if captcha == "image":
        captcha_answer = None
    elif captcha.startswith("fixed:") and captcha.removeprefix("fixed:").strip():
        captcha_answer = captcha.removeprefix("fixed:").strip()
    else:
        raise SettingError(f"MEET_CAPTCHA must be 'image' or 'fixed:<answer>', not {captcha!r}")
    return {
        "debug": debug,
        "host": environ.get("MEET_HOST", "127.0.0.1"),
        "port": port(environ.get("MEET_PORT", "8888"), "MEET_PORT"),
        "storage": _choice(environ, "MEET_STORAGE", STORAGES),
        "cookie_secret": _secret(environ, "MEET_COOKIE_SECRET", debug),
        "pepper": _secret(environ, "MEET_PEPPER", debug).encode(),
        "bcrypt_rounds": _integer(environ, "MEET_BCRYPT_ROUNDS", "12", 4, 31),
        "hash_threads": os.cpu_count() or 1,
        "captcha_answer": captcha_answer,
    }


def port(text: str, name: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise SettingError(f"{name} must be a port number from 1 to 65535, not {text!r}")
    return int(text)


def _flag(environ: Mapping[str, str], name: str) -> bool:
    text = environ.get(name, "0")
    if text not in ("0", "1"):
        raise SettingError(f"{name} must be 0 or 1, not {text!r}")
    return text == "1"


def _choice(environ: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    text = environ.get(name, choices[0])
    if text not in choices:
        raise SettingError(f"{name} must be one of {', '.join(choices)}, not {text!r}")
    return text


def _integer(environ: Mapping[str, str], name: str, default: str, low: int, high: int) -> int:
    text = environ.get(name, default)
    if not text.isdigit() or not low <= int(text) <= high:
        raise SettingError(f"{name} must be a whole number from {low} to {high}, not {text!r}")
    return int(text)


def _secret(environ: Mapping[str, str], name: str, debug: bool) -> str:
    text = environ.get(name, "")
    if not text and debug:
        log.warning("%s is not set: MEET_DEBUG=1 made one for this process only", name)
        return secrets.token_urlsafe(SECRET_MIN_BYTES)
    if len(text.encode()) < SECRET_MIN_BYTES:
        problem = "is not set" if not text else f"is shorter than {SECRET_MIN_BYTES} bytes"
        raise SettingError(f"{name} {problem}: set it to a random string of at least {SECRET_MIN_BYTES} bytes")
    return text
