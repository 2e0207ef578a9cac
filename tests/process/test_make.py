"""What the Makefile installs: make run only meet and its local server, make test and make lint the test tools too."""

import shutil
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_TOOLS = {"pytest", "pytest-asyncio", "httpx", "import-linter", "ruff", "playwright"}


def planned(target: str, venv: Path) -> str:
    """The commands `make target` would run on a fresh clone (a venv that does not exist yet)."""
    return subprocess.run(
        [shutil.which("make") or "make", "-n", "-C", str(ROOT), f"VENV={venv}", target],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def names(requirements: list[str]) -> set[str]:
    return {r.split(">")[0].split("=")[0].split("[")[0].strip() for r in requirements}


def test_the_runtime_and_each_extra_hold_only_their_own():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]

    assert names(project["dependencies"]).isdisjoint(TEST_TOOLS | {"secantusdb", "aiosmtpd"})
    assert names(extras["local"]) == {"secantusdb", "aiosmtpd"}
    assert names(extras["test"]) >= TEST_TOOLS


def test_make_run_on_a_fresh_clone_installs_no_test_tool(tmp_path):
    plan = planned("run", tmp_path / ".venv")

    assert "-e '.[local]'" in plan
    installs = [line.split(" -e ")[1] for line in plan.splitlines() if " pip install " in line]
    assert installs == ["'.[local]'"]


def test_make_test_and_make_lint_install_everything_from_a_fresh_clone(tmp_path):
    for target in ("test", "lint"):
        assert "-e '.[local,test]'" in planned(target, tmp_path / ".venv")
