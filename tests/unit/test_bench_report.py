"""The benchmark's blocks in README.md and docs/performance.md are what bench/report.py renders from
bench/results.json, and the targets read SHORT below their thresholds. No server, nothing timed."""

import json

from bench import record, report, targets

AGAIN = "edit bench/results.json or bench/report.py, then write the blocks again: .venv/bin/python -m bench.report"


def test_the_readme_block_is_bench_results():
    assert report.marked(report.README.read_text()) == report.readme_block(record.load()), AGAIN


def test_the_docs_block_is_bench_results():
    assert report.marked(report.DOCS.read_text()) == report.docs_block(record.load()), AGAIN


def test_a_block_differing_from_the_results_is_told_apart():
    results = record.load()
    changed = json.loads(json.dumps(results))
    changed["meet"]["measures"]["pages_rps"]["median"] += 1
    assert report.readme_block(changed) != report.readme_block(results)


def verdict(section: dict, name: str) -> bool:
    return next(verdict.met for verdict in targets.verdicts(section) if verdict.target.name == name)


def test_a_target_reads_short_below_its_threshold_and_ok_at_it():
    section = json.loads(json.dumps(record.load()["meet"]))
    measures = section["measures"]
    measures["pages_per_hello"] = {"median": 0.599, "runs": [0.599]}
    assert not verdict(section, "pages / bare Tornado hello, same loop")
    measures["pages_per_hello"]["median"] = 0.6
    assert verdict(section, "pages / bare Tornado hello, same loop")
    measures["page_p99_ms"]["median"] = 10.1
    assert not verdict(section, "page p99 under login load, ms")
    measures["page_p99_ms"]["median"] = 10
    assert verdict(section, "page p99 under login load, ms")
