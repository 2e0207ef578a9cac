"""Mail written from Tornado templates, translated with the same table as the pages."""

from pathlib import Path

from tornado import locale
from tornado.template import Loader

from domain.mail import Message

HERE = Path(__file__).parent / "mail"

# Each mail's subject (its text and HTML parts are the templates NAME.txt and NAME.html).
SUBJECTS = {
    "reset_password": "Choose a new meet password",
    "reset_unknown": "A password reset for meet",
    "password_changed": "Your meet password was changed",
    "verify_email": "Confirm your address for meet",
    "change_email": "Confirm your new address for meet",
    "email_changed": "Your meet address was changed",
    "two_factor_on": "Two-step sign-in is on for your meet account",
    "two_factor_off": "Two-step sign-in is off for your meet account",
    "passkey_added": "A passkey was added to your meet account",
    "passkey_removed": "A passkey was removed from your meet account",
}


class TemplateMailWriter:
    def __init__(self, translations: str, templates: Path = HERE) -> None:
        """`translations`: the directory of LANGUAGE.csv tables (entrypoints/web/locale), loaded here too so that
        a command that serves no page still writes mail in Chinese."""
        locale.load_translations(translations)
        # Text is sent as it is; only the HTML part is escaped.
        self._text = Loader(str(templates), autoescape=None)
        self._html = Loader(str(templates))

    def write(self, template: str, language: str, to: str, **values: str) -> Message:
        said_in = locale.get(language)
        namespace = {"_": said_in.translate, "lang": said_in.code.replace("_", "-"), **values}
        return Message(
            to=to,
            subject=said_in.translate(SUBJECTS[template]),
            text=self._text.load(f"{template}.txt").generate(**namespace).decode(),
            html=self._html.load(f"{template}.html").generate(**namespace).decode(),
        )
