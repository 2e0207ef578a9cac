"""The FastAPI peer: a Jinja2 page, Starlette's signed session cookie holding a CSRF token, pwdlib's bcrypt at 12."""

import os
import secrets
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pwdlib import PasswordHash
from pwdlib.hashers.bcrypt import BcryptHasher
from starlette.middleware.sessions import SessionMiddleware

Field = Annotated[str, Form()]


def create_app() -> FastAPI:
    """The app, with the users serve.py named in PEER_USERS and hashed into PEER_HASH; PEER_VARIANT: loop|pool."""
    in_pool = os.environ["PEER_VARIANT"] == "pool"
    password_hash = PasswordHash((BcryptHasher(rounds=12),))
    hashed = os.environ["PEER_HASH"]
    users = {name: hashed for name in os.environ["PEER_USERS"].split(",") if name}
    templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key="bench-peer-fastapi-" + "a" * 40)

    def page(request: Request, failed: bool = False) -> HTMLResponse:
        if "csrf" not in request.session:
            request.session["csrf"] = secrets.token_urlsafe(32)
        context = {"csrf": request.session["csrf"], "failed": failed, "user": request.session.get("user")}
        return templates.TemplateResponse(request, "login.html", context)

    @app.get("/")
    async def index(request: Request) -> PlainTextResponse:
        return PlainTextResponse(f"hello {request.session.get('user', 'stranger')}")

    @app.get("/auth/login")
    async def login_page(request: Request) -> HTMLResponse:
        return page(request)

    @app.post("/auth/login")
    async def login(request: Request, username: Field, password: Field, csrf: Field) -> Response:
        if not secrets.compare_digest(csrf.encode(), request.session.get("csrf", "").encode()):
            raise HTTPException(403, "The form's CSRF token is missing or wrong.")
        # pwdlib's bcrypt holds its thread for the whole hash: on the loop (as fastapi-users calls it) every other
        # request waits for it; in the thread pool only this one does. An unknown name costs a check too.
        stored = users.get(username, hashed)
        if in_pool:
            verified = await run_in_threadpool(password_hash.verify, password, stored)
        else:
            verified = password_hash.verify(password, stored)
        if verified and username in users:
            request.session["user"] = username
            return RedirectResponse("/", status_code=303)
        return page(request, failed=True)

    return app
