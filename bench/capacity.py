"""The machine's raw bcrypt capacity: the ceiling for logins per second."""

import os
import threading
import time

import bcrypt


def bcrypt_rate(rounds: int, seconds: float) -> float:
    """Checks per second with one thread per core, at `rounds`, on meet's input length (44 bytes)."""
    hashed = bcrypt.hashpw(b"x" * 44, bcrypt.gensalt(rounds))
    counts = [0] * (os.cpu_count() or 1)
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        while time.monotonic() < stop:
            bcrypt.checkpw(b"x" * 44, hashed)
            counts[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(counts))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)
