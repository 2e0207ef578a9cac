"""What every benchmark run shares: where, how long a load lasts, how many runs, the users and their password."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = max(1, round(float(os.environ.get("BENCH_SECONDS", "8"))))  # wrk takes whole seconds
# Pages side by side are loaded in turns this long (bench/run.py), each server getting SECONDS in all.
TURN_SECONDS = max(1, SECONDS // 4)
# A login load lasts longer: the checks in flight when wrk stops are work done but not counted, about one
# check's time (0.27 s at cost 12) lost on each core, 2 % of an 8 s load and under 1 % of a 24 s one.
LOGIN_SECONDS = 3 * SECONDS
RUNS = 3
ROUNDS = 12
USERS = [f"bencher{n}" for n in range(16)]
PASSWORD = "correct horse battery"
CAPTCHA = "abc"
# Written by the harness after each run (bench/report.py); a change to them alone does not make a commit dirty.
RESULTS_OUTPUTS = ("bench/results.json", "README.md", "docs/performance.md", "docs/latency.png")
