"""Which language a page speaks: ?lang= (remembered in a cookie), else the browser's Accept-Language."""

from tornado import locale
from tornado.locale import Locale

from entrypoints import messages

# What ?lang= may say, and the locale each means.
LANGUAGES = {"en": "en_US", "en_US": "en_US", "zh_CN": "zh_CN"}


def chosen(asked: str | None, remembered: str | None) -> str | None:
    """The ?lang= asked for when it is one meet speaks, else the remembered one, else None."""
    if asked in LANGUAGES:
        return asked
    return remembered if remembered in LANGUAGES else None


def locale_of(language: str | None) -> Locale | None:
    """The Tornado locale of a chosen language; None leaves it to Accept-Language."""
    return locale.get(LANGUAGES[language]) if language in LANGUAGES else None


def in_words(said_in: Locale, seconds: int) -> str:
    """How long `seconds` is, in words of the locale: "2 minutes", "2 分钟"."""
    one, many, count = messages.wait(seconds)
    return said_in.translate(one, many, count).format(n=count)
