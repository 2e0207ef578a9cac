"""Issue 11's targets, each judged on the medians of meet's section of bench/results.json."""

from collections.abc import Callable
from dataclasses import dataclass

Medians = dict[str, float]


@dataclass(frozen=True)
class Target:
    """A figure drawn from the medians, and the threshold it must reach."""

    name: str
    measure: Callable[[Medians], float]
    comparison: str  # "≥" or "≤"
    threshold: float

    def met(self, value: float) -> bool:
        return value >= self.threshold if self.comparison == "≥" else value <= self.threshold


def _ratio(top: str, bottom: str) -> Callable[[Medians], float]:
    return lambda m: m[top] / m[bottom]


TARGETS = (
    Target("pages / bare Tornado hello, same loop", _ratio("pages_rps", "hello_rps"), "≥", 0.6),
    Target("pages / FastAPI peer's pages", _ratio("pages_rps", "fastapi_pages_rps"), "≥", 1.0),
    Target("logins / raw bcrypt, 1 process", _ratio("logins_per_s", "bcrypt_checks_per_s"), "≥", 0.95),
    Target(
        "logins / raw bcrypt, one process per core", _ratio("logins_per_s_per_core", "bcrypt_checks_per_s"), "≥", 0.95
    ),
    Target("page p99 under login load, ms", lambda m: m["page_p99_ms"], "≤", 10),
    Target("peak RSS of one process, MB", lambda m: m["peak_rss_mb"], "≤", 60),
    Target("pages, one process per core / 1 process", _ratio("pages_rps_per_core", "pages_rps"), "≥", 1.8),
)


def medians(section: dict) -> Medians:
    return {name: figure["median"] for name, figure in section["measures"].items()}


def verdicts(section: dict) -> list[tuple[Target, float, bool]]:
    """Each target with its value and whether it is met."""
    m = medians(section)
    return [(target, value, target.met(value)) for target in TARGETS for value in [target.measure(m)]]


def line(target: Target, value: float, met: bool) -> str:
    """`ok` or `SHORT`, the value and the threshold."""
    return f"{'ok' if met else 'SHORT':5} {target.name}: {value:.3g} (target {target.comparison} {target.threshold:g})"
