"""A second factor: an authenticator app's codes, and recovery codes for the day the phone is lost."""

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime

from application.load_user import LoadUser
from application.throttle import LoginThrottle, PasswordConfirmation, password_confirmed
from domain.errors import InvalidField, Problem
from domain.factors import Totp, new_recovery_codes, recovery_digest
from domain.mail import new_letter
from domain.model import User
from domain.ports import (
    Authenticator,
    Clock,
    FactorStore,
    MailWriter,
    Outbox,
    PasswordHasher,
    SecretBox,
    UserRepository,
)
from domain.results import (
    DisableTwoFactorResult,
    EnableTotpResult,
    InvalidFields,
    NewRecoveryCodesResult,
    NotSignedIn,
    RecoveryCodesMade,
    StartTotpResult,
    TotpEnabled,
    TotpNotConfirmed,
    TotpSetup,
    TwoFactorAlreadyOn,
    TwoFactorNotOn,
    TwoFactorOff,
)

ISSUER = "meet"
WRONG_CODE = InvalidFields((InvalidField("code", Problem.CODE_WRONG),))


class Notices:
    """Tells the address when a second factor is turned on or off, in the user's language."""

    def __init__(self, outbox: Outbox, writer: MailWriter, clock: Clock) -> None:
        self._outbox = outbox
        self._writer = writer
        self._clock = clock

    async def send(self, template: str, user: User) -> None:
        notice = self._writer.write(template, user.language, user.email.value, username=user.username.value)
        await self._outbox.add(new_letter(notice, self._clock.now()))


class Switch:
    """Turns a user's second factors on and off, keeping their `two_step` mark set whenever they may have one,
    and tells their address."""

    def __init__(self, factors: FactorStore, users: UserRepository, notices: Notices) -> None:
        self._factors = factors
        self._users = users
        self._notices = notices

    async def on(self, user: User, totp: Totp, recovery: tuple[str, ...]) -> None:
        await self._users.set_two_step(user.id, True)
        await self._factors.turn_on(user.id, totp, recovery)
        await self._notices.send("two_factor_on", user)

    async def off(self, user: User) -> bool:
        """False when they had none (nothing is mailed)."""
        if await self._factors.get(user.id) is None:
            return False
        await self._factors.delete(user.id)
        await self._users.set_two_step(user.id, False)
        await self._notices.send("two_factor_off", user)
        return True


class StartTotp:
    """A new authenticator secret for the signed-in user to add to their app; stored only once a code confirms it."""

    def __init__(self, load_user: LoadUser, factors: FactorStore, authenticator: Authenticator, box: SecretBox) -> None:
        self._load_user = load_user
        self._factors = factors
        self._authenticator = authenticator
        self._box = box

    async def __call__(self, session_id: str | None) -> StartTotpResult:
        user = await self._load_user(session_id)
        if user is None:
            return NotSignedIn()
        if (factors := await self._factors.get(user.id)) and factors.totp:
            return TwoFactorAlreadyOn(user, len(factors.recovery))
        return totp_setup(user, self._authenticator.new_secret(), self._authenticator, self._box)


def totp_setup(user: User, secret: str, authenticator: Authenticator, box: SecretBox) -> TotpSetup:
    # Sealed with the user's id: a setup form is no use to anyone else.
    pending = base64.urlsafe_b64encode(box.seal(f"{user.id}\n{secret}")).decode()
    return TotpSetup(user, secret, authenticator.uri(secret, user.username.value, ISSUER), pending)


@dataclass(frozen=True)
class TotpConfirmation:
    session_id: str | None = field(repr=False)
    pending: str = field(default="", repr=False)
    code: str = ""


class EnableTotp:
    """Turns the authenticator on once a code from it is right, with a new set of recovery codes shown once;
    the address is told."""

    def __init__(
        self,
        load_user: LoadUser,
        factors: FactorStore,
        authenticator: Authenticator,
        box: SecretBox,
        switch: Switch,
        clock: Clock,
    ) -> None:
        self._load_user = load_user
        self._factors = factors
        self._authenticator = authenticator
        self._box = box
        self._switch = switch
        self._clock = clock

    async def __call__(self, confirmation: TotpConfirmation) -> EnableTotpResult:
        user = await self._load_user(confirmation.session_id)
        if user is None:
            return NotSignedIn()
        if (factors := await self._factors.get(user.id)) and factors.totp:
            return TwoFactorAlreadyOn(user, len(factors.recovery))
        secret = self._pending_secret(confirmation.pending, user)
        step = self._authenticator.step_of(secret, confirmation.code, self._clock.now()) if secret else None
        if secret is None or step is None:
            # The same secret again, so that the app it was added to can try its next code; a form that was
            # tampered with gets a new one.
            again = secret or self._authenticator.new_secret()
            return TotpNotConfirmed(totp_setup(user, again, self._authenticator, self._box))
        codes = new_recovery_codes()
        # The confirming code's step is spent: it cannot sign anyone in afterwards.
        totp = Totp(self._box.seal(secret), last_step=step)
        await self._switch.on(user, totp, tuple(recovery_digest(code) for code in codes))
        return TotpEnabled(user, tuple(codes))

    def _pending_secret(self, pending: str, user: User) -> str | None:
        try:
            sealed = base64.urlsafe_b64decode(pending.encode("ascii"))
        except (UnicodeEncodeError, binascii.Error, ValueError):
            return None
        opened = self._box.open(sealed)
        owner, _, secret = (opened or "").partition("\n")
        return secret if owner == user.id and secret else None


class DisableTwoFactor:
    """Removes the signed-in user's second factors once their current password is right; the address is told."""

    def __init__(
        self,
        load_user: LoadUser,
        hasher: PasswordHasher,
        throttle: LoginThrottle,
        switch: Switch,
    ) -> None:
        self._load_user = load_user
        self._hasher = hasher
        self._throttle = throttle
        self._switch = switch

    async def __call__(self, confirmation: PasswordConfirmation) -> DisableTwoFactorResult:
        user = await password_confirmed(self._load_user, self._throttle, self._hasher, confirmation)
        if not isinstance(user, User):
            return user
        await self._switch.off(user)
        return TwoFactorOff(user)


class NewRecoveryCodes:
    """A new set of recovery codes once the current password is right; the old set stops working."""

    def __init__(
        self, load_user: LoadUser, factors: FactorStore, hasher: PasswordHasher, throttle: LoginThrottle
    ) -> None:
        self._load_user = load_user
        self._factors = factors
        self._hasher = hasher
        self._throttle = throttle

    async def __call__(self, confirmation: PasswordConfirmation) -> NewRecoveryCodesResult:
        user = await password_confirmed(self._load_user, self._throttle, self._hasher, confirmation)
        if not isinstance(user, User):
            return user
        if await self._factors.get(user.id) is None:
            return TwoFactorNotOn()
        codes = new_recovery_codes()
        await self._factors.replace_recovery_codes(user.id, tuple(recovery_digest(code) for code in codes))
        return RecoveryCodesMade(user, tuple(codes))


class SecondFactor:
    """Whether a code typed at sign-in is the user's second factor: an authenticator code not used before
    (none older either), or one of their recovery codes, which then stops working."""

    def __init__(self, factors: FactorStore, authenticator: Authenticator, box: SecretBox) -> None:
        self._factors = factors
        self._authenticator = authenticator
        self._box = box

    async def check(self, user_id: str, code: str, now: datetime) -> bool:
        factors = await self._factors.get(user_id)
        if factors is None:
            return False
        if any(c.isalpha() for c in code):
            return await self._factors.use_recovery_code(user_id, recovery_digest(code))
        secret = self._box.open(factors.totp.sealed_secret) if factors.totp else None
        step = self._authenticator.step_of(secret, code, now) if secret else None
        return step is not None and await self._factors.accept_step(user_id, step)
