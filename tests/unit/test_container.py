"""The container chooses a storage once: every backend provides the same names."""

from entrypoints.container import Container, MemoryStorage, MongoStorage

STORES = {"database", "users", "challenges", "sessions", "attempts"}


def test_every_storage_provides_the_same_stores():
    assert set(MemoryStorage.providers) - {"clock"} == STORES
    assert set(MongoStorage.providers) - {"clock", "config"} == STORES
    assert set(Container.providers) >= STORES
