"""domain/ imports only the standard library; application/ only that and domain/ (import-linter checks the rest);
every mapping of a result ends in assert_never."""

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


def ends_in_assert_never(match: ast.Match) -> bool:
    last = match.cases[-1]
    return (
        isinstance(last.pattern, ast.MatchAs)
        and last.pattern.pattern is None
        and last.pattern.name is not None
        and ast.unparse(last.body[-1]) == f"assert_never({last.pattern.name})"
    )


def test_every_match_on_a_result_ends_in_assert_never():
    """A result type that grows a case fails the type check where it is mapped, instead of falling through."""
    open_ended = []
    for package in ["entrypoints/web/handlers", "entrypoints/cli"]:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Match) and not ends_in_assert_never(node):
                    open_ended.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not open_ended, f"a match without 'case unexpected: assert_never(unexpected)': {open_ended}"
