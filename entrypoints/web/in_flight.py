"""Requests being answered, so a shutdown can let them finish."""

import asyncio


class InFlight:
    """Counts requests between their start and their end; `drained` waits until none is left."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def start(self) -> None:
        self.count += 1
        self._idle.clear()

    def end(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def drained(self, seconds: float) -> bool:
        """True when every request ended within `seconds`."""
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
        except TimeoutError:
            return False
        return True
