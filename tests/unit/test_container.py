"""The container chooses a storage once: every backend provides the same names."""

import os
import sys
import threading

import pytest

from entrypoints.container import Container, MemoryStorage, MongoStorage, thread_pool

STORES = {
    "database",
    "users",
    "challenges",
    "sessions",
    "attempts",
    "outbox",
    "tokens",
    "counter",
    "factors",
    "passkeys",
}


def test_every_storage_provides_the_same_stores():
    assert set(MemoryStorage.providers) - {"clock"} == STORES
    assert set(MongoStorage.providers) - {"clock", "config"} == STORES
    assert set(Container.providers) >= STORES


@pytest.mark.skipif(sys.platform != "linux", reason="a nice value of each thread is Linux's")
def test_password_and_captcha_threads_leave_the_cpu_to_the_event_loop_first():
    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    background, foreground = thread_pool(1, "test", background=True), thread_pool(1, "test")
    with next(background) as low, next(foreground) as usual:
        assert (low.submit(nice).result(), usual.submit(nice).result(), nice()) == (19, nice(), nice())
