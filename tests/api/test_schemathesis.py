"""Schemathesis against a live meet: every operation of /api/openapi.json, checked for server errors, answers that
do not match the document, and status codes or content types it does not list."""

import asyncio
from pathlib import Path

import pytest

from entrypoints.api.openapi import document

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# Each would end the session the signed-in run uses; they run signed out.
ENDING = ("POST /api/v1/logout", "DELETE /api/v1/me", "POST /api/v1/me/password")
EXAMPLES = "100"
OPERATIONS = sum(
    method in ("get", "post", "patch", "delete") for item in document()["paths"].values() for method in item
)


# Its own environment, which make test builds (the Makefile says why).
SCHEMATHESIS = Path(__file__).resolve().parents[2] / ".venv" / "schemathesis" / "bin" / "schemathesis"


async def schemathesis(site: str, headers: dict[str, str], *filters: str) -> tuple[int, str]:
    if not SCHEMATHESIS.exists():
        pytest.fail(f"{SCHEMATHESIS} is missing: make test installs it from tests/api/schemathesis.txt")
    command = [str(SCHEMATHESIS), "run", f"{site}/api/openapi.json", "-c", CHECKS, "-n", EXAMPLES, "--seed", "1"]
    command += [part for name, value in headers.items() for part in ("-H", f"{name}: {value}")]
    command += ["--request-timeout", "10", *filters]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), 300)
    return process.returncode or 0, out.decode(errors="replace")


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_every_operation_answers_as_the_document_says(site, clients):
    alice = clients()
    assert (await alice.register()).status_code == 201
    # A browser of another user's (a run may end the other sessions of its own user): the cookie and its XSRF token.
    assert (await clients().register("bob", "bob@example.com")).status_code == 201
    signed_in = clients()
    answer = await signed_in.http.post("/login", json={"login": "bob", "password": "correct horse"})
    cookie = "; ".join(f"{name}={value}" for name, value in signed_in.http.cookies.items())
    browser = {"Cookie": cookie, "X-XSRFToken": answer.headers["X-XSRFToken"]}
    excluded = [part for name in ENDING for part in ("--exclude-name", name)]
    for headers in ({"Authorization": f"Bearer {alice.token}"}, browser):
        code, out = await schemathesis(site, headers, *excluded)
        assert code == 0, out
        assert f"Tested: {OPERATIONS - len(ENDING)}" in out, out
        assert "Authentication failed" not in out, out  # every signed-in operation got past 401 at least once
    included = [part for name in ENDING for part in ("--include-name", name)]
    code, out = await schemathesis(site, {}, *included)
    assert code == 0, out
    assert f"Tested: {len(ENDING)}" in out, out
    assert (await alice.call("GET", "/me")).status_code == 200, "the signed-in runs kept their sessions"
    assert (await signed_in.http.get("/me")).status_code == 200
