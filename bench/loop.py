"""The event loop the benchmark runs on: MEET_LOOP, else uvloop where it installs, else asyncio."""

import asyncio
import importlib.util
import os
from collections.abc import Coroutine
from typing import Any

LOOPS = ("asyncio", "uvloop")


def name() -> str:
    """The loop's name, from MEET_LOOP or what is installed."""
    chosen = os.environ.get("MEET_LOOP", "")
    if not chosen:
        return "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    if chosen not in LOOPS:
        raise SystemExit(f"bench: MEET_LOOP must be one of {', '.join(LOOPS)}, not {chosen!r}")
    if chosen == "uvloop" and not importlib.util.find_spec("uvloop"):
        raise SystemExit("bench: MEET_LOOP=uvloop but uvloop is not installed")
    return chosen


def run(main: Coroutine[Any, Any, None]) -> None:
    """Run `main` on the chosen loop."""
    if name() == "uvloop":
        import uvloop

        uvloop.run(main)
    else:
        asyncio.run(main)
