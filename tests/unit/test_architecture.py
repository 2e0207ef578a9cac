"""domain/ imports only the standard library; application/ only that and domain/ (import-linter checks the rest)."""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_top_levels(package: str) -> set[str]:
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(("package", "allowed"), [("domain", {"domain"}), ("application", {"domain", "application"})])
def test_the_core_imports_only_the_standard_library(package, allowed):
    outside = imported_top_levels(package) - set(sys.stdlib_module_names) - allowed
    assert not outside, f"{package}/ imports {sorted(outside)}"


def test_every_silenced_security_finding_says_why():
    unexplained = []
    for package in ["domain", "application", "adapters", "entrypoints", "scripts", "bench"]:
        for path in (ROOT / package).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"#\s*noqa:\s*S\d+", line) and not re.search(r"#\s*noqa:\s*S\d+[^#]*\(.+\)", line):
                    unexplained.append(f"{path.relative_to(ROOT)}:{number}")
    assert not unexplained, f"a '# noqa: S...' without '(why)': {unexplained}"
