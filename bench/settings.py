"""What every benchmark run shares: where, how long a load lasts, how many runs, the users and their password."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = max(1, round(float(os.environ.get("BENCH_SECONDS", "8"))))  # wrk takes whole seconds
RUNS = 3
ROUNDS = 12
USERS = [f"bencher{n}" for n in range(16)]
PASSWORD = "correct horse battery"
CAPTCHA = "abc"
# Written by the harness after each run (bench/report.py); a change to them alone does not make a commit dirty.
RESULTS_OUTPUTS = ("bench/results.json", "README.md", "docs/performance.md", "docs/latency.png")
