"""The Flask peer: Flask-Login keeps the user in Flask's signed session cookie; a Flask-WTF form checks CSRF."""

import os

import bcrypt
from flask import Flask, redirect, render_template, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired


class User(UserMixin):
    """A user of PEER_USERS, kept in memory."""

    def __init__(self, name: str, hashed: bytes) -> None:
        self.id, self.hashed = name, hashed


class LoginForm(FlaskForm):
    username = StringField("Username", [DataRequired()], render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", [DataRequired()], render_kw={"autocomplete": "current-password"})


def create_app() -> Flask:
    """The app, with the users serve.py named in PEER_USERS and hashed into PEER_HASH."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench-peer-flask-" + "f" * 40
    hashed = os.environ["PEER_HASH"].encode()
    users = {name: User(name, hashed) for name in os.environ["PEER_USERS"].split(",") if name}
    login_manager = LoginManager(app)
    login_manager.login_view = "login"
    login_manager.user_loader(users.get)

    @app.get("/")
    def index() -> str:
        return f"hello {escape(current_user.id) if current_user.is_authenticated else 'stranger'}"

    @app.route("/auth/login", methods=["GET", "POST"])
    def login() -> object:
        form, failed = LoginForm(), False
        if form.validate_on_submit():
            user = users.get(form.username.data)
            # An unknown name costs a bcrypt check too, so that the time taken does not tell which names exist.
            if bcrypt.checkpw(form.password.data.encode(), user.hashed if user else hashed) and user:
                login_user(user)
                return redirect(url_for("index"))
            failed = True
        return render_template("login.html", form=form, failed=failed)

    return app
