"""docs/api.md's Python example, run as written against a live meet (its address swapped for the test's)."""

import asyncio
import re
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def example() -> str:
    (code,) = re.findall(r"```python\n(.*?)```", EXAMPLE.read_text(), re.S)
    return code


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_the_documented_python_example_runs(site):
    code = example()
    assert 'API = "http://127.0.0.1:8888/api/v1"' in code
    code = code.replace("http://127.0.0.1:8888", site)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, out.decode()
    assert out.decode().strip() == "alice"
