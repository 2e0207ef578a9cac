"""Issue 11's targets, each judged on the medians of meet's section of bench/results.json."""

from dataclasses import dataclass

Medians = dict[str, float]


@dataclass(frozen=True)
class Target:
    """A measure's median, and the threshold it must reach."""

    name: str
    measure: str
    comparison: str  # "≥" or "≤"
    threshold: float

    def met(self, value: float) -> bool:
        return value >= self.threshold if self.comparison == "≥" else value <= self.threshold


TARGETS = (
    # A ratio is each run's own, of measures taken side by side (bench/run.py); the median of the runs is judged.
    Target("pages / bare Tornado hello, same loop", "pages_per_hello", "≥", 0.6),
    Target("pages / FastAPI peer's pages", "pages_per_fastapi", "≥", 1.0),
    Target("logins / raw bcrypt, 1 process", "logins_per_bcrypt", "≥", 0.95),
    Target("logins / raw bcrypt, one process per core", "logins_per_bcrypt_per_core", "≥", 0.95),
    Target("page p99 under login load, ms", "page_p99_ms", "≤", 10),
    Target("peak RSS of one process, MB", "peak_rss_mb", "≤", 60),
    Target("pages, one process per core / 1 process", "pages_per_core_per_process", "≥", 1.8),
)


def medians(section: dict) -> Medians:
    return {name: figure["median"] for name, figure in section["measures"].items()}


def verdicts(section: dict) -> list[tuple[Target, float, bool]]:
    """Each target with its value and whether it is met."""
    m = medians(section)
    return [(target, value, target.met(value)) for target in TARGETS for value in [m[target.measure]]]


def line(target: Target, value: float, met: bool) -> str:
    """`ok` or `SHORT`, the value and the threshold."""
    return f"{'ok' if met else 'SHORT':5} {target.name}: {value:.3g} (target {target.comparison} {target.threshold:g})"
