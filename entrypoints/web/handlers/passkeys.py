"""Passkeys: the account's list, and sign-in. static/passkeys.js asks an options route for what to pass to
navigator.credentials (JSON), then posts the browser's answer in an ordinary form, answered like any other."""

from typing import assert_never
from urllib.parse import urlencode

from application.load_user import LoadUser
from application.passkeys import (
    AddPasskey,
    ListPasskeys,
    NewPasskey,
    PasskeyAnswer,
    PasskeySignIn,
    RemovePasskey,
    StartPasskey,
    StartPasskeySignIn,
)
from application.throttle import PasswordConfirmation
from domain.results import (
    InvalidFields,
    LoggedIn,
    NoSuchPasskey,
    NotSignedIn,
    NotVerified,
    PasskeyAdded,
    PasskeyList,
    PasskeyOptions,
    PasskeyRefused,
    PasskeyRemoved,
    TooManyAttempts,
)
from entrypoints.messages import key
from entrypoints.web import language
from entrypoints.web.handlers.auth import local_path
from entrypoints.web.handlers.base import BaseHandler, PageHandler


class OptionsHandler(BaseHandler):
    """Answers the script in JSON: `options` for navigator.credentials, or `redirect` to a page saying why not."""

    def options(self, given: PasskeyOptions) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(f'{{"options": {given.options}}}')

    def elsewhere(self, url: str) -> None:
        self.set_header("Cache-Control", "no-store")
        self.finish({"redirect": url})


class PasskeysHandler(PageHandler):
    """The signed-in user's passkeys, each with when it was added and last used and a way to remove it; and the
    form that adds one (its answer posted here)."""

    def initialize(self, list_passkeys: ListPasskeys, add_passkey: AddPasskey, **page: LoadUser) -> None:
        super().initialize(**page)
        self.list_passkeys = list_passkeys
        self.add_passkey = add_passkey

    async def get(self) -> None:
        match await self.list_passkeys(self.cookies.session_id()):
            case PasskeyList(_, passkeys):
                self.render_page("account_passkeys.html", passkeys=passkeys)
            case NotSignedIn():
                self.to_login("account_passkeys")
            case unexpected:
                assert_never(unexpected)

    async def post(self) -> None:
        new = NewPasskey(self.cookies.session_id(), self.field("name"), self.field("answer", strip=False))
        match await self.add_passkey(new):
            case PasskeyAdded(user, passkey) as added:
                self.event("passkey added", username=user.username.value)
                self.flash("info", key(added), name=passkey.name)
            case PasskeyRefused() as refused:
                self.event("passkey refused")
                self.flash("error", key(refused))
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), {"name": new.name}, {field.field: key(field) for field in fields})
            case NotSignedIn():
                self.to_login("account_passkeys")
                return
            case unexpected:
                assert_never(unexpected)
        self.redirect(self.reverse_url("account_passkeys"))


class AddOptionsHandler(OptionsHandler):
    """What the browser needs to make a passkey for the signed-in user, once their current password is right."""

    def initialize(self, start_passkey: StartPasskey) -> None:
        self.start_passkey = start_passkey

    async def post(self) -> None:
        confirmation = PasswordConfirmation(
            self.cookies.session_id(), self.field("current_password", strip=False), self.client()
        )
        kept = {"name": self.field("name")}
        match await self.start_passkey(confirmation):
            case PasskeyOptions() as given:
                self.options(given)
                return
            case InvalidFields(fields):
                self.flash("error", key(fields[0]), kept, {field.field: key(field) for field in fields})
            case TooManyAttempts() as refused:
                self.set_status(429)
                self.set_header("Retry-After", str(refused.retry_after))
                self.flash("error", key(refused), kept, wait=language.in_words(self.locale, refused.retry_after))
            case NotSignedIn():
                self.elsewhere(f"{self.get_login_url()}?{urlencode({'next': self.reverse_url('account_passkeys')})}")
                return
            case unexpected:
                assert_never(unexpected)
        self.elsewhere(self.reverse_url("account_passkeys"))


class RemovePasskeyHandler(PageHandler):
    def initialize(self, remove_passkey: RemovePasskey, **page: LoadUser) -> None:
        super().initialize(**page)
        self.remove_passkey = remove_passkey

    async def post(self) -> None:
        match await self.remove_passkey(self.cookies.session_id(), self.field("passkey")):
            case PasskeyRemoved(user, passkey) as removed:
                self.event("passkey removed", username=user.username.value)
                self.flash("info", key(removed), name=passkey.name)
            case NoSuchPasskey() as missing:
                self.flash("error", key(missing))
            case NotSignedIn():
                self.to_login("account_passkeys")
                return
            case unexpected:
                assert_never(unexpected)
        self.redirect(self.reverse_url("account_passkeys"))


class SignInOptionsHandler(OptionsHandler):
    """What any browser needs to sign in with one of this site's passkeys."""

    def initialize(self, start_sign_in: StartPasskeySignIn) -> None:
        self.start_sign_in = start_sign_in

    async def post(self) -> None:
        self.options(await self.start_sign_in())


class PasskeySignInHandler(BaseHandler):
    """A passkey's answer signs in whoever it belongs to, and ends a second step the browser was in."""

    def initialize(self, passkey_sign_in: PasskeySignIn) -> None:
        self.passkey_sign_in = passkey_sign_in

    async def post(self) -> None:
        target = local_path(self.field("next") or "/")
        given = PasskeyAnswer(
            answer=self.field("answer", strip=False),
            client=self.client(),
            session_id=self.cookies.session_id(),
            agent=self.agent(),
            pending=self.cookies.second_step() or "",
        )
        match await self.passkey_sign_in(given):
            case LoggedIn(user, session) as logged_in:
                self.event("login succeeded", username=user.username.value, method="passkey")
                self.cookies.end_second_step()
                self.cookies.sign_in(session)
                self.flash("info", key(logged_in), username=user.username.value)
                self.redirect(target)
            case NotVerified(user) as refused:
                self.event("login refused: address not confirmed", username=user.username.value)
                self.flash("error", key(refused))
                self.redirect(f"{self.get_login_url()}?{urlencode({'next': target})}")
            case PasskeyRefused() as refused:
                self.event("login failed: passkey refused")
                self.flash("error", key(refused))
                self.redirect(f"{self.get_login_url()}?{urlencode({'next': target})}")
            case unexpected:
                assert_never(unexpected)
