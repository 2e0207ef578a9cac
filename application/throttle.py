import asyncio
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from application.load_user import LoadUser
from domain.errors import InvalidField, Problem
from domain.model import Attempts, Leaving, LoginLimits, LoginName, User
from domain.ports import AttemptStore, Clock, PasswordHasher
from domain.results import InvalidFields, NotSignedIn, TooManyAttempts

Records = dict[str, Attempts | None]
"""A login's records: its client's and its account's."""


class Admitted:
    """One login attempt let through to its password check, until its verdict is recorded."""

    def __init__(self, attempts: AttemptStore, limits: LoginLimits, clock: Clock, account: str, client: str) -> None:
        self.id = secrets.token_hex(12)
        self.account = account
        self.client = client
        self._attempts = attempts
        self._limits = limits
        self._clock = clock

    async def failed(self) -> bool:
        """Count the failure, and claim any lock it earns, before leaving flight, so that no attempt waiting
        behind this one slips in between: True when this failure locked the name."""
        now = self._clock.now()
        await self._attempts.fail(self.client, self.id, now, now + self._limits.client_window)
        account = await self._attempts.fail(self.account, self.id, now, now + self._limits.account_memory)
        lock = self._limits.account_lock(account.failures, now)
        locked = lock is not None and await self._attempts.claim_lock(self.account, now, lock)
        await self.withdrawn()
        return locked

    async def succeeded(self) -> None:
        await self._leave(Leaving.SUCCEEDED)

    async def withdrawn(self) -> None:
        """Leave flight with no verdict counted."""
        await self._leave(Leaving.WITHDRAWN)

    async def _leave(self, account: Leaving) -> None:
        await self._attempts.leave(self.id, self._clock.now(), {self.account: account, self.client: Leaving.WITHDRAWN})

    def refused_until(self, records: Records, now: datetime) -> datetime | None:
        return self._limits.refused_until(records.get(self.client), records.get(self.account), now)

    def admitted_by(self, records: Records, now: datetime) -> bool:
        return self._limits.admits(records.get(self.client), records.get(self.account), self.id, now)


class LoginThrottle:
    """Lets a login's password be checked only within the failure limits per account and per client."""

    def __init__(self, attempts: AttemptStore, limits: LoginLimits, clock: Clock) -> None:
        self._attempts = attempts
        self._limits = limits
        self._clock = clock

    async def admit(self, name: LoginName, client: str) -> Admitted | TooManyAttempts:
        """An attempt let through, or refused: by a lock or the client's limit (for as long as they last),
        or because the attempts ahead of it still had no verdict after `in_flight_wait` (for that long)."""
        now = self._clock.now()
        attempt = Admitted(self._attempts, self._limits, self._clock, name.key, f"client:{client}")
        records = await self._records(attempt)
        if until := attempt.refused_until(records, now):
            return _refused(until, now)
        keep = {attempt.client: now + self._limits.client_window, attempt.account: now + self._limits.account_memory}
        begun: Records = {**await self._attempts.begin(attempt.id, now, keep, records)}
        if (refused := await self._wait_turn(attempt, begun)) is None:
            return attempt
        await attempt.withdrawn()
        return refused

    async def _wait_turn(self, attempt: Admitted, records: Records) -> TooManyAttempts | None:
        """None once the attempt may be checked; a refusal when a lock or the client's limit comes first,
        or when the attempts ahead of it are still in flight after `in_flight_wait`."""
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + self._limits.in_flight_wait.total_seconds(), 0.01
        while True:
            now = self._clock.now()
            if until := attempt.refused_until(records, now):
                return _refused(until, now)
            if attempt.admitted_by(records, now):
                return None
            if loop.time() >= deadline:
                return TooManyAttempts(math.ceil(self._limits.in_flight_wait.total_seconds()))
            # Only attempts ahead of this one, still being checked, keep it out: wait for their verdicts.
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.2)
            records = await self._records(attempt)

    async def _records(self, attempt: Admitted) -> Records:
        return await self._attempts.get_many([attempt.client, attempt.account])


def _refused(until: datetime, now: datetime) -> TooManyAttempts:
    return TooManyAttempts(retry_after=max(1, math.ceil((until - now).total_seconds())))


async def check_current_password(
    throttle: LoginThrottle, hasher: PasswordHasher, user: User, password: str, client: str
) -> TooManyAttempts | InvalidFields | None:
    """A signed-in user's current password, typed to confirm a change: a guess at it is a login attempt on their
    name, under the login form's limits. None when it is right."""
    attempt = await throttle.admit(LoginName(username=user.username), client)
    if isinstance(attempt, TooManyAttempts):
        return attempt
    try:
        right = await hasher.verify(password, user.password_hash)
    except BaseException:
        await attempt.withdrawn()
        raise
    if not right:
        await attempt.failed()
        return InvalidFields((InvalidField("current_password", Problem.PASSWORD_WRONG),))
    await attempt.succeeded()
    return None


@dataclass(frozen=True)
class PasswordConfirmation:
    """A signed-in person's current password, typed to confirm a change to their account."""

    session_id: str | None = field(repr=False)
    current_password: str = field(default="", repr=False)
    client: str = ""
    """The client's address: a current password typed is a login attempt, under the same limits."""


async def password_confirmed(
    load_user: LoadUser, throttle: LoginThrottle, hasher: PasswordHasher, confirmation: PasswordConfirmation
) -> User | NotSignedIn | InvalidFields | TooManyAttempts:
    """The signed-in user, once the current password they typed to confirm a change is right."""
    user = await load_user(confirmation.session_id)
    if user is None:
        return NotSignedIn()
    refused = await check_current_password(throttle, hasher, user, confirmation.current_password, confirmation.client)
    return user if refused is None else refused
