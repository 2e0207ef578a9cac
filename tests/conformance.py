"""Every adapter and test fake satisfies its port: checked by mypy in `make lint`, never imported or run.

Ports are Protocols that adapters satisfy by shape, so nothing at run time says an adapter still
matches its port; each assignment below does, statically. A new adapter adds a line here.
"""

from concurrent.futures import Executor

from adapters.bcrypt_hasher import BcryptPasswordHasher
from adapters.bcrypt_legacy import BcryptLegacyAdopter
from adapters.captcha import AudioCaptchaGenerator, ImageCaptchaGenerator
from adapters.clock import SystemClock
from adapters.emails import EmailAddressValidator
from adapters.mail_writer import TemplateMailWriter
from adapters.memory import (
    InMemoryAttemptStore,
    InMemoryChallengeStore,
    InMemoryDatabase,
    InMemoryFactorStore,
    InMemoryOutbox,
    InMemoryPasskeyStore,
    InMemoryRequestCounter,
    InMemorySessionStore,
    InMemoryTokenStore,
    InMemoryUserRepository,
)
from adapters.mongo import (
    MongoAttemptStore,
    MongoChallengeStore,
    MongoDatabase,
    MongoFactorStore,
    MongoOutbox,
    MongoPasskeyStore,
    MongoRequestCounter,
    MongoSessionStore,
    MongoTokenStore,
    MongoUserRepository,
)
from adapters.secret_box import AesGcmSecretBox
from adapters.smtp import SmtpMailer
from adapters.totp import PyotpAuthenticator
from adapters.usernames import PrecisUsernameRules
from adapters.webauthn import PyWebAuthnCeremonies
from domain.ports import (
    AttemptStore,
    Authenticator,
    CaptchaGenerator,
    Ceremonies,
    ChallengeStore,
    Clock,
    Database,
    EmailValidator,
    FactorStore,
    LegacyHashAdopter,
    Mailer,
    MailWriter,
    Outbox,
    PasskeyStore,
    PasswordHasher,
    RequestCounter,
    SecretBox,
    SessionStore,
    TokenStore,
    UsernameRules,
    UserRepository,
)
from tests.fakes import FakeHasher, FakeLegacyAdopter, GatheringHasher, HeldHasher, ManualClock


def memory(clock: Clock) -> None:
    database: Database = InMemoryDatabase()
    users: UserRepository = InMemoryUserRepository()
    challenges: ChallengeStore = InMemoryChallengeStore(clock)
    sessions: SessionStore = InMemorySessionStore(clock)
    attempts: AttemptStore = InMemoryAttemptStore(clock)
    outbox: Outbox = InMemoryOutbox()
    tokens: TokenStore = InMemoryTokenStore(clock)
    counter: RequestCounter = InMemoryRequestCounter(clock)
    factors: FactorStore = InMemoryFactorStore()
    passkeys: PasskeyStore = InMemoryPasskeyStore()


def mongo(mongo: MongoDatabase, clock: Clock) -> None:
    database: Database = mongo
    users: UserRepository = MongoUserRepository(mongo)
    challenges: ChallengeStore = MongoChallengeStore(mongo, clock)
    sessions: SessionStore = MongoSessionStore(mongo, clock)
    attempts: AttemptStore = MongoAttemptStore(mongo, clock)
    outbox: Outbox = MongoOutbox(mongo)
    tokens: TokenStore = MongoTokenStore(mongo, clock)
    counter: RequestCounter = MongoRequestCounter(mongo)
    factors: FactorStore = MongoFactorStore(mongo)
    passkeys: PasskeyStore = MongoPasskeyStore(mongo)


def the_rest(executor: Executor) -> None:
    hasher = BcryptPasswordHasher(rounds=12, pepper=b"", executor=executor)
    hashers: PasswordHasher = hasher
    adopter: LegacyHashAdopter = BcryptLegacyAdopter(hasher)
    captchas: list[CaptchaGenerator] = [ImageCaptchaGenerator(executor), AudioCaptchaGenerator(executor)]
    emails: EmailValidator = EmailAddressValidator()
    usernames: UsernameRules = PrecisUsernameRules()
    clock: Clock = SystemClock()
    mailer: Mailer = SmtpMailer("smtp://127.0.0.1:25", "meet@localhost")
    writer: MailWriter = TemplateMailWriter("entrypoints/web/locale")
    authenticator: Authenticator = PyotpAuthenticator()
    box: SecretBox = AesGcmSecretBox(b"server secret")
    ceremonies: Ceremonies = PyWebAuthnCeremonies("localhost", "http://localhost:8888")


def fakes() -> None:
    hashers: list[PasswordHasher] = [FakeHasher(), HeldHasher(), GatheringHasher(parties=2)]
    clock: Clock = ManualClock()
    adopter: LegacyHashAdopter = FakeLegacyAdopter()
