"""The one place that builds meet: configuration in, use cases out."""

import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from dependency_injector import containers, providers

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
    TutorialDatabase,
)
from adapters.secret_box import AesGcmSecretBox
from adapters.smtp import SmtpMailer
from adapters.totp import PyotpAuthenticator
from adapters.usernames import PrecisUsernameRules
from adapters.webauthn import PyWebAuthnCeremonies
from application.add_user import AddUser, OpenAccount
from application.admin import DeleteUser, ListUsers, MarkVerified, ResetTwoFactor, SetPassword, Unlock
from application.change_email import ConfirmEmailChange, RequestEmailChange
from application.change_password import ChangePassword
from application.check_health import CheckHealth
from application.create_user import CreateUser
from application.delete_account import DeleteAccount, Eraser
from application.deliver_mail import DeliverMail
from application.import_legacy import ImportLegacyUser
from application.issue_captcha import IssueCaptcha
from application.load_user import LoadUser
from application.login import Login, SecondStep, SessionStart
from application.logout import Logout
from application.passkeys import (
    AddPasskey,
    Challenges,
    ListPasskeys,
    PasskeySignIn,
    RemovePasskey,
    StartPasskey,
    StartPasskeySignIn,
)
from application.password_reset import OpenResetLink, RequestPasswordReset, ResetLinks, ResetPassword
from application.register_user import RegisterUser
from application.sessions import EndSessions, ListSessions
from application.throttle import LoginThrottle
from application.two_factor import (
    DisableTwoFactor,
    EnableTotp,
    NewRecoveryCodes,
    Notices,
    SecondFactor,
    StartTotp,
    Switch,
)
from application.update_profile import UpdateProfile
from application.verify_email import MailVerification, ResendVerification, VerifyEmail
from domain.links import RESET_LINKS, EmailVerification
from domain.mail import DeliveryPolicy
from domain.model import LoginLimits, SessionPolicy
from domain.ports import Clock


def thread_pool(workers: int, name: str, background: bool = False) -> Iterator[ThreadPoolExecutor]:
    """`background`: the threads yield the CPU to the event loop (Linux: each thread has its own nice value)."""
    pool = ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix=name, initializer=_yielding if background else None
    )
    yield pool
    pool.shutdown(cancel_futures=True)


def _yielding() -> None:
    # As nice as a thread can be: while password checks fill every core, pages still come first.
    if sys.platform == "linux":
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, 19)


TRANSLATIONS = Path(__file__).parent / "web" / "locale"


def public_address(configured: str, host: str, port: int) -> str:
    """Where people reach meet, for links in mail: MEET_PUBLIC_URL, else (debug, no mail) this server itself."""
    return configured or f"http://{host}:{port}"


def link(public_url: str, path: str) -> str:
    """A page's address in mail; entrypoints/web/app.py routes each path named here."""
    return public_url.rstrip("/") + path


def relying_party(public_url: str) -> str:
    """The WebAuthn relying party id: the host people reach meet at (a passkey works for it and its subdomains)."""
    return urlsplit(public_url).hostname or "localhost"


def origin(public_url: str) -> str:
    """Where a browser's WebAuthn answer must say it came from."""
    parts = urlsplit(public_url)
    return f"{parts.scheme}://{parts.netloc}"


def reset_links(public_url: str) -> ResetLinks:
    return ResetLinks(link(public_url, "/auth/password/new"), register=link(public_url, "/auth/register"))


class MemoryStorage(containers.DeclarativeContainer):
    """Everything in this process's memory: for tests and demos."""

    clock: providers.Dependency[Clock] = providers.Dependency()

    database = providers.Singleton(InMemoryDatabase)
    users = providers.Singleton(InMemoryUserRepository)
    challenges = providers.Singleton(InMemoryChallengeStore, clock=clock)
    sessions = providers.Singleton(InMemorySessionStore, clock=clock)
    attempts = providers.Singleton(InMemoryAttemptStore, clock=clock)
    outbox = providers.Singleton(InMemoryOutbox)
    tokens = providers.Singleton(InMemoryTokenStore, clock=clock)
    counter = providers.Singleton(InMemoryRequestCounter, clock=clock)
    factors = providers.Singleton(InMemoryFactorStore)
    passkeys = providers.Singleton(InMemoryPasskeyStore)


class MongoStorage(containers.DeclarativeContainer):
    """One MongoDB database, shared by every meet process on it."""

    config = providers.Configuration(strict=True)
    clock: providers.Dependency[Clock] = providers.Dependency()

    database = providers.Singleton(
        MongoDatabase,
        driver=config.mongodb_driver,
        uri=config.mongodb_uri,
        name=config.mongodb_db,
        timeout_seconds=config.mongodb_timeout,
    )
    users = providers.Singleton(MongoUserRepository, database=database)
    challenges = providers.Singleton(MongoChallengeStore, database=database, clock=clock)
    sessions = providers.Singleton(MongoSessionStore, database=database, clock=clock)
    attempts = providers.Singleton(MongoAttemptStore, database=database, clock=clock)
    outbox = providers.Singleton(MongoOutbox, database=database)
    tokens = providers.Singleton(MongoTokenStore, database=database, clock=clock)
    counter = providers.Singleton(MongoRequestCounter, database=database)
    factors = providers.Singleton(MongoFactorStore, database=database)
    passkeys = providers.Singleton(MongoPasskeyStore, database=database)


class Container(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)

    clock = providers.Singleton(SystemClock)
    emails = providers.Singleton(EmailAddressValidator)
    usernames = providers.Singleton(PrecisUsernameRules)
    hash_pool = providers.Resource(thread_pool, workers=config.hash_threads, name="hasher", background=True)
    hasher = providers.Singleton(
        BcryptPasswordHasher, rounds=config.bcrypt_rounds, pepper=config.pepper, executor=hash_pool
    )
    legacy_adopter = providers.Singleton(BcryptLegacyAdopter, hasher=hasher)
    # One thread draws captchas and one speaks them: a render holds the GIL nearly all the time, so more
    # threads would not draw faster, and each would keep a malloc arena of its own (RSS).
    image_pool = providers.Resource(thread_pool, workers=1, name="image-captcha", background=True)
    captcha = providers.Singleton(ImageCaptchaGenerator, executor=image_pool, answer=config.captcha_answer)
    audio_pool = providers.Resource(thread_pool, workers=1, name="audio-captcha", background=True)
    audio_captcha = providers.Singleton(AudioCaptchaGenerator, executor=audio_pool, answer=config.captcha_answer)

    # The one choice of storage: each backend's container provides the same names.
    storage = providers.Selector(
        config.storage,
        memory=providers.Container(MemoryStorage, clock=clock),
        mongo=providers.Container(MongoStorage, config=config, clock=clock),
    )
    database = storage.provided.database.call()
    users = storage.provided.users.call()
    challenges = storage.provided.challenges.call()
    sessions = storage.provided.sessions.call()
    attempts = storage.provided.attempts.call()
    outbox = storage.provided.outbox.call()
    tokens = storage.provided.tokens.call()
    counter = storage.provided.counter.call()
    factors = storage.provided.factors.call()
    passkeys = storage.provided.passkeys.call()
    # `meet import-legacy`'s source: container.tutorial_database(uri=..., name=...).
    tutorial_database = providers.Factory(TutorialDatabase, timeout_seconds=config.mongodb_timeout, clock=clock)

    session_policy = providers.Singleton(
        SessionPolicy,
        idle=providers.Factory(timedelta, minutes=config.session_idle_minutes),
        absolute=providers.Factory(timedelta, hours=config.session_lifetime_hours),
    )
    login_limits = providers.Singleton(LoginLimits)
    load_user = providers.Singleton(LoadUser, users=users, sessions=sessions, policy=session_policy, clock=clock)

    public_url = providers.Callable(public_address, config.public_url, config.host, config.port)
    mail_writer = providers.Singleton(TemplateMailWriter, translations=str(TRANSLATIONS))
    email_verification = providers.Callable(EmailVerification, config.email_verification)
    mail_verification = providers.Singleton(
        MailVerification,
        tokens=tokens,
        outbox=outbox,
        writer=mail_writer,
        page=providers.Callable(link, public_url, "/auth/verify"),
        mode=email_verification,
        clock=clock,
    )

    add_user = providers.Singleton(AddUser, users=users)
    open_account = providers.Singleton(OpenAccount, add_user=add_user, hasher=hasher, clock=clock)
    create_user = providers.Singleton(CreateUser, open_account=open_account, emails=emails, usernames=usernames)
    register_user = providers.Singleton(
        RegisterUser,
        open_account=open_account,
        verification=mail_verification,
        emails=emails,
        usernames=usernames,
        challenges=challenges,
        sessions=sessions,
        session_policy=session_policy,
        clock=clock,
    )
    login_throttle = providers.Singleton(LoginThrottle, attempts=attempts, limits=login_limits, clock=clock)
    session_start = providers.Singleton(SessionStart, sessions=sessions, policy=session_policy, clock=clock)
    login = providers.Singleton(
        Login,
        users=users,
        hasher=hasher,
        emails=emails,
        usernames=usernames,
        throttle=login_throttle,
        verification=mail_verification,
        factors=factors,
        tokens=tokens,
        start=session_start,
        clock=clock,
    )
    verify_email = providers.Singleton(VerifyEmail, users=users, tokens=tokens, clock=clock)
    resend_verification = providers.Singleton(
        ResendVerification,
        users=users,
        load_user=load_user,
        tokens=tokens,
        counter=counter,
        verification=mail_verification,
        clock=clock,
    )
    logout = providers.Singleton(Logout, sessions=sessions)
    set_password = providers.Singleton(SetPassword, users=users, usernames=usernames, hasher=hasher, sessions=sessions)
    list_users = providers.Singleton(ListUsers, users=users)
    unlock = providers.Singleton(Unlock, users=users, usernames=usernames, attempts=attempts)
    mark_verified = providers.Singleton(MarkVerified, users=users, usernames=usernames)
    eraser = providers.Singleton(
        Eraser,
        users=users,
        sessions=sessions,
        tokens=tokens,
        factors=factors,
        passkeys=passkeys,
        outbox=outbox,
        clock=clock,
    )
    delete_user = providers.Singleton(DeleteUser, users=users, usernames=usernames, eraser=eraser)
    delete_account = providers.Singleton(
        DeleteAccount, load_user=load_user, hasher=hasher, throttle=login_throttle, eraser=eraser
    )
    import_legacy_user = providers.Singleton(
        ImportLegacyUser,
        users=users,
        add_user=add_user,
        adopter=legacy_adopter,
        emails=emails,
        usernames=usernames,
    )
    list_sessions = providers.Singleton(ListSessions, load_user=load_user, sessions=sessions)
    end_sessions = providers.Singleton(EndSessions, load_user=load_user, sessions=sessions)
    update_profile = providers.Singleton(UpdateProfile, users=users, load_user=load_user)
    check_health = providers.Singleton(CheckHealth, database=database)
    # Built only when MEET_SMTP_URL is set: `meet serve` starts a sender then (entrypoints/sender.py).
    mailer = providers.Singleton(SmtpMailer, url=config.smtp_url, sender=config.mail_from)
    delivery_policy = providers.Singleton(
        DeliveryPolicy, first_delay=providers.Factory(timedelta, seconds=config.mail_retry_seconds)
    )
    deliver_mail = providers.Singleton(DeliverMail, outbox=outbox, mailer=mailer, policy=delivery_policy, clock=clock)
    request_reset = providers.Singleton(
        RequestPasswordReset,
        users=users,
        emails=emails,
        tokens=tokens,
        counter=counter,
        outbox=outbox,
        writer=mail_writer,
        links=providers.Callable(reset_links, public_url),
        policy=providers.Object(RESET_LINKS),
        clock=clock,
    )
    change_password = providers.Singleton(
        ChangePassword,
        users=users,
        load_user=load_user,
        hasher=hasher,
        throttle=login_throttle,
        sessions=sessions,
        outbox=outbox,
        writer=mail_writer,
        reset_page=providers.Callable(link, public_url, "/auth/password/reset"),
        clock=clock,
    )
    request_email_change = providers.Singleton(
        RequestEmailChange,
        users=users,
        load_user=load_user,
        emails=emails,
        hasher=hasher,
        throttle=login_throttle,
        tokens=tokens,
        counter=counter,
        outbox=outbox,
        writer=mail_writer,
        page=providers.Callable(link, public_url, "/account/email/confirm"),
        clock=clock,
    )
    confirm_email_change = providers.Singleton(
        ConfirmEmailChange, users=users, tokens=tokens, outbox=outbox, writer=mail_writer, clock=clock
    )
    authenticator = providers.Singleton(PyotpAuthenticator)
    secret_box = providers.Singleton(AesGcmSecretBox, server_secret=config.pepper)
    factor_notices = providers.Singleton(Notices, outbox=outbox, writer=mail_writer, clock=clock)
    factor_switch = providers.Singleton(Switch, factors=factors, users=users, notices=factor_notices)
    start_totp = providers.Singleton(
        StartTotp, load_user=load_user, factors=factors, authenticator=authenticator, box=secret_box
    )
    enable_totp = providers.Singleton(
        EnableTotp,
        load_user=load_user,
        factors=factors,
        authenticator=authenticator,
        box=secret_box,
        switch=factor_switch,
        clock=clock,
    )
    disable_two_factor = providers.Singleton(
        DisableTwoFactor, load_user=load_user, hasher=hasher, throttle=login_throttle, switch=factor_switch
    )
    new_recovery_codes = providers.Singleton(
        NewRecoveryCodes, load_user=load_user, factors=factors, hasher=hasher, throttle=login_throttle
    )
    reset_two_factor = providers.Singleton(
        ResetTwoFactor,
        users=users,
        usernames=usernames,
        switch=factor_switch,
        passkeys=passkeys,
        notices=factor_notices,
    )
    second_factor = providers.Singleton(SecondFactor, factors=factors, authenticator=authenticator, box=secret_box)
    second_step = providers.Singleton(
        SecondStep,
        users=users,
        tokens=tokens,
        throttle=login_throttle,
        second_factor=second_factor,
        start=session_start,
        clock=clock,
    )
    ceremonies = providers.Singleton(
        PyWebAuthnCeremonies,
        rp_id=providers.Callable(relying_party, public_url),
        origin=providers.Callable(origin, public_url),
    )
    passkey_challenges = providers.Singleton(Challenges, tokens=tokens, clock=clock)
    start_passkey = providers.Singleton(
        StartPasskey,
        load_user=load_user,
        hasher=hasher,
        throttle=login_throttle,
        passkeys=passkeys,
        ceremonies=ceremonies,
        challenges=passkey_challenges,
    )
    add_passkey = providers.Singleton(
        AddPasskey,
        load_user=load_user,
        passkeys=passkeys,
        ceremonies=ceremonies,
        challenges=passkey_challenges,
        notices=factor_notices,
        clock=clock,
    )
    list_passkeys = providers.Singleton(ListPasskeys, load_user=load_user, passkeys=passkeys)
    remove_passkey = providers.Singleton(RemovePasskey, load_user=load_user, passkeys=passkeys, notices=factor_notices)
    start_passkey_sign_in = providers.Singleton(
        StartPasskeySignIn, ceremonies=ceremonies, challenges=passkey_challenges
    )
    passkey_sign_in = providers.Singleton(
        PasskeySignIn,
        users=users,
        passkeys=passkeys,
        ceremonies=ceremonies,
        challenges=passkey_challenges,
        tokens=tokens,
        verification=mail_verification,
        start=session_start,
        clock=clock,
    )
    open_reset_link = providers.Singleton(OpenResetLink, tokens=tokens, users=users, clock=clock)
    reset_password = providers.Singleton(
        ResetPassword,
        users=users,
        tokens=tokens,
        hasher=hasher,
        sessions=sessions,
        attempts=attempts,
        session_policy=session_policy,
        clock=clock,
    )
    issue_captcha = providers.Singleton(IssueCaptcha, generator=captcha, challenges=challenges, clock=clock)
    issue_audio_captcha = providers.Singleton(IssueCaptcha, generator=audio_captcha, challenges=challenges, clock=clock)
