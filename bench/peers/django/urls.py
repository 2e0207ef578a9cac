"""The Django peer's paths: contrib.auth's LoginView at meet's /auth/login, and a home page."""

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.html import escape


def index(request: HttpRequest) -> HttpResponse:
    """Says whom the session belongs to."""
    who = request.user.get_username() if request.user.is_authenticated else "stranger"
    return HttpResponse(f"hello {escape(who)}")


urlpatterns = [
    path("", index, name="index"),
    path("auth/login", LoginView.as_view(), name="login"),
]
