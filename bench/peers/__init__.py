"""The peers: meet's login page and login in the stacks people would pick instead (bench/peers/README.md)."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Peer:
    """One peer: its app in bench/peers/<dir>, its own virtualenv in .venv/peers/<dir> (make bench-peers-envs)."""

    name: str
    label: str
    dir: str
    csrf_field: str
    variant: str = ""

    def python(self, root: Path) -> Path:
        return root / ".venv" / "peers" / self.dir / "bin" / "python"

    def command(self, root: Path, port: int, processes: int) -> list[str]:
        """The argv that serves this peer; run it with cwd root/bench/peers/<dir>."""
        variant = ["--variant", self.variant] if self.variant else []
        return [str(self.python(root)), "serve.py", "--port", str(port), "--processes", str(processes), *variant]


PEERS: tuple[Peer, ...] = (
    Peer("django-sync", "Django LoginView, gunicorn sync", "django", "csrfmiddlewaretoken", "sync"),
    Peer("django-gthread", "Django LoginView, gunicorn gthread, 4 threads", "django", "csrfmiddlewaretoken", "gthread"),
    Peer("flask", "Flask-Login + Flask-WTF, gunicorn sync", "flask", "csrf_token"),
    Peer("fastapi-loop", "FastAPI, bcrypt on the event loop, uvicorn", "fastapi", "csrf", "loop"),
    Peer("fastapi-pool", "FastAPI, bcrypt in the thread pool, uvicorn", "fastapi", "csrf", "pool"),
)
# The peer whose page rate meet's pages must reach (pages are the same for both FastAPI variants).
FASTAPI_PAGES = "fastapi-pool"
