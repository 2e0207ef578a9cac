"""bench/results.json: each section (meet's, the peers') with the date, commit, loop and machine it was measured on."""

import json
import os
import platform
import statistics
import subprocess
from datetime import UTC, datetime

from bench.settings import RESULTS_OUTPUTS, ROOT, ROUNDS, RUNS, SECONDS

RESULTS = ROOT / "bench" / "results.json"
SECTIONS = ("meet", "peers", "changes")


class Runs:
    """Each measure's values, one a run, rounded as reported; the median is what counts."""

    def __init__(self) -> None:
        self.values: dict[str, list[float]] = {}

    def add(self, measure: str, value: float, digits: int = 0) -> None:
        self.values.setdefault(measure, []).append(round(value, digits) if digits else round(value))

    def medians(self) -> dict[str, dict[str, object]]:
        return {name: {"median": statistics.median(runs), "runs": runs} for name, runs in self.values.items()}


def commit() -> str:
    """The short commit, with "+dirty" when tracked files other than the harness's outputs differ from it."""
    git = ["git", "-C", str(ROOT)]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    outputs = [f":!{path}" for path in RESULTS_OUTPUTS]
    changed = subprocess.run([*git, "diff", "--quiet", "HEAD", "--", ".", *outputs], check=False).returncode
    return head.stdout.strip() + ("+dirty" if changed else "")


def stamp(loop: str) -> dict[str, object]:
    """What a section was measured on, and how."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "commit": commit(),
        "loop": loop,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "bcrypt_rounds": ROUNDS,
        "seconds_per_load": SECONDS,
        "runs": RUNS,
    }


def load() -> dict[str, dict]:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def save(section: str, data: dict) -> dict[str, dict]:
    """Write one section, keeping the other; the whole file after."""
    results = {name: kept for name, kept in load().items() if name in SECTIONS} | {section: data}
    RESULTS.write_text(dumps(results))
    return results


def dumps(value: object, depth: int = 0) -> str:
    """Indented JSON, with each measure and every other object or list of plain values on one line."""
    if not isinstance(value, dict | list) or _plain(value):
        return json.dumps(value, ensure_ascii=False) + ("\n" if depth == 0 else "")
    pad, end = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(key)}: {dumps(item, depth + 1)}" for key, item in value.items()]
        text = "{\n" + ",\n".join(items) + f"\n{end}}}"
    else:
        text = "[\n" + ",\n".join(pad + dumps(item, depth + 1) for item in value) + f"\n{end}]"
    return text + ("\n" if depth == 0 else "")


def _plain(value: dict | list) -> bool:
    """No object in it, and no list but of plain values."""
    items = value.values() if isinstance(value, dict) else value
    return not any(
        isinstance(item, dict) or (isinstance(item, list) and any(isinstance(x, dict | list) for x in item))
        for item in items
    )
