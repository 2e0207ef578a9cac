"""The MongoDB adapters: the only package of meet that imports a MongoDB driver.

`client` holds the client and its bounded calls, one module per store, and `legacy` reads the
tutorial's database for `meet import-legacy`. Documents are described in docs/storage.md.
"""

from adapters.mongo.attempts import MongoAttemptStore
from adapters.mongo.challenges import MongoChallengeStore
from adapters.mongo.client import DRIVERS, MongoConnection, MongoDatabase, uri_problem
from adapters.mongo.factors import MongoFactorStore
from adapters.mongo.legacy import TutorialDatabase
from adapters.mongo.outbox import MongoOutbox
from adapters.mongo.passkeys import MongoPasskeyStore
from adapters.mongo.sessions import MongoSessionStore
from adapters.mongo.tokens import MongoRequestCounter, MongoTokenStore
from adapters.mongo.users import MongoUserRepository

__all__ = [
    "DRIVERS",
    "MongoAttemptStore",
    "MongoChallengeStore",
    "MongoConnection",
    "MongoDatabase",
    "MongoFactorStore",
    "MongoOutbox",
    "MongoPasskeyStore",
    "MongoRequestCounter",
    "MongoSessionStore",
    "MongoTokenStore",
    "MongoUserRepository",
    "TutorialDatabase",
    "uri_problem",
]
