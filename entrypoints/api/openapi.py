"""The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json; tests/api/test_cors_and_document.py
holds it to ROUTES and the handlers' methods, and tests/api/test_schemathesis.py the answers to it."""

from typing import Any

from domain.model import PROFILE_LIMITS
from entrypoints.api.base import ApiHandler

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description} | _json(_ref("Problem"), "application/problem+json")


def _body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True} | _json(schema)


STRING = {"type": "string"}
TEXT = {"type": "string", "maxLength": 4096}
PROFILE = {
    "type": "object",
    "properties": {name: {"type": "string", "maxLength": limit} for name, limit in PROFILE_LIMITS.items()},
}
BEARER = {"type": "boolean", "description": "true: the new session's token in the answer, and no cookie"}
SIGNED_IN = _json(_ref("SignedIn"))
# What any request may be answered besides its own outcomes.
ALWAYS = {"503": _problem("The database is not answering; Retry-After says when to try again")}
# And any request with a body, or any change made with the session cookie.
WITH_BODY = {
    "400": _problem("The body is not a JSON object, or the request could not be read"),
    "403": _problem("A cookie request without its X-XSRFToken header, or with a wrong one"),
    "413": _problem("The body is over 64 KB"),
    "415": _problem("The body is not application/json"),
    "422": _problem("A field is refused; `errors` names each"),
} | ALWAYS
SIGNED_OUT = {"401": _problem("No session, or it has ended")}
LIMITED = {"429": _problem("Too many attempts; Retry-After and `retry_after` say for how long")}


def _operation(summary: str, responses: dict[str, Any], body: dict[str, Any] | None = None, **more: Any) -> dict:
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        operation["requestBody"] = body
    return operation | more


PATHS: dict[str, dict[str, Any]] = {
    "/api/v1/captcha": {
        "post": _operation(
            "A new captcha: its challenge id and its PNG image, base64",
            {"201": {"description": "The challenge"} | _json(_ref("Captcha"))} | WITH_BODY,
        )
    },
    "/api/v1/register": {
        "post": _operation(
            "Register, answering a captcha; signs in unless the address must be confirmed first",
            {
                "201": {"description": "Registered and signed in"} | SIGNED_IN,
                "202": {"description": "Registered; a link to confirm the address is mailed"} | _json(_ref("Awaiting")),
                "409": _problem("The username, or one that looks like it, or the address is taken"),
            }
            | WITH_BODY,
            _body(
                {
                    "username": TEXT,
                    "email": TEXT,
                    "password": TEXT,
                    "captcha": TEXT,
                    "challenge_id": TEXT,
                    "bearer": BEARER,
                },
                ["username", "email", "password", "captcha", "challenge_id"],
            ),
        )
    },
    "/api/v1/login": {
        "post": _operation(
            "Log in with a username or an email address and the password",
            {
                "200": {"description": "Signed in"} | SIGNED_IN,
                "202": {"description": "The password is right; the second factor is asked for"}
                | _json(_ref("SecondFactor")),
                "401": _problem("Wrong username or password"),
                "403": _problem("The address is not confirmed yet (or a cookie request without its XSRF token)"),
            }
            | LIMITED
            | WITH_BODY,
            _body({"login": TEXT, "password": TEXT, "bearer": BEARER}, ["login", "password"]),
        )
    },
    "/api/v1/login/second-factor": {
        "post": _operation(
            "Finish a login with a code from the authenticator app or a recovery code",
            {
                "200": {"description": "Signed in"} | SIGNED_IN,
                "401": _problem("A wrong code, or the login expired (five minutes) or was finished"),
            }
            | LIMITED
            | WITH_BODY,
            _body({"pending": TEXT, "code": TEXT, "bearer": BEARER}, ["pending", "code"]),
        )
    },
    "/api/v1/logout": {
        "post": _operation("End this session", {"204": {"description": "Signed out"}} | WITH_BODY),
    },
    "/api/v1/me": {
        "get": _operation(
            "Who is signed in",
            {"200": {"description": "The user"} | _json(_ref("Me"))} | SIGNED_OUT | ALWAYS,
        ),
        "delete": _operation(
            "Delete the account, confirmed by its current password (a wrong one: 422)",
            {"204": {"description": "Deleted"}} | SIGNED_OUT | LIMITED | WITH_BODY,
            _body({"current_password": TEXT}, ["current_password"]),
        ),
    },
    "/api/v1/me/profile": {
        "patch": _operation(
            "Change some fields of the profile; the others stay",
            {"200": {"description": "The user with the new profile"} | _json(_ref("Me"))} | SIGNED_OUT | WITH_BODY,
            {"required": True} | _json(PROFILE | {"additionalProperties": False}),
        )
    },
    "/api/v1/me/password": {
        "post": _operation(
            "Change the password, confirmed by the current one; every other session ends",
            {"204": {"description": "Changed"}} | SIGNED_OUT | LIMITED | WITH_BODY,
            _body({"current_password": TEXT, "password": TEXT}, ["current_password", "password"]),
        )
    },
    "/api/v1/me/sessions": {
        "get": _operation(
            "Every live session of the user, this one marked",
            {"200": {"description": "The sessions"} | _json(_ref("Sessions"))} | SIGNED_OUT | ALWAYS,
        )
    },
    "/api/v1/me/sessions/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "delete": _operation(
            "End another session of the user's, by its id from the list, or every other one with the id `others`",
            {"204": {"description": "Ended"}, "404": _problem("None of the user's other sessions has that id")}
            | SIGNED_OUT
            | WITH_BODY,
        ),
    },
    "/api/v1/password/reset": {
        "post": _operation(
            "Mail a link to choose a new password (the same answer whether or not anyone has the address)",
            {"202": {"description": "Asked"} | _json({"type": "object", "properties": {"detail": TEXT}})}
            | LIMITED
            | WITH_BODY,
            _body({"email": TEXT}, ["email"]),
        )
    },
    "/api/v1/password/reset/confirm": {
        "post": _operation(
            "Set a new password with the token of a mailed link; signs in and ends every other session",
            {"200": {"description": "Signed in"} | SIGNED_IN, "410": _problem("The link expired or was used")}
            | WITH_BODY,
            _body({"token": TEXT, "password": TEXT, "bearer": BEARER}, ["token", "password"]),
        )
    },
}

PROBLEM = {
    "type": "object",
    "properties": {
        "type": STRING,
        "title": STRING,
        "status": {"type": "integer"},
        "detail": STRING,
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": STRING, "detail": STRING}, "required": ["field"]},
        },
        "retry_after": {"type": "integer"},
    },
    "required": ["type", "title", "status", "detail"],
}
USER = {
    "type": "object",
    "properties": {
        "id": STRING,
        "username": STRING,
        "email": STRING,
        "email_verified": {"type": "boolean"},
        "created_at": STRING | {"format": "date-time"},
        "profile": _ref("Profile"),
    },
    "required": ["id", "username", "email", "email_verified", "created_at", "profile"],
}
SCHEMAS = {
    "Problem": PROBLEM,
    "Profile": PROFILE,
    "User": USER,
    "Me": {"type": "object", "properties": {"user": _ref("User")}, "required": ["user"]},
    "SignedIn": {
        "type": "object",
        "properties": {"user": _ref("User"), "token": STRING},
        "required": ["user"],
    },
    "Awaiting": {
        "type": "object",
        "properties": {"user": _ref("User"), "verification": {"const": "mailed"}},
        "required": ["user", "verification"],
    },
    "SecondFactor": {
        "type": "object",
        "properties": {"second_factor": {"const": "totp"}, "pending": STRING},
        "required": ["second_factor", "pending"],
    },
    "Captcha": {
        "type": "object",
        "properties": {"challenge_id": STRING, "media_type": STRING, "image": STRING | {"contentEncoding": "base64"}},
        "required": ["challenge_id", "media_type", "image"],
    },
    "Sessions": {
        "type": "object",
        "properties": {
            "sessions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": STRING,
                        "agent": STRING,
                        "address": STRING,
                        "created_at": STRING,
                        "last_seen": STRING,
                        "current": {"type": "boolean"},
                    },
                    "required": ["id", "agent", "address", "created_at", "last_seen", "current"],
                },
            }
        },
        "required": ["sessions"],
    },
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "meet",
            "version": VERSION,
            "description": "Registration and login. A browser sends the session cookie and its X-XSRFToken "
            "header; any other client asks for a token at login and sends it as Authorization: Bearer.",
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{}, {"bearer": []}, {"cookie": []}],
    }


class OpenApiDocument(ApiHandler):
    def get(self) -> None:
        self.reply(200, document())
