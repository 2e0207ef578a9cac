"""bench/results.json rendered: the tables, the targets, the marked blocks of README.md and docs/performance.md.

`python -m bench.report` renders them again from bench/results.json, with the plot.
"""

import re

from bench import record, targets
from bench.settings import ROOT

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BLOCK = re.compile(re.escape(START) + "(.*?)" + re.escape(END), re.DOTALL)
CHANGES_START, CHANGES_END = "<!-- changes:start -->", "<!-- changes:end -->"
CHANGES_BLOCK = re.compile(re.escape(CHANGES_START) + "(.*?)" + re.escape(CHANGES_END), re.DOTALL)
README = ROOT / "README.md"
DOCS = ROOT / "docs" / "performance.md"
PLOT = ROOT / "docs" / "latency.png"


def number(value: float) -> str:
    """Thousands separated from 1,000; a decimal only where the figure has one."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if value >= 100 else f"{value:g}"


def stamp(section: dict) -> str:
    return (
        f"Measured {section['date']} at commit {section['commit']} on {section['cores']} cores, "
        f"Python {section['python']}, {section['loop']} loop, bcrypt cost {section['bcrypt_rounds']}, "
        f"{section['seconds_per_load']:g} s per load, median of {section['runs']} runs; "
        "the load generator shares the cores."
    )


def meet_table(section: dict) -> list[str]:
    m = targets.medians(section)
    fastapi = section["fastapi_peer"]["label"]

    def latency(who: str, prefix: str) -> str:
        return f"{who}: p50 {number(m[prefix + 'p50_ms'])} ms, p99 {number(m[prefix + 'p99_ms'])} ms"

    rows = [
        (
            "GET /auth/login, requests/s",
            number(m["pages_rps"]),
            f"bare Tornado hello: {number(m['hello_rps'])}; {fastapi}: {number(m['fastapi_pages_rps'])}",
        ),
        ("the same, one process per core", number(m["pages_rps_per_core"]), ""),
        (
            "POST /auth/login, logins/s",
            number(m["logins_per_s"]),
            f"raw bcrypt checks/s: {number(m['bcrypt_checks_per_s'])}",
        ),
        ("the same, one process per core", number(m["logins_per_s_per_core"]), ""),
        (
            "GET /auth/login while logins fill the hasher",
            latency("meet", "page_"),
            latency("blocking meet", "blocking_page_"),
        ),
        (
            "registrations/s",
            f"MongoDB {number(m['registrations_per_s_mongo'])}",
            f"memory {number(m['registrations_per_s_memory'])}",
        ),
        ("peak RSS of one meet process", f"{number(m['peak_rss_mb'])} MB", ""),
    ]
    head = ["| measure (1 process, MongoDB) | meet | side by side |", "|---|---|---|"]
    return head + [f"| {a} | {b} | {c} |" for a, b, c in rows]


def targets_table(section: dict) -> list[str]:
    lines = ["| target | value | threshold | | beside it on this machine |", "|---|---|---|---|---|"]
    for verdict in targets.verdicts(section):
        target = verdict.target
        beside = f"{target.beside[1]}: {verdict.beside:.3g}" if target.beside and verdict.beside is not None else ""
        lines.append(
            f"| {target.name} | {verdict.value:.3g} | {target.comparison} {target.threshold:g} "
            f"| {'ok' if verdict.met else 'SHORT'} | {beside} |"
        )
    return lines


def peers_table(section: dict) -> list[str]:
    lines = [
        "| stack | pages/s, 1 process | pages/s, one process per core | logins/s, 1 process | "
        "page p50 / p99 under login load | peak RSS |",
        "|---|---|---|---|---|---|",
    ]
    for stack in section["stacks"]:
        m = {name: figure["median"] for name, figure in stack["measures"].items()}

        def cell(name: str, unit: str = "", m: dict = m) -> str:
            return f"{number(m[name])}{unit}" if name in m else "-"

        latency = f"{cell('page_p50_ms')} / {cell('page_p99_ms')} ms"
        figures = [
            cell("pages_rps"),
            cell("pages_rps_per_core"),
            cell("logins_per_s"),
            latency,
            cell("peak_rss_mb", " MB"),
        ]
        lines.append(f"| {stack['label']} | " + " | ".join(figures) + " |")
    bcrypt = number(section["measures"]["bcrypt_checks_per_s"]["median"])
    return [*lines, "", f"Raw bcrypt on this machine in the same run: {bcrypt} checks/s."]


def runs_table(section: dict) -> list[str]:
    lines = ["| measure | median | runs |", "|---|---|---|"]
    for name, figure in section["measures"].items():
        lines.append(f"| {name} | {number(figure['median'])} | {', '.join(number(v) for v in figure['runs'])} |")
    return lines


def block(results: dict, plot: str, runs: bool) -> str:
    """The marked block: meet's tables and targets, then the peers' table and the plot when measured."""
    meet = results["meet"]
    parts = [f"`make bench`. {stamp(meet)}", "\n".join(meet_table(meet)), "\n".join(targets_table(meet))]
    if runs:
        parts.append("Each run of each measure:\n\n" + "\n".join(runs_table(meet)))
    if peers := results.get("peers"):
        parts += [f"`make bench-peers`. {stamp(peers)}", "\n".join(peers_table(peers))]
    parts.append(f"![Page latency under login load, log scale]({plot})")
    return "\n\n".join(parts)


def changes_table(section: dict) -> list[str]:
    """Each change of `make bench-changes` against the one before it, and what ran beside them."""
    lines = [
        "| change | commit | pages/s, 1 process | instructions a page | logins/s, 1 process a core | peak RSS, MB |",
        "|---|---|---|---|---|---|",
    ]
    before: dict[str, float] = {}
    for revision in section["revisions"]:
        m = {name: figure["median"] for name, figure in revision["measures"].items()}

        def cell(name: str, m: dict = m, before: dict = before) -> str:
            if name not in m:
                return "-"
            change = f" ({m[name] / before[name] - 1:+.0%})" if before.get(name) else ""
            return number(m[name]) + change

        cells = [cell(name) for name in ("pages_rps", "instructions_per_page", "logins_per_s_per_core", "peak_rss_mb")]
        lines.append(f"| {revision['label']} | {revision['commit']} | " + " | ".join(cells) + " |")
        before = m
    beside = {name: figure["median"] for name, figure in section["beside"].items()}
    hello = "; ".join(
        f"{name} {number(beside[f'hello_rps_{name}'])} requests/s"
        + (f", {number(beside[key])} instructions a request" if (key := f"hello_instructions_{name}") in beside else "")
        for name in ("asyncio", "uvloop")
    )
    return [
        *lines,
        "",
        f"Beside them in the same run, bare Tornado hello: {hello}. "
        f"Raw bcrypt: {number(beside['bcrypt_checks_per_s'])} checks/s.",
    ]


def changes_block(section: dict) -> str:
    stamped = (
        f"`make bench-changes`. Measured {section['date']} at commit {section['commit']} on {section['cores']} cores, "
        f"Python {section['python']}, each revision on uvloop from the one that brought it (asyncio before), "
        f"{section['seconds_per_load']:g} s per load, median of {section['runs']} runs (instructions: callgrind, "
        "one run, memory storage); in brackets, the change against the row above."
    )
    return stamped + "\n\n" + "\n".join(changes_table(section))


def readme_block(results: dict) -> str:
    return block(results, "docs/latency.png", runs=False)


def docs_block(results: dict) -> str:
    return block(results, "latency.png", runs=True)


def marked(text: str) -> str:
    """What stands between the markers."""
    found = BLOCK.search(text)
    if found is None:
        raise ValueError(f"no {START} ... {END} block")
    return found.group(1).strip("\n")


def replace(text: str, block: str) -> str:
    marked(text)
    return BLOCK.sub(lambda _: f"{START}\n{block}\n{END}", text)


def replace_changes(text: str, block: str) -> str:
    if CHANGES_BLOCK.search(text) is None:
        raise ValueError(f"no {CHANGES_START} ... {CHANGES_END} block")
    return CHANGES_BLOCK.sub(lambda _: f"{CHANGES_START}\n{block}\n{CHANGES_END}", text)


def write(results: dict) -> None:
    """Rewrite the README's and docs/performance.md's blocks, and the plot."""
    from bench import plot

    README.write_text(replace(README.read_text(), readme_block(results)))
    docs = replace(DOCS.read_text(), docs_block(results))
    if changes := results.get("changes"):
        docs = replace_changes(docs, changes_block(changes))
    DOCS.write_text(docs)
    plot.draw(results, PLOT)


if __name__ == "__main__":
    write(record.load())
