"""What every use case behind a mailed link does: find the link's holder, and count requests for links."""

import math

from domain.links import LinkPolicy, Token, digest
from domain.model import Email, User
from domain.ports import Clock, RequestCounter, TokenStore, UserRepository
from domain.results import TooManyAttempts


async def holder(
    secret: str, purpose: str, tokens: TokenStore, users: UserRepository, clock: Clock
) -> tuple[Token, User] | None:
    """The link's token and the user it works for, or None when it does not work for `purpose` now."""
    token = await tokens.get(digest(secret)) if secret else None
    user = await users.get(token.user_id) if token and token.user_id else None
    if token is None or user is None or not token.works_for(purpose, user, clock.now()):
        return None
    return token, user


async def over_limit(
    counter: RequestCounter, policy: LinkPolicy, email: Email, client: str, clock: Clock
) -> TooManyAttempts | None:
    """Counts a request for a link against each of the policy's limits; past one, how long to wait."""
    now = clock.now()
    ends = policy.window_ends(now)
    for key, allowed in policy.limits(email, client):
        if await counter.count(key, ends) > allowed:
            return TooManyAttempts(max(1, math.ceil((ends - now).total_seconds())))
    return None
