"""docs/latency.png: page p50 and p99 under login load for meet, the blocking meet and the peers (log scale)."""

from pathlib import Path


def latencies(results: dict) -> tuple[str, list[tuple[str, float, float]]]:
    """The run's stamp and (label, p50, p99) of each stack: the peers' section when measured, else meet's."""
    if peers := results.get("peers"):
        rows = []
        for stack in peers["stacks"]:
            m = stack["measures"]
            if "page_p99_ms" in m:
                rows.append((stack["label"], m["page_p50_ms"]["median"], m["page_p99_ms"]["median"]))
        return f"make bench-peers, {peers['date']} at {peers['commit']}", rows
    meet = results["meet"]
    m = {name: figure["median"] for name, figure in meet["measures"].items()}
    rows = [
        ("meet", m["page_p50_ms"], m["page_p99_ms"]),
        ("blocking meet", m["blocking_page_p50_ms"], m["blocking_page_p99_ms"]),
    ]
    return f"make bench, {meet['date']} at {meet['commit']}", rows


def draw(results: dict, path: Path) -> None:
    """Horizontal bars, p50 over p99, one pair a stack."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    title, rows = latencies(results)
    places = range(len(rows))
    figure, axes = pyplot.subplots(figsize=(9, 0.6 * len(rows) + 1.6))
    for shift, index, name, color in ((-0.2, 1, "p50", "#1b9e77"), (0.2, 2, "p99", "#d95f02")):
        values = [row[index] for row in rows]
        bars = axes.barh([p + shift for p in places], values, height=0.4, label=name, color=color)
        axes.bar_label(bars, [f"{v:g} ms" for v in values], padding=3, fontsize=8)
    axes.set_yticks(list(places), [label for label, _, _ in rows])
    axes.invert_yaxis()
    axes.set_xscale("log")
    smallest = min(min(p50, p99) for _, p50, p99 in rows)
    axes.set_xlim(left=min(1, smallest / 2), right=max(p99 for _, _, p99 in rows) * 4)
    axes.set_xlabel("GET /auth/login while logins keep the hashers busy, ms (log scale)")
    axes.set_title(title, fontsize=9)
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata={"Software": None})
    pyplot.close(figure)
