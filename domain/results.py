"""The closed set of outcomes the use cases return; expected outcomes are values, not exceptions."""

from dataclasses import dataclass

from domain.errors import InvalidField
from domain.model import Email, Session, User
from domain.passkeys import Passkey


@dataclass(frozen=True)
class Created:
    user: User


@dataclass(frozen=True)
class Registered:
    user: User
    session: Session


@dataclass(frozen=True)
class AwaitingVerification:
    """Registered where addresses must be verified: a link was mailed, and nobody is signed in until it is followed."""

    user: User


@dataclass(frozen=True)
class NotVerified:
    """The right password, but the address is not verified where it must be: no session."""

    user: User
    resend: str
    """The secret of a short-lived link that asks for the verification mail again, for a person with no session."""


@dataclass(frozen=True)
class EmailVerified:
    user: User


@dataclass(frozen=True)
class VerificationSent:
    """A new verification link was mailed."""

    user: User


@dataclass(frozen=True)
class AlreadyVerified:
    pass


@dataclass(frozen=True)
class SessionList:
    user: User
    sessions: tuple[Session, ...]
    """Every live session of the user, oldest first."""
    current: str
    """The handle of the session that asked."""


@dataclass(frozen=True)
class SessionsEnded:
    count: int


@dataclass(frozen=True)
class AccountDeleted:
    user: User
    """As it was: it is stored no more."""


@dataclass(frozen=True)
class EmailChangeRequested:
    """A link to the new address was mailed: the address changes when it is followed."""

    user: User
    email: Email


@dataclass(frozen=True)
class EmailChanged:
    user: User
    """With the new address."""


@dataclass(frozen=True)
class TotpSetup:
    """A new authenticator secret to add to an app; nothing is stored until a code from the app confirms it."""

    user: User
    secret: str
    """Base32, for typing into the app."""
    uri: str
    """The otpauth:// address, for a QR code."""
    pending: str
    """The secret sealed for this user, which the setup form carries back with the code."""


@dataclass(frozen=True)
class TotpNotConfirmed:
    """The code did not confirm the new secret: the same setup again, to try with the app's next code."""

    setup: TotpSetup


@dataclass(frozen=True)
class TotpEnabled:
    user: User
    recovery_codes: tuple[str, ...]
    """Shown once: only their hashes are kept."""


@dataclass(frozen=True)
class RecoveryCodesMade:
    user: User
    recovery_codes: tuple[str, ...]


@dataclass(frozen=True)
class TwoFactorOff:
    user: User


@dataclass(frozen=True)
class TwoFactorAlreadyOn:
    user: User
    recovery_left: int
    """Recovery codes not used yet."""


@dataclass(frozen=True)
class TwoFactorNotOn:
    pass


@dataclass(frozen=True)
class SecondFactorNeeded:
    """The right password of a user with a second factor: no session until the second step is done."""

    user: User
    pending: str
    """The secret the browser keeps for the second step, for five minutes."""


@dataclass(frozen=True)
class SignInExpired:
    """No second step is pending for this browser: it expired, was done already, or began elsewhere."""


@dataclass(frozen=True)
class LoggedIn:
    user: User
    session: Session


@dataclass(frozen=True)
class TooManyAttempts:
    """Too many failures for this account or from this client: refused for a while, right password or not."""

    retry_after: int
    """Seconds until an attempt may be made again."""


@dataclass(frozen=True)
class LoggedOut:
    pass


@dataclass(frozen=True)
class ProfileUpdated:
    user: User


@dataclass(frozen=True)
class NotSignedIn:
    pass


@dataclass(frozen=True)
class Imported:
    user: User
    dropped: tuple[str, ...] = ()
    """The profile fields left empty because meet refuses what the tutorial had stored there."""


@dataclass(frozen=True)
class AlreadyImported:
    pass


@dataclass(frozen=True)
class UnknownUser:
    pass


@dataclass(frozen=True)
class PasswordSet:
    user: User


@dataclass(frozen=True)
class Unlocked:
    user: User


@dataclass(frozen=True)
class UsernameTaken:
    pass


@dataclass(frozen=True)
class UsernameLookalike:
    """Another user's name looks the same (one skeleton, Unicode TR39): refused, so no one can pass for them."""


@dataclass(frozen=True)
class EmailTaken:
    pass


@dataclass(frozen=True)
class InvalidFields:
    """Every refused field of a form at once, in the form's order; nothing was looked up or stored."""

    fields: tuple[InvalidField, ...]


@dataclass(frozen=True)
class InvalidCredentials:
    """Unknown user or wrong password: deliberately one outcome."""

    locked: bool = False
    """This failure locked the name for a while (for the logs; the visitor sees the same page)."""


@dataclass(frozen=True)
class ResetRequested:
    """A reset was asked for: the answer is the same whether or not anyone has the address."""


@dataclass(frozen=True)
class ResetLinkWorks:
    user: User


@dataclass(frozen=True)
class InvalidLink:
    """A mailed link that is unknown, used, expired, or made before the password last changed."""


@dataclass(frozen=True)
class PasswordReset:
    user: User
    session: Session


@dataclass(frozen=True)
class PasswordChanged:
    user: User


Conflict = UsernameTaken | UsernameLookalike | EmailTaken
CreateResult = Created | InvalidFields | Conflict
RegisterResult = Registered | AwaitingVerification | InvalidFields | Conflict


@dataclass(frozen=True)
class PasskeyOptions:
    """What the browser passes to navigator.credentials (JSON), with a challenge kept on the server."""

    options: str


@dataclass(frozen=True)
class PasskeyAdded:
    user: User
    passkey: Passkey


@dataclass(frozen=True)
class PasskeyRefused:
    """The browser's answer did not prove what it had to: an unknown or removed passkey, a challenge used
    or expired or made for something else, another site's origin, a bad signature, or a counter that went back."""


@dataclass(frozen=True)
class PasskeyRemoved:
    user: User
    passkey: Passkey


@dataclass(frozen=True)
class NoSuchPasskey:
    pass


@dataclass(frozen=True)
class PasskeyList:
    user: User
    passkeys: tuple[Passkey, ...]
    """Oldest first."""


LoginResult = LoggedIn | SecondFactorNeeded | NotVerified | InvalidCredentials | TooManyAttempts
SecondStepResult = LoggedIn | InvalidFields | TooManyAttempts | SignInExpired
UpdateProfileResult = ProfileUpdated | InvalidFields | NotSignedIn
SetPasswordResult = PasswordSet | InvalidFields | UnknownUser
UnlockResult = Unlocked | UnknownUser
ImportResult = Imported | AlreadyImported | InvalidFields | Conflict
RequestResetResult = ResetRequested | InvalidFields | TooManyAttempts
OpenResetLinkResult = ResetLinkWorks | InvalidLink
ResetPasswordResult = PasswordReset | InvalidFields | InvalidLink
ChangePasswordResult = PasswordChanged | InvalidFields | TooManyAttempts | NotSignedIn
VerifyEmailResult = EmailVerified | InvalidLink
ResendVerificationResult = VerificationSent | AlreadyVerified | TooManyAttempts | InvalidLink | NotSignedIn
MarkVerifiedResult = EmailVerified | AlreadyVerified | UnknownUser
ListSessionsResult = SessionList | NotSignedIn
EndSessionsResult = SessionsEnded | NotSignedIn
DeleteAccountResult = AccountDeleted | InvalidFields | TooManyAttempts | NotSignedIn
DeleteUserResult = AccountDeleted | UnknownUser
RequestEmailChangeResult = EmailChangeRequested | InvalidFields | EmailTaken | TooManyAttempts | NotSignedIn
ConfirmEmailChangeResult = EmailChanged | EmailTaken | InvalidLink
StartTotpResult = TotpSetup | TwoFactorAlreadyOn | NotSignedIn
EnableTotpResult = TotpEnabled | TotpNotConfirmed | TwoFactorAlreadyOn | NotSignedIn
DisableTwoFactorResult = TwoFactorOff | InvalidFields | TooManyAttempts | NotSignedIn
NewRecoveryCodesResult = RecoveryCodesMade | TwoFactorNotOn | InvalidFields | TooManyAttempts | NotSignedIn
ResetTwoFactorResult = TwoFactorOff | TwoFactorNotOn | UnknownUser
StartPasskeyResult = PasskeyOptions | InvalidFields | TooManyAttempts | NotSignedIn
AddPasskeyResult = PasskeyAdded | PasskeyRefused | InvalidFields | NotSignedIn
RemovePasskeyResult = PasskeyRemoved | NoSuchPasskey | NotSignedIn
ListPasskeysResult = PasskeyList | NotSignedIn
PasskeySignInResult = LoggedIn | NotVerified | PasskeyRefused
