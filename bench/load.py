"""The loads: wrk on pages and on logins, and a latency probe of pages while logins run."""

import asyncio
import json
import shutil
import statistics
import subprocess
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import httpx

PAGE_CONNECTIONS = 32
LOGIN_CONNECTIONS = 8
# Each wrk thread counts the answers its script's ok() accepts, and the others, in its own Lua state;
# done() adds them up in the main one.
COUNTING = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("good")
    bad = bad + thread:get("bad")
  end
  io.write(string.format("good %d bad %d duration_us %d\\n", good, bad, summary.duration))
end
good, bad = 0, 0
function response(status, headers, body)
  if ok(status, headers) then good = good + 1 else bad = bad + 1 end
end
"""
PAGES = """
function ok(status, headers) return status >= 200 and status <= 299 end
"""
LOGINS = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = {cookie}
bodies = {{{bodies}}}
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end
function ok(status, headers)
  if status ~= 302 and status ~= 303 then return false end
  for name, value in pairs(headers) do
    if string.lower(name) == "location" then
      local path = string.gsub(value, "^%a[%w+.-]*://[^/]*", "")
      return string.gsub(path, "[?#].*$", "") == "/"
    end
  end
  return false
end
"""


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk; make does)")


def wrk(url: str, script: Path, seconds: float, connections: int) -> tuple[int, float]:
    """Run wrk with `script` (built on COUNTING): the answers its ok() accepts and the duration in seconds.

    Any other answer fails the run: the users' passwords are right and every page should load.
    """
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    last = out.strip().splitlines()[-1].split()
    if last[:1] != ["good"]:
        raise RuntimeError(f"wrk on {url} printed no count:\n{out}")
    good, bad, duration = int(last[1]), int(last[3]), int(last[5]) / 1e6
    if bad:
        raise RuntimeError(f"{bad} of {good + bad} answers from {url} were wrong ({script.name}):\n{out}")
    return good, duration


def page_count(url: str, scratch: Path, seconds: float) -> tuple[int, float]:
    """Pages loaded (2xx answers only) and over how many seconds."""
    script = scratch / "pages.lua"
    script.write_text(COUNTING + PAGES)
    return wrk(url, script, seconds, PAGE_CONNECTIONS)


def page_rate(url: str, scratch: Path, seconds: float) -> float:
    """Pages per second: 2xx answers only."""
    pages, duration = page_count(url, scratch, seconds)
    return pages / duration


def login_rate(url: str, script: Path, seconds: float) -> float:
    """Logins per second: answers redirecting to `/` only."""
    logins, duration = wrk(url, script, seconds, LOGIN_CONNECTIONS)
    return logins / duration


class HiddenInput(HTMLParser):
    """The value of the first <input> named `name`."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.value = name, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = dict(attrs)
        if tag == "input" and fields.get("name") == self.name and self.value is None:
            self.value = fields.get("value") or ""


def login_script(url: str, csrf_field: str, usernames: list[str], password: str, scratch: Path) -> Path:
    """A wrk script logging the users in, in turn, with one page's cookies and CSRF token (PEERS.md).

    In turn, because a stack may count attempts per account: five logins of one account at
    the same moment would look like an attack on it.
    """
    page = httpx.get(url + "/auth/login", timeout=30)
    page.raise_for_status()
    cookie = "; ".join(header.split(";", 1)[0].strip() for header in page.headers.get_list("set-cookie"))
    parser = HiddenInput(csrf_field)
    parser.feed(page.text)
    if parser.value is None:
        raise RuntimeError(f"{url}/auth/login has no hidden input named {csrf_field}")
    bodies = [urlencode({csrf_field: parser.value, "username": name, "password": password}) for name in usernames]
    script = scratch / "logins.lua"
    lua = LOGINS.format(cookie=json.dumps(cookie), bodies=", ".join(json.dumps(body) for body in bodies))
    script.write_text(COUNTING + lua)
    return script


async def _probe(url: str, seconds: float) -> list[float]:
    samples: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop or len(samples) < 2:
            started = time.perf_counter()
            (await client.get("/auth/login")).raise_for_status()
            samples.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.02)
    return samples


def latency_under_logins(url: str, script: Path, seconds: float) -> tuple[float, float]:
    """p50 and p99 in ms of GET /auth/login, one every 20 ms, while wrk keeps logins in flight."""
    failed: list[Exception] = []

    def logins() -> None:
        try:
            wrk(url + "/auth/login", script, seconds + 2, LOGIN_CONNECTIONS)
        except Exception as error:
            failed.append(error)

    load = threading.Thread(target=logins)
    load.start()
    time.sleep(1)
    samples = asyncio.run(_probe(url, seconds))
    load.join()
    if failed:
        raise failed[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]
