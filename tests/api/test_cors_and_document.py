"""CORS off unless MEET_CORS_ORIGINS lists an origin, and the OpenAPI document against the routes."""

import pytest
from tornado.web import RequestHandler

from entrypoints import api
from entrypoints.api.openapi import document
from tests.api.conftest import Client

APP = "https://app.example"


async def test_no_origin_is_allowed_by_default(client):
    answer = await client.call("GET", "/me", headers={"Origin": APP})
    assert "Access-Control-Allow-Origin" not in answer.headers
    assert answer.headers["Vary"] == "Origin"


CORS = pytest.mark.settings(MEET_CORS_ORIGINS=f"{APP}, http://localhost:5173")


@CORS
async def test_a_listed_origin_may_call_with_credentials_and_no_other(site):
    async with Client(site).http as browser:
        allowed = await browser.get("/me", headers={"Origin": APP})
        assert allowed.headers["Access-Control-Allow-Origin"] == APP
        assert allowed.headers["Access-Control-Allow-Credentials"] == "true"
        assert "X-XSRFToken" in allowed.headers["Access-Control-Expose-Headers"]
        other = await browser.get("/me", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in other.headers


@CORS
async def test_a_preflight_names_the_endpoints_methods_for_a_listed_origin_only(site):
    async with Client(site).http as browser:
        asked = {"Origin": APP, "Access-Control-Request-Method": "PATCH"}
        preflight = await browser.options("/me/profile", headers=asked)
        assert preflight.status_code == 204
        assert preflight.headers["Access-Control-Allow-Methods"] == "PATCH"
        assert "X-XSRFToken" in preflight.headers["Access-Control-Allow-Headers"]
        refused = await browser.options("/me/profile", headers=asked | {"Origin": "https://evil.example"})
        assert refused.status_code == 204 and "Access-Control-Allow-Methods" not in refused.headers


def methods(handler: type[RequestHandler]) -> set[str]:
    return {m for m in ("get", "post", "patch", "put", "delete") if m in vars(handler)}


def test_the_document_has_every_route_and_method_and_nothing_else():
    paths = document()["paths"]
    assert set(paths) == {path for path, _, _ in api.ROUTES}
    for path, handler, _ in api.ROUTES:
        documented = {m for m in paths[path] if m in ("get", "post", "patch", "put", "delete")}
        assert documented == methods(handler), path


def test_every_reference_in_the_document_resolves():
    doc = document()
    schemas = doc["components"]["schemas"]

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = set(refs(doc))
    assert found and all(ref.removeprefix("#/components/schemas/") in schemas for ref in found)


async def test_the_document_is_served(client):
    served = await client.http.get("/../openapi.json")
    assert served.status_code == 200 and served.json() == document()
