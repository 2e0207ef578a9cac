"""In-memory adapters: real implementations of the ports for one process, lost when it stops."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from domain.factors import Factors, Totp
from domain.links import Token
from domain.mail import Letter
from domain.model import Attempts, Challenge, Email, InFlight, Leaving, Session, User, Username
from domain.passkeys import Passkey, counter_moves
from domain.ports import Clock
from domain.results import Conflict, EmailTaken, UsernameLookalike, UsernameTaken


class InMemoryDatabase:
    """Nothing to open or close: the dicts live in the adapters themselves."""

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def ping(self) -> bool:
        return True


class InMemoryUserRepository:
    def __init__(self) -> None:
        self._by_id: dict[str, User] = {}
        self._id_by_username: dict[str, str] = {}
        self._id_by_skeleton: dict[str, str] = {}
        self._id_by_email: dict[str, str] = {}

    async def add(self, user: User) -> Conflict | None:
        # No await from the checks to the inserts: on one event loop nothing can slip in between.
        if user.username.key in self._id_by_username:
            return UsernameTaken()
        if user.username.skeleton in self._id_by_skeleton:
            return UsernameLookalike()
        if user.email.key in self._id_by_email:
            return EmailTaken()
        self._by_id[user.id] = user
        self._id_by_username[user.username.key] = user.id
        self._id_by_skeleton[user.username.skeleton] = user.id
        self._id_by_email[user.email.key] = user.id
        return None

    async def get(self, user_id: str) -> User | None:
        return self._by_id.get(user_id)

    async def by_username(self, username: Username) -> User | None:
        return self._lookup(self._id_by_username.get(username.key))

    async def by_email(self, email: Email) -> User | None:
        return self._lookup(self._id_by_email.get(email.key))

    async def update(self, user: User) -> None:
        stored = self._by_id.get(user.id)
        if stored is not None:
            self._by_id[user.id] = replace(stored, password_hash=user.password_hash, profile=user.profile)

    async def set_language(self, user_id: str, language: str) -> None:
        stored = self._by_id.get(user_id)
        if stored is not None:
            self._by_id[user_id] = replace(stored, language=language)

    async def set_two_step(self, user_id: str, on: bool) -> None:
        stored = self._by_id.get(user_id)
        if stored is not None:
            self._by_id[user_id] = replace(stored, two_step=on)

    async def change_email(self, user_id: str, old: Email, new: Email) -> bool | EmailTaken:
        stored = self._by_id.get(user_id)
        if stored is None or stored.email.key != old.key:
            return False
        if self._id_by_email.get(new.key, user_id) != user_id:
            return EmailTaken()
        del self._id_by_email[stored.email.key]
        self._id_by_email[new.key] = user_id
        self._by_id[user_id] = replace(stored, email=new, email_verified=True)
        return True

    async def mark_verified(self, user_id: str, email: Email) -> bool:
        stored = self._by_id.get(user_id)
        if stored is None or stored.email.key != email.key:
            return False
        self._by_id[user_id] = replace(stored, email_verified=True)
        return True

    async def delete(self, user_id: str) -> None:
        user = self._by_id.pop(user_id, None)
        if user is not None:
            del self._id_by_username[user.username.key]
            del self._id_by_skeleton[user.username.skeleton]
            del self._id_by_email[user.email.key]

    async def all(self) -> list[User]:
        return sorted(self._by_id.values(), key=lambda user: user.created_at)

    def _lookup(self, user_id: str | None) -> User | None:
        return self._by_id.get(user_id) if user_id else None


class InMemoryChallengeStore:
    """Holds at most `limit` challenges; past it the oldest go first, so anonymous requests cannot fill memory."""

    def __init__(self, clock: Clock, limit: int = 100_000) -> None:
        self._clock = clock
        self._limit = limit
        # Insertion order is expiry order: every challenge lives equally long.
        self._challenges: dict[str, Challenge] = {}

    async def add(self, challenge: Challenge) -> None:
        now = self._clock.now()
        while self._challenges:
            oldest = next(iter(self._challenges.values()))
            if oldest.expires_at > now and len(self._challenges) < self._limit:
                break
            del self._challenges[oldest.id]
        self._challenges[challenge.id] = challenge

    async def take(self, challenge_id: str) -> Challenge | None:
        challenge = self._challenges.pop(challenge_id, None)
        if challenge is None or challenge.expires_at <= self._clock.now():
            return None
        return challenge


class InMemorySessionStore:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._sessions: dict[str, Session] = {}

    async def put(self, session: Session) -> None:
        now = self._clock.now()
        for ended in [s.id for s in self._sessions.values() if s.expires_at <= now]:
            del self._sessions[ended]
        self._sessions[session.id] = session

    async def get(self, session_id: str) -> Session | None:
        session = self._sessions.get(session_id)
        return session if session and session.expires_at > self._clock.now() else None

    async def renew(self, session: Session) -> None:
        if session.id in self._sessions:
            self._sessions[session.id] = session

    async def delete(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    async def for_user(self, user_id: str) -> list[Session]:
        now = self._clock.now()
        mine = [s for s in self._sessions.values() if s.user_id == user_id and s.expires_at > now]
        return sorted(mine, key=lambda session: session.created_at)

    async def delete_for_user(self, user_id: str, keep: str | None = None) -> None:
        for ended in [s.id for s in self._sessions.values() if s.user_id == user_id and s.id != keep]:
            del self._sessions[ended]


class InMemoryAttemptStore:
    """Every change is one step with no await inside: on one event loop it is atomic."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._attempts: dict[str, Attempts] = {}

    async def get_many(self, keys: list[str]) -> dict[str, Attempts | None]:
        now = self._clock.now()
        return {key: a if (a := self._attempts.get(key)) and a.forget_at > now else None for key in keys}

    async def begin(
        self, attempt_id: str, now: datetime, keep: Mapping[str, datetime], known: Mapping[str, Attempts | None]
    ) -> dict[str, Attempts]:
        """Every record is at hand: `known` is not needed."""
        records = {}
        for key, forget_at in keep.items():
            record = self._known(key, now, forget_at)
            records[key] = self._put(replace(record, in_flight=(*record.in_flight, InFlight(attempt_id, now))))
        return records

    async def fail(self, key: str, attempt_id: str, now: datetime, forget_at: datetime) -> Attempts:
        known = self._known(key, now, forget_at)
        return self._put(replace(known, failures=known.failures + 1))

    async def leave(self, attempt_id: str, now: datetime, leaving: Mapping[str, Leaving]) -> None:
        for key, how in leaving.items():
            if known := self._attempts.get(key):
                left = _without(known, attempt_id)
                self._put(replace(left, failures=0, locked_until=None) if how is Leaving.SUCCEEDED else left)

    async def claim_lock(self, key: str, now: datetime, until: datetime) -> bool:
        known = self._attempts.get(key)
        if known is None or (known.locked_until is not None and known.locked_until > now):
            return False
        self._put(replace(known, locked_until=until, forget_at=max(known.forget_at, until)))
        return True

    async def clear(self, key: str) -> None:
        self._attempts.pop(key, None)

    def _known(self, key: str, now: datetime, forget_at: datetime) -> Attempts:
        """The key's record kept at least until `forget_at`, a new one when it was forgotten."""
        known = self._attempts.get(key)
        if known is None or known.forget_at <= now:
            for forgotten in [a.key for a in self._attempts.values() if a.forget_at <= now]:
                del self._attempts[forgotten]
            return Attempts(key, 0, forget_at)
        return replace(known, forget_at=max(known.forget_at, forget_at))

    def _put(self, attempts: Attempts) -> Attempts:
        if attempts.failures == 0 and not attempts.in_flight:
            # It tells nothing: every login would otherwise leave one.
            self._attempts.pop(attempts.key, None)
        else:
            self._attempts[attempts.key] = attempts
        return attempts


class InMemoryOutbox:
    """Every change is one step with no await inside: on one event loop a letter is claimed once."""

    def __init__(self) -> None:
        self._letters: dict[str, Letter] = {}

    async def add(self, letter: Letter) -> None:
        self._letters[letter.id] = letter

    async def claim(self, now: datetime, until: datetime) -> Letter | None:
        due = [
            letter
            for letter in self._letters.values()
            if letter.next_try <= now and (letter.claimed_until is None or letter.claimed_until <= now)
        ]
        if not due:
            return None
        oldest = min(due, key=lambda letter: (letter.next_try, letter.queued_at))
        claimed = replace(oldest, claimed_until=until)
        self._letters[claimed.id] = claimed
        return claimed

    async def sent(self, letter_id: str) -> None:
        self._letters.pop(letter_id, None)

    async def retry(self, letter: Letter) -> None:
        # Only while still there: a letter dropped meanwhile (its account deleted) stays dropped.
        if stored := self._letters.get(letter.id):
            self._letters[letter.id] = replace(stored, tries=letter.tries, next_try=letter.next_try, claimed_until=None)

    async def drop_to(self, address: str, queued_by: datetime) -> int:
        key = address.casefold()
        dropped = [
            letter.id
            for letter in self._letters.values()
            if letter.message.to.casefold() == key and letter.queued_at <= queued_by
        ]
        for letter_id in dropped:
            del self._letters[letter_id]
        return len(dropped)


class InMemoryTokenStore:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._tokens: dict[str, Token] = {}

    async def add(self, token: Token) -> None:
        now = self._clock.now()
        for ended in [t.digest for t in self._tokens.values() if t.expires_at <= now]:
            del self._tokens[ended]
        self._tokens[token.digest] = token

    async def get(self, digest: str) -> Token | None:
        token = self._tokens.get(digest)
        return token if token and token.expires_at > self._clock.now() else None

    async def take(self, digest: str) -> Token | None:
        token = self._tokens.pop(digest, None)
        return token if token and token.expires_at > self._clock.now() else None

    async def delete_for_user(self, user_id: str) -> None:
        for ended in [t.digest for t in self._tokens.values() if t.user_id == user_id]:
            del self._tokens[ended]


class InMemoryRequestCounter:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counts: dict[tuple[str, datetime], int] = {}

    async def count(self, key: str, window_ends: datetime) -> int:
        now = self._clock.now()
        for ended in [window for window in self._counts if window[1] <= now]:
            del self._counts[ended]
        self._counts[key, window_ends] = self._counts.get((key, window_ends), 0) + 1
        return self._counts[key, window_ends]


def _without(attempts: Attempts, attempt_id: str) -> Attempts:
    return replace(attempts, in_flight=tuple(flight for flight in attempts.in_flight if flight.id != attempt_id))


class InMemoryFactorStore:
    """Every change is one step with no await inside: on one event loop it is atomic."""

    def __init__(self) -> None:
        self._factors: dict[str, Factors] = {}

    async def get(self, user_id: str) -> Factors | None:
        return self._factors.get(user_id)

    async def turn_on(self, user_id: str, totp: Totp, recovery: tuple[str, ...]) -> None:
        self._factors[user_id] = Factors(user_id, totp, recovery)

    async def accept_step(self, user_id: str, step: int) -> bool:
        factors = self._factors.get(user_id)
        if factors is None or factors.totp is None or factors.totp.last_step >= step:
            return False
        self._factors[user_id] = replace(factors, totp=replace(factors.totp, last_step=step))
        return True

    async def use_recovery_code(self, user_id: str, digest: str) -> bool:
        factors = self._factors.get(user_id)
        if factors is None or digest not in factors.recovery:
            return False
        left = tuple(code for code in factors.recovery if code != digest)
        self._factors[user_id] = replace(factors, recovery=left)
        return True

    async def replace_recovery_codes(self, user_id: str, recovery: tuple[str, ...]) -> None:
        factors = self._factors.get(user_id)
        if factors is not None:
            self._factors[user_id] = replace(factors, recovery=recovery)

    async def delete(self, user_id: str) -> None:
        self._factors.pop(user_id, None)


class InMemoryPasskeyStore:
    """Every change is one step with no await inside: on one event loop it is atomic."""

    def __init__(self) -> None:
        self._passkeys: dict[bytes, Passkey] = {}

    async def add(self, passkey: Passkey) -> bool:
        if passkey.id in self._passkeys:
            return False
        self._passkeys[passkey.id] = passkey
        return True

    async def get(self, credential_id: bytes) -> Passkey | None:
        return self._passkeys.get(credential_id)

    async def for_user(self, user_id: str) -> list[Passkey]:
        owned = [passkey for passkey in self._passkeys.values() if passkey.user_id == user_id]
        # Ties in the order MongoDB sorts binary ids: shorter first, then byte by byte.
        return sorted(owned, key=lambda passkey: (passkey.added_at, len(passkey.id), passkey.id))

    async def used(self, credential_id: bytes, sign_count: int, now: datetime) -> bool:
        passkey = self._passkeys.get(credential_id)
        if passkey is None or not counter_moves(passkey.sign_count, sign_count):
            return False
        self._passkeys[credential_id] = passkey.used(sign_count, now)
        return True

    async def remove(self, user_id: str, credential_id: bytes) -> Passkey | None:
        passkey = self._passkeys.get(credential_id)
        if passkey is None or passkey.user_id != user_id:
            return None
        return self._passkeys.pop(credential_id)

    async def delete_for_user(self, user_id: str) -> None:
        for credential_id in [key for key, passkey in self._passkeys.items() if passkey.user_id == user_id]:
            del self._passkeys[credential_id]
