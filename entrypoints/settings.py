"""meet's settings: MEET_* environment variables read into the container's Configuration.

Each variable is parsed as it is read, and a value meet cannot use is refused with
a SettingError whose one line names the variable.
"""

import logging
import os
import secrets
from collections.abc import Callable

from dependency_injector import providers

from adapters.mongo import DRIVERS, uri_problem

log = logging.getLogger(__name__)

STORAGES = ("mongo", "memory")
SECRET_MIN_BYTES = 32


class SettingError(Exception):
    """A setting is missing or has a value meet cannot use; the message names it."""


def configure(
    config: providers.Configuration, host: str | None = None, port: int | None = None, processes: int | None = None
) -> None:
    """Fill `config` from the environment; `host` and `port` (the command's flags) override it."""
    config.debug.from_env("MEET_DEBUG", "0", as_=_flag("MEET_DEBUG"))
    debug = config.debug()
    config.host.from_env("MEET_HOST", "127.0.0.1", as_=_host("MEET_HOST"))
    config.port.from_env("MEET_PORT", "8888", as_=_integer("MEET_PORT", 1, 65535))
    config.storage.from_env("MEET_STORAGE", STORAGES[0], as_=_choice("MEET_STORAGE", STORAGES))
    mongo = config.storage() == "mongo"
    config.mongodb_uri.from_env("MEET_MONGODB_URI", "mongodb://127.0.0.1:27017", as_=_mongodb_uri(mongo))
    config.mongodb_db.from_env("MEET_MONGODB_DB", "meet", as_=_database_name)
    config.mongodb_driver.from_env("MEET_MONGODB_DRIVER", DRIVERS[0], as_=_choice("MEET_MONGODB_DRIVER", DRIVERS))
    config.mongodb_timeout.from_env("MEET_MONGODB_TIMEOUT", "3", as_=_integer("MEET_MONGODB_TIMEOUT", 1, 60))
    config.cookie_secret.from_env("MEET_COOKIE_SECRET", "", as_=_secret("MEET_COOKIE_SECRET", debug))
    config.pepper.from_env("MEET_PEPPER", "", as_=_secret("MEET_PEPPER", debug))
    config.https.from_env("MEET_HTTPS", "0", as_=_flag("MEET_HTTPS"))
    config.trust_proxy.from_env("MEET_TRUST_PROXY", "0", as_=_flag("MEET_TRUST_PROXY"))
    config.session_idle_minutes.from_env(
        "MEET_SESSION_IDLE_MINUTES", "120", as_=_integer("MEET_SESSION_IDLE_MINUTES", 1, 60 * 24 * 30)
    )
    config.session_lifetime_hours.from_env(
        "MEET_SESSION_LIFETIME_HOURS", "24", as_=_integer("MEET_SESSION_LIFETIME_HOURS", 1, 24 * 90)
    )
    config.bcrypt_rounds.from_env("MEET_BCRYPT_ROUNDS", "12", as_=_integer("MEET_BCRYPT_ROUNDS", 4, 31))
    config.captcha_answer.from_env("MEET_CAPTCHA", "image", as_=_captcha)
    config.hash_threads.from_value(os.cpu_count() or 1)
    config.log_format.from_env("MEET_LOG_FORMAT", "text", as_=_choice("MEET_LOG_FORMAT", ("text", "json")))
    config.processes.from_env("MEET_PROCESSES", "1", as_=_processes_for(config.storage()))
    if processes is not None:
        config.processes.from_value(_processes_for(config.storage())(str(processes)))
    if host is not None:
        config.host.from_value(_host("--host")(host))
    if port is not None:
        config.port.from_value(port)


def port_number(text: str, name: str) -> int:
    return _integer(name, 1, 65535)(text)


def process_count(text: str, name: str) -> int:
    return _integer(name, 0, 64)(text)


def _processes_for(storage: str) -> Callable[[str], int]:
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
            raise SettingError(f"{name} {problem}: set it to a random string of at least {SECRET_MIN_BYTES} bytes")
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
