"""meet's settings: MEET_* environment variables read into the container's Configuration.

Each variable is parsed as it is read; the values meet cannot use are refused together, with
a SettingError holding one line per variable.
"""

import importlib.util
import logging
import os
import secrets
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any, TypeVar
from urllib.parse import urlsplit

from dependency_injector import providers

# authority and hosts: re-exported, so the command line splits a MongoDB URI as the adapter does.
from adapters.mongo import DRIVERS, uri_problem
from adapters.smtp import parse_smtp_url

log = logging.getLogger(__name__)

T = TypeVar("T")
STORAGES = ("mongo", "memory")
# uvloop, where it installs (not on Windows), is the faster loop; asyncio's own runs everywhere.
LOOPS = ("uvloop", "asyncio")
VERIFICATION = ("off", "optional", "mandatory")
SECRET_MIN_BYTES = 32


class SettingError(Exception):
    """Settings missing or with values meet cannot use; each of its `problems` is one line naming one."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


SECRETS = ("cookie_secret", "pepper")
MAKE_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"  # noqa: S105 (makes one, is none)


def configure(
    config: providers.Configuration,
    host: str | None = None,
    port: int | None = None,
    processes: int | None = None,
    secrets_used: tuple[str, ...] = SECRETS,
) -> None:
    """Fill `config` from the environment; the command's flags override it.

    Only the secrets a command uses (`secrets_used`) are read. Every problem is reported at once, one line each,
    in the SettingError's `problems`.
    """
    read = _Reader(config)
    debug = read("debug", "MEET_DEBUG", "0", _flag("MEET_DEBUG"))
    read("host", "MEET_HOST", "127.0.0.1", _host("MEET_HOST"))
    read("port", "MEET_PORT", "8888", _integer("MEET_PORT", 1, 65535))
    storage = read("storage", "MEET_STORAGE", STORAGES[0], _choice("MEET_STORAGE", STORAGES))
    read("mongodb_uri", "MEET_MONGODB_URI", "mongodb://127.0.0.1:27017", _mongodb_uri(storage == "mongo"))
    read("mongodb_db", "MEET_MONGODB_DB", "meet", _database_name)
    read("mongodb_driver", "MEET_MONGODB_DRIVER", DRIVERS[0], _choice("MEET_MONGODB_DRIVER", DRIVERS))
    read("mongodb_timeout", "MEET_MONGODB_TIMEOUT", "3", _integer("MEET_MONGODB_TIMEOUT", 1, 60))
    for secret in secrets_used:
        name = f"MEET_{secret.upper()}"
        read(secret, name, "", _secret(name, bool(debug)))
    read("https", "MEET_HTTPS", "0", _flag("MEET_HTTPS"))
    read("trust_proxy", "MEET_TRUST_PROXY", "0", _flag("MEET_TRUST_PROXY"))
    read("cors_origins", "MEET_CORS_ORIGINS", "", _origins)
    idle, lifetime = "MEET_SESSION_IDLE_MINUTES", "MEET_SESSION_LIFETIME_HOURS"
    read("session_idle_minutes", idle, "120", _integer(idle, 1, 60 * 24 * 30))
    read("session_lifetime_hours", lifetime, "24", _integer(lifetime, 1, 24 * 90))
    read("bcrypt_rounds", "MEET_BCRYPT_ROUNDS", "12", _integer("MEET_BCRYPT_ROUNDS", 4, 31))
    read("captcha_answer", "MEET_CAPTCHA", "image", _captcha)
    config.hash_threads.from_value(os.cpu_count() or 1)
    read("log_format", "MEET_LOG_FORMAT", "text", _choice("MEET_LOG_FORMAT", ("text", "json")))
    read("loop", "MEET_LOOP", LOOPS[0] if _installed("uvloop") else LOOPS[1], _loop)
    read("processes", "MEET_PROCESSES", "1", _processes_for(storage))
    smtp = read("smtp_url", "MEET_SMTP_URL", "", _smtp_url)
    # Links in mail are built from the public address, never from a request's Host header, which a client forges.
    needed = bool(smtp) and not debug
    read("mail_from", "MEET_MAIL_FROM", "", _mail_from(needed))
    read("public_url", "MEET_PUBLIC_URL", "", _public_url(needed))
    read("email_verification", "MEET_EMAIL_VERIFICATION", "optional" if smtp else "off", _verification(bool(smtp)))
    retry = "MEET_MAIL_RETRY_SECONDS"
    read("mail_retry_seconds", retry, "30", _integer(retry, 1, 3600))
    read.flag("processes", processes, lambda count: _processes_for(storage)(str(count)))
    read.flag("host", host, _host("--host"))
    read.flag("port", port, lambda number: number)
    if read.problems:
        raise SettingError(*read.problems)


class _Reader:
    """Reads settings into `config`, keeping every refusal instead of stopping at the first."""

    def __init__(self, config: providers.Configuration) -> None:
        self.config = config
        self.problems: list[str] = []

    def __call__(self, key: str, name: str, default: str, parse: Callable[[str], T]) -> T | None:
        try:
            getattr(self.config, key).from_env(name, default, as_=parse)
        except SettingError as error:
            self.problems.extend(error.problems)
            return None
        value: T = getattr(self.config, key)()
        return value

    def flag(self, key: str, value: object, parse: Callable[[Any], object]) -> None:
        if value is None:
            return
        try:
            getattr(self.config, key).from_value(parse(value))
        except SettingError as error:
            self.problems.extend(error.problems)


def port_number(text: str, name: str) -> int:
    return _integer(name, 1, 65535)(text)


def process_count(text: str, name: str) -> int:
    return _integer(name, 0, 64)(text)


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _loop(text: str) -> str:
    loop = _choice("MEET_LOOP", LOOPS)(text)
    if loop == "uvloop" and not _installed("uvloop"):
        raise SettingError(
            "MEET_LOOP=uvloop, but uvloop is not installed here: pip install uvloop, or MEET_LOOP=asyncio"
        )
    return loop


def _processes_for(storage: str | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        count = process_count(text, "MEET_PROCESSES (or --processes)") or os.cpu_count() or 1
        if count > 1 and storage == "memory":
            raise SettingError(
                "MEET_PROCESSES (or --processes) above 1 needs MEET_STORAGE=mongo: "
                "in memory every process would have users and sessions of its own"
            )
        return count

    return parse


def _integer(name: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
            raise SettingError(f"{name} must be a whole number from {low} to {high}, not {text!r}")
        return int(text)

    return parse


def _flag(name: str) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        if text not in ("0", "1"):
            raise SettingError(f"{name} must be 0 or 1, not {text!r}")
        return text == "1"

    return parse


def _host(name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        # Tornado takes an empty address to mean every interface; that must be asked for as 0.0.0.0.
        if not text.strip():
            raise SettingError(f"{name} must be an address to listen on, such as 127.0.0.1 or 0.0.0.0, not empty")
        return text

    return parse


def _choice(name: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in choices:
            raise SettingError(f"{name} must be one of {', '.join(choices)}, not {text!r}")
        return text

    return parse


def _secret(name: str, debug: bool) -> Callable[[str], bytes]:
    def parse(text: str) -> bytes:
        if not text and debug:
            log.warning("%s is not set: MEET_DEBUG=1 made one for this process only", name)
            return secrets.token_bytes(SECRET_MIN_BYTES)
        if len(text.encode()) < SECRET_MIN_BYTES:
            problem = "is not set" if not text else f"is shorter than {SECRET_MIN_BYTES} bytes"
            raise SettingError(
                f"{name} {problem}: set it to a random string of at least {SECRET_MIN_BYTES} bytes, "
                f"such as the output of {MAKE_SECRET}"
            )
        return text.encode()

    return parse


def _captcha(text: str) -> str | None:
    """None for the image captcha, else the answer every challenge gets."""
    answer = text.removeprefix("fixed:").strip()
    if text == "image":
        return None
    if text.startswith("fixed:") and answer:
        return answer
    raise SettingError(f"MEET_CAPTCHA must be 'image' or 'fixed:<answer>', not {text!r}")


def _smtp_url(text: str) -> str:
    if text:
        try:
            parse_smtp_url(text)
        except ValueError as error:
            raise SettingError(f"MEET_SMTP_URL: {error}") from None
    return text


def _verification(mailed: bool) -> Callable[[str], str]:
    def parse(text: str) -> str:
        text = _choice("MEET_EMAIL_VERIFICATION", VERIFICATION)(text)
        if text != "off" and not mailed:
            raise SettingError(
                f"MEET_EMAIL_VERIFICATION={text} needs MEET_SMTP_URL: the links are mailed (or set it to off)"
            )
        return text

    return parse


def _mail_from(needed: bool) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text:
            if needed:
                raise SettingError("MEET_MAIL_FROM is not set: the address mail comes from, e.g. meet@example.com")
            return "meet@localhost"
        _, address = parseaddr(text)
        if "@" not in address or any(c in text for c in "\r\n"):
            raise SettingError(
                "MEET_MAIL_FROM must be an email address, as 'meet@example.com' or 'meet <meet@example.com>', "
                f"not {text!r}"
            )
        return text

    return parse


def _public_url(needed: bool) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text:
            if needed:
                raise SettingError(
                    "MEET_PUBLIC_URL is not set: the address people reach meet at, e.g. https://meet.example; "
                    "every link in a mail is built from it"
                )
            return ""  # MEET_DEBUG or no mail: made from MEET_HOST and MEET_PORT
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise SettingError(
                f"MEET_PUBLIC_URL must be an http(s) address with no query, as https://meet.example, not {text!r}"
            )
        return text.rstrip("/")

    return parse


def _origins(text: str) -> tuple[str, ...]:
    """Comma-separated origins (scheme, host and port, nothing more) whose pages may call the JSON API with the
    visitor's cookies; never `*`, which browsers refuse with credentials anyway."""
    # Browsers send an origin's scheme and host in lower case.
    origins = tuple(origin.strip().rstrip("/").lower() for origin in text.split(",") if origin.strip())
    for origin in origins:
        if not _is_origin(origin):
            raise SettingError(
                f"MEET_CORS_ORIGINS must list origins such as https://app.example, comma-separated, not {origin!r}"
            )
    return origins


def _is_origin(text: str) -> bool:
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https") and bool(parts.hostname) and not (parts.path or parts.query or parts.fragment)
    )


def _mongodb_uri(used: bool) -> Callable[[str], str]:
    def parse(text: str) -> str:
        # The value is never echoed: a URI may carry a password.
        if used and (problem := uri_problem(text)):
            raise SettingError(f"MEET_MONGODB_URI is not a MongoDB URI: {problem}")
        return text

    return parse


def _database_name(text: str) -> str:
    if not text or len(text.encode()) > 63 or any(c in text for c in '/\\. "$\0'):
        raise SettingError(f"MEET_MONGODB_DB must be a MongoDB database name, not {text!r}")
    return text
