import httpx
import pytest

from tests.web.client import ANSWER

PROBLEM = "application/problem+json"


class Client:
    """An API client: httpx against the test site, JSON in and out, as a bearer client or a browser."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url + "/api/v1", follow_redirects=False)
        self.token: str | None = None

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def call(self, method: str, path: str, body: dict | None = None, **kwargs) -> httpx.Response:
        headers = self.headers() | kwargs.pop("headers", {})
        return await self.http.request(method, path, json=body, headers=headers, **kwargs)

    async def register(self, username: str = "alice", email: str = "alice@example.com", **extra) -> httpx.Response:
        captcha = (await self.call("POST", "/captcha")).json()
        body = {"username": username, "email": email, "password": "correct horse", "captcha": ANSWER}
        body |= {"challenge_id": captcha["challenge_id"], "bearer": True} | extra
        answer = await self.call("POST", "/register", body)
        if answer.status_code == 201:
            self.token = answer.json()["token"]
        return answer

    async def login(self, login: str = "alice", password: str = "correct horse") -> httpx.Response:
        answer = await self.call("POST", "/login", {"login": login, "password": password, "bearer": True})
        if answer.status_code == 200:
            self.token = answer.json()["token"]
        return answer


@pytest.fixture
async def clients(site):
    made = []

    def make() -> Client:
        made.append(Client(site))
        return made[-1]

    yield make
    for client in made:
        await client.http.aclose()


@pytest.fixture
def client(clients) -> Client:
    return clients()


@pytest.fixture
async def alice(clients) -> Client:
    """A bearer client registered as alice (alice@example.com, "correct horse")."""
    client = clients()
    assert (await client.register()).status_code == 201
    return client


def assert_problem(answer: httpx.Response, status: int, slug: str, field: str | None = None) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"] == PROBLEM
    body = answer.json()
    assert body["status"] == status and body["type"] == f"urn:meet:problem:{slug}" and body["title"] and body["detail"]
    if field:
        assert field in [error["field"] for error in body["errors"]]
    return body
