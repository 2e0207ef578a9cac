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
    beside: tuple[str, str] | None = None
    """A measure shown next to the value, and what it is: the same figure for what bounds it on this machine."""

    def met(self, value: float) -> bool:
        return value >= self.threshold if self.comparison == "≥" else value <= self.threshold


TARGETS = (
    # A ratio is each run's own, of measures taken side by side (bench/run.py); the median of the runs is judged.
    Target("pages / bare Tornado hello, same loop", "pages_per_hello", "≥", 0.6),
    Target("pages / FastAPI peer's pages", "pages_per_fastapi", "≥", 1.0),
    Target("logins / raw bcrypt, 1 process", "logins_per_bcrypt", "≥", 0.95, ("logins_per_bcrypt_memory", "in memory")),
    Target("logins / raw bcrypt, one process per core", "logins_per_bcrypt_per_core", "≥", 0.95),
    Target("page p99 under login load, ms", "page_p99_ms", "≤", 10),
    Target("peak RSS of one process, MB", "peak_rss_mb", "≤", 60),
    Target(
        "pages, one process per core / 1 process",
        "pages_per_core_per_process",
        "≥",
        1.8,
        ("hello_per_core_per_process", "bare Tornado's"),
    ),
)


def medians(section: dict) -> Medians:
    return {name: figure["median"] for name, figure in section["measures"].items()}


@dataclass(frozen=True)
class Verdict:
    target: Target
    value: float
    met: bool
    beside: float | None
    """The median of the target's `beside` measure, when it has one and the results hold it."""

    def line(self) -> str:
        """`ok` or `SHORT`, the value and the threshold, and what is beside it."""
        target = self.target
        text = f"{'ok' if self.met else 'SHORT':5} {target.name}: {self.value:.3g} "
        text += f"(target {target.comparison} {target.threshold:g}"
        if target.beside and self.beside is not None:
            text += f"; {target.beside[1]}: {self.beside:.3g}"
        return text + ")"


def verdicts(section: dict) -> list[Verdict]:
    """Each target with its value, whether it is met, and what is beside it."""
    m = medians(section)
    return [
        Verdict(
            target, m[target.measure], target.met(m[target.measure]), m.get(target.beside[0]) if target.beside else None
        )
        for target in TARGETS
    ]
